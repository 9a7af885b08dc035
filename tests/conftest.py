"""Shared fixtures: repository paths, a quickstart release built once, plugin installs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from zhiling.manager import DISABLE_VARIABLE, make_plugin_manager
from zhiling.run import RunResult, run_recipe

REPO = Path(__file__).resolve().parent.parent
QUICKSTART = REPO / "recipes" / "quickstart.yaml"
FIXTURES = Path(__file__).parent / "fixtures"


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


@pytest.fixture(scope="session")
def quickstart(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunResult]:
    """Return the folder of the quickstart release and the result of building it."""
    where = tmp_path_factory.mktemp("quickstart")
    result = build(QUICKSTART, where, workers=1)
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
