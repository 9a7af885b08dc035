"""Shared fixtures: the repository's paths and a quickstart release built once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from zhiling.manager import make_plugin_manager
from zhiling.run import RunResult, run_recipe

REPO = Path(__file__).resolve().parent.parent
QUICKSTART = REPO / "recipes" / "quickstart.yaml"


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
