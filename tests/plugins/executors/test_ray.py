"""The Ray executor builds the same release as the local one, and fails or retries cleanly."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import quickstart_in
from zhiling import RecipeError, StepError
from zhiling.manager import make_plugin_manager
from zhiling.plugins.executors.ray import RayExecutor, register_executors
from zhiling.run import RunResult, run_recipe

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent.parent
QUICKSTART = REPO / "recipes" / "quickstart.yaml"

CORPUS_RECIPE = """\
name: corpus
version: 0.1.0
license_policy:
  allow: [CC0-1.0]
sources:
  - read: jsonl
    paths: [corpus.jsonl]
steps:
  - segment: jieba
  - segment: regex-words
{extra}  - extract: purpose-method
  - dedupe: {dedupe}
targets:
  - publish: local-dir
    path: releases
"""


def load_module(name: str, path: Path) -> ModuleType:
    """Import the file at ``path`` as module ``name`` (this test folder is not a package)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_recipe(
    folder: Path, documents: int, *, extra: str = "", executor: str = "", dedupe: str = "exact"
) -> Path:
    """Write a generated corpus and a recipe over it into ``folder``; return the recipe."""
    load_module("corpus", HERE / "corpus.py").write_corpus(folder / "corpus.jsonl", documents)
    recipe = folder / "recipe.yaml"
    recipe.write_text(CORPUS_RECIPE.format(extra=extra, dedupe=dedupe) + executor, encoding="utf-8")
    return recipe


def faulty_manager() -> Any:
    """Return the built-ins plus the test-only faulty filter, for the driver process."""
    pm = make_plugin_manager(installed=False)
    pm.register(load_module("zhiling_faulty", HERE / "faulty_plugin.py"), name="zhiling_faulty")
    return pm


def build(recipe: Path, where: Path, monkeypatch: Any, pm: Any = None, **options: Any) -> RunResult:
    """Run ``recipe`` from ``where``; a recipe in ``where`` releases into ``where/releases``."""
    where.mkdir(exist_ok=True)
    monkeypatch.chdir(where)
    return run_recipe(recipe, pm=pm or make_plugin_manager(installed=False), **options)


def files(result: RunResult, suffix: str = "") -> dict[str, bytes]:
    """Return every file of a local release whose name ends with ``suffix``, by relative path."""
    folder = Path(result.destinations[0].split(" ")[0])
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob(f"*{suffix}"))
        if path.is_file()
    }


@pytest.mark.ray
def test_quickstart_on_ray_is_the_local_release_byte_for_byte(ray_runtime, tmp_path, monkeypatch):
    local = build(quickstart_in(tmp_path / "local"), tmp_path / "local", monkeypatch, workers=1)
    on_ray = build(quickstart_in(tmp_path / "ray"), tmp_path / "ray", monkeypatch, executor="ray")
    assert on_ray.manifest == local.manifest
    assert files(on_ray) == files(local)
    assert len(files(local, ".parquet")) >= 3


@pytest.mark.ray
def test_minhash_dedup_of_a_corpus_on_ray_gives_the_local_release(
    ray_runtime, tmp_path, monkeypatch, caplog
):
    shared = tmp_path / "shared"
    shared.mkdir()
    executor = f"executor:\n  use: ray\n  shards: 3\n  scratch: {shared}\n"
    recipe = corpus_recipe(tmp_path, 10_000, executor=executor, dedupe="minhash")
    with caplog.at_level(logging.INFO, logger="zhiling.plugins.executors.ray"):
        on_ray = build(recipe, tmp_path / "ray", monkeypatch)
    assert "step 4 runs its parallel stages on the cluster" in caplog.text
    local = build(recipe, tmp_path / "local", monkeypatch, executor="local", workers=1)
    assert on_ray.manifest["content_sha256"] == local.manifest["content_sha256"]
    assert on_ray.manifest["steps"] == local.manifest["steps"]
    assert files(on_ray, ".parquet") == files(local, ".parquet")
    dedupe = next(step for step in local.manifest["steps"] if "dedupe" in step["step"])
    assert dedupe["dropped"]["near_duplicate"] > 500
    assert list(shared.iterdir()) == []


@pytest.mark.ray
def test_a_step_raising_on_a_record_fails_the_run_naming_it(ray_runtime, tmp_path, monkeypatch):
    recipe = corpus_recipe(tmp_path, 300, extra="  - filter: faulty\n    raise_on: doc-000123\n")
    with pytest.raises(StepError, match=r"'faulty'.*'doc-000123'.*chosen to fail"):
        build(recipe, tmp_path / "out", monkeypatch, pm=faulty_manager(), executor="ray")
    assert not (tmp_path / "out" / "releases").exists()


@pytest.mark.ray
def test_a_killed_worker_is_retried_and_the_release_is_unchanged(
    ray_runtime, tmp_path, monkeypatch
):
    marker, shared = tmp_path / "crashed", tmp_path / "shared"
    shared.mkdir()
    extra = f"  - filter: faulty\n    crash_on: doc-000150\n    marker: {marker}\n"
    executor = f"executor:\n  use: ray\n  retries: 2\n  scratch: {shared}\n"
    recipe = corpus_recipe(tmp_path, 300, extra=extra, executor=executor)
    on_ray = build(recipe, tmp_path / "ray", monkeypatch, pm=faulty_manager())
    assert marker.exists(), "the worker was never killed"
    assert list(shared.iterdir()) == []
    local = build(
        recipe, tmp_path / "local", monkeypatch, faulty_manager(), executor="local", workers=1
    )
    assert on_ray.manifest == local.manifest
    assert files(on_ray) == files(local)


def test_options_are_checked_before_ray_is_started():
    with pytest.raises(RecipeError, match="shards"):
        RayExecutor(shards=0)
    with pytest.raises(RecipeError, match="retries"):
        RayExecutor(retries=-1)
    with pytest.raises(RecipeError, match="dedup_partitions"):
        RayExecutor(dedup_partitions=0)
    assert not RayExecutor().workers_share_scratch
    assert RayExecutor(scratch="/shared").workers_share_scratch


def test_registers_its_recipe_name():
    registered = {}
    register_executors(register=registered.__setitem__)
    assert registered == {"ray": RayExecutor}
