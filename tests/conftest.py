"""Shared fixtures: repository paths, the quickstart release built once, plugin installs, a Hub."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

from zhiling.manager import DISABLE_VARIABLE, make_plugin_manager
from zhiling.run import RunResult, run_recipe

REPO = Path(__file__).resolve().parent.parent
QUICKSTART = REPO / "recipes" / "quickstart.yaml"
REPO_ROOT = REPO
FIXTURES = Path(__file__).parent / "fixtures"
#: A dummy token, distinctive enough to search every written file for.
HUB_TOKEN = "hf_zhilingDummyToken4Tests0123456789"
RESOLVE_TEMPLATE = "/{repo_id}/resolve/{revision}/{filename}"
DATASETS_TEMPLATE = "/datasets/{repo_id}/resolve/{revision}/{path}"


@contextmanager
def working_directory(path: Path) -> Iterator[None]:
    """Run the body in ``path``: the local-dir target writes relative to it."""
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def build(recipe: Path, where: Path, **options: object) -> RunResult:
    """Run ``recipe`` with only the built-in plugins, releasing under ``where``."""
    with working_directory(where):
        return run_recipe(recipe, pm=make_plugin_manager(installed=False), **options)  # type: ignore[arg-type]


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the work folders of CLI runs (``zhiling run`` works in the cache) out of ``~``."""
    from zhiling.workdir import CACHE_VARIABLE

    folder = tmp_path_factory.mktemp("zhiling-cache")
    before = os.environ.get(CACHE_VARIABLE)
    os.environ[CACHE_VARIABLE] = str(folder)
    yield folder
    if before is None:
        del os.environ[CACHE_VARIABLE]
    else:
        os.environ[CACHE_VARIABLE] = before


@pytest.fixture(scope="session")
def hold_plugin(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Return the environment of a subprocess that has ``zhiling-hold`` installed.

    Its ``hold`` filter waits, for matching documents, while the file named by
    ``$ZHILING_TEST_HOLD`` exists: a test can kill a real run while it is busy.
    """
    return _install(FIXTURES / "hold_plugin", tmp_path_factory.mktemp("site") / "hold")


@pytest.fixture(scope="session")
def quickstart(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunResult]:
    """Return the folder of the quickstart release and the result of building it."""
    where = tmp_path_factory.mktemp("quickstart")
    result = build(quickstart_in(where), where, workers=1)
    return where / "releases" / "quickstart" / result.manifest["version"], result


def _install(package: Path, target: Path, *, editable: bool = False) -> dict[str, str]:
    """Build and install ``package`` into the folder ``target``; return an environment seeing it.

    ``pip install --target`` into a private folder, put on ``PYTHONPATH`` only
    for subprocesses, keeps the test process and every other test blind to
    the plugin, so nothing needs uninstalling. Without build isolation and
    dependencies it takes about a second, offline. The package is copied
    first because setuptools writes ``build/`` and ``*.egg-info`` beside it.
    """
    source = target.with_name(f"{target.name}-src")
    shutil.copytree(package, source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    command = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation"]
    command += ["--no-index", "--quiet", "--target", str(target), str(source)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    hint = "building a plugin without isolation needs setuptools>=70.1 (the dev extra has it)"
    assert done.returncode == 0, f"pip could not install {package.name} ({hint}):\n{done.stderr}"
    env = {key: value for key, value in os.environ.items() if key != DISABLE_VARIABLE}
    # Editable: the package's own folder comes first, so its modules are imported from there
    # (edits take effect) while its entry points come from the installed metadata.
    paths = [str(package)] if editable else []
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [*paths, str(target), env.get("PYTHONPATH")]))
    return env


@pytest.fixture(scope="session")
def pip_install() -> Callable[..., dict[str, str]]:
    """Return ``install(package, target, editable=False) -> env``, for entry-point tests."""
    return _install


def zhiling(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the ``zhiling`` CLI in a subprocess that sees what ``env`` installs."""
    command = [sys.executable, "-m", "zhiling.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, check=False)


@pytest.fixture(scope="session")
def run_zhiling() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Return ``run(*args, env=..., cwd=...)``, the CLI in a subprocess."""
    return zhiling


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
def quickstart_release(quickstart: tuple[Path, RunResult]) -> Path:
    """Return the quickstart release folder; copy it before changing it."""
    return quickstart[0]


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


def quickstart_in(project: Path) -> Path:
    """Copy the quickstart recipe and its data into ``project``, laid out as in the repository.

    The recipe's relative paths (its inputs, its ``../releases``) then point
    into ``project``: builds land in ``project/releases`` and are identical
    to builds from the repository itself.
    """
    data = REPO_ROOT / "tests" / "data" / "quickstart"
    shutil.copytree(data, project / "tests/data/quickstart", dirs_exist_ok=True)
    (project / "recipes").mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(QUICKSTART, project / "recipes" / "quickstart.yaml"))


@pytest.fixture
def quickstart_project(tmp_path: Path) -> Path:
    """Return a copy of the quickstart recipe beside a copy of its data, free to edit."""
    return quickstart_in(tmp_path / "project")


HELD_RECIPE = """\
name: held
version: 1.0.0
sources:
  - read: text-files
    paths: [docs/*.txt]
    lang: en
    license: CC0-1.0
steps:
  - segment: regex-words
  - filter: hold
    match: slow
  - extract: purpose-method
targets:
  - publish: local-dir
    path: releases
"""
HELD_DOCUMENTS = {
    "a.txt": "To open a file, choose Open in the File menu and select the file.\n",
    "b-slow.txt": "To save a file, choose Save in the File menu and type its name.\n",
}


class HeldRun:
    """A real ``zhiling run --workers 2`` whose second shard waits until ``release()``.

    The first shard (``a.txt``) finishes; the second (``b-slow.txt``) is held
    by the ``hold`` filter while the hold file exists, so a test knows the run
    is mid-way when it kills or interrupts it.
    """

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.project = root / "project"
        (self.project / "docs").mkdir(parents=True)
        for name, text in HELD_DOCUMENTS.items():
            (self.project / "docs" / name).write_text(text, encoding="utf-8")
        (self.project / "recipe.yaml").write_text(HELD_RECIPE, encoding="utf-8")
        self.cache = root / "cache"
        self.hold = root / "hold"
        self.env = {**env, "ZHILING_CACHE_DIR": str(self.cache)}
        self.env["ZHILING_TEST_HOLD"] = str(self.hold)

    def start(self, *args: str) -> subprocess.Popen[str]:
        """Start the run in its own session and return once its first shard finished."""
        self.hold.touch()
        command = [sys.executable, "-m", "zhiling.cli", "run", "recipe.yaml", "--workers", "2"]
        process = subprocess.Popen(
            [*command, *args],
            cwd=self.project,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while not list(self.cache.glob("runs/*/stats-00000")):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the first shard did not finish in 60 s"
            time.sleep(0.05)
        assert not list(self.cache.glob("runs/*/stats-00001")), "the held shard finished"
        return process

    def release(self) -> None:
        """Let held records pass from now on."""
        self.hold.unlink(missing_ok=True)

    def run(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``zhiling`` to the end (nothing is held once released)."""
        return zhiling(*args, env=self.env, cwd=cwd or self.project)


@pytest.fixture
def held_run(tmp_path: Path, hold_plugin: dict[str, str]) -> Iterator[HeldRun]:
    """Return a project whose run can be stopped mid-way; nothing stays held afterwards."""
    held = HeldRun(tmp_path, hold_plugin)
    yield held
    held.release()
