"""Shared fixtures: the quickstart release, built once, and a Hub stand-in on 127.0.0.1."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
QUICKSTART = REPO_ROOT / "recipes" / "quickstart.yaml"
#: A dummy token, distinctive enough to search every written file for.
HUB_TOKEN = "hf_zhilingDummyToken4Tests0123456789"
RESOLVE_TEMPLATE = "/{repo_id}/resolve/{revision}/{filename}"
DATASETS_TEMPLATE = "/datasets/{repo_id}/resolve/{revision}/{path}"


def _load_hub_server() -> ModuleType:
    # Test helpers are not importable by name under --import-mode=importlib.
    spec = importlib.util.spec_from_file_location(
        "zhiling_tests_hub_server", Path(__file__).with_name("hub_server.py")
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


hub_server = _load_hub_server()


@pytest.fixture(scope="session")
def quickstart_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the quickstart release, built once per session; copy it before changing it."""
    from zhiling.manager import make_plugin_manager
    from zhiling.run import run_recipe

    workdir = tmp_path_factory.mktemp("quickstart")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(workdir)
        result = run_recipe(QUICKSTART, pm=make_plugin_manager(installed=False), workers=1)
    return workdir / result.destinations[0]


@pytest.fixture
def release_copy(quickstart_release: Path, tmp_path: Path) -> Path:
    """Return a private copy of the quickstart release that a test may change."""
    return Path(shutil.copytree(quickstart_release, tmp_path / "release"))


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Start the Hub stand-in and point the real clients at it, with an isolated HF home.

    huggingface_hub and datasets read these variables when first imported, so
    the module constants they were copied into are patched as well.
    """
    import datasets.config
    import huggingface_hub.constants as constants

    home = tmp_path / "hf-home"
    downloads = home / "datasets" / "downloads"
    with hub_server.FakeHub(HUB_TOKEN) as server:
        settings = {
            "HF_ENDPOINT": server.url,
            "HF_HOME": str(home),
            "HF_TOKEN": HUB_TOKEN,
            "HF_HUB_DISABLE_XET": "1",
            "HF_HUB_DISABLE_TELEMETRY": "1",
            "HF_DATASETS_CACHE": str(home / "datasets"),
        }
        for name, value in settings.items():
            monkeypatch.setenv(name, value)
        for module, name, value in (
            (constants, "ENDPOINT", server.url),
            (constants, "HUGGINGFACE_CO_URL_TEMPLATE", server.url + RESOLVE_TEMPLATE),
            (constants, "HF_HUB_DISABLE_XET", True),
            (constants, "HF_HOME", str(home)),
            (constants, "HF_HUB_CACHE", str(home / "hub")),
            (constants, "HF_XET_CACHE", str(home / "xet")),
            (constants, "HF_ASSETS_CACHE", str(home / "assets")),
            (constants, "HF_TOKEN_PATH", str(home / "token")),
            (constants, "HF_STORED_TOKENS_PATH", str(home / "stored_tokens")),
            (datasets.config, "HF_ENDPOINT", server.url),
            (datasets.config, "HUB_DATASETS_URL", server.url + DATASETS_TEMPLATE),
            (datasets.config, "HF_CACHE_HOME", str(home)),
            (datasets.config, "HF_DATASETS_CACHE", home / "datasets"),
            (datasets.config, "HF_MODULES_CACHE", home / "modules"),
            (datasets.config, "DOWNLOADED_DATASETS_PATH", downloads),
            (datasets.config, "EXTRACTED_DATASETS_PATH", downloads / "extracted"),
        ):
            monkeypatch.setattr(module, name, value)
        yield server


@pytest.fixture
def quickstart_project(tmp_path: Path) -> Path:
    """Return a copy of the quickstart recipe beside a copy of its data, free to edit."""
    project = tmp_path / "project"
    shutil.copytree(REPO_ROOT / "tests" / "data" / "quickstart", project / "tests/data/quickstart")
    (project / "recipes").mkdir()
    return Path(shutil.copy(QUICKSTART, project / "recipes" / "quickstart.yaml"))
