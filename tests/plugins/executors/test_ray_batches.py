"""A batch filter on Ray gives the local release: batches do not cross shards or reorder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhiling.manager import make_plugin_manager
from zhiling.run import run_recipe

HERE = Path(__file__).resolve().parent
ITEMS = HERE.parent.parent / "data" / "decontaminate" / "items.jsonl"

RECIPE = """\
name: batches
version: 0.1.0
sources:
  - read: jsonl
    paths: [docs.jsonl]
    license: CC0-1.0
steps:
  - segment: regex-words
  - filter: decontaminate
    fields: [text]
    batch_size: 16
    cache_dir: {cache}
    benchmarks:
      - name: school
        path: {items}
        fields: [question]
  - extract: purpose-method
targets:
  - publish: local-dir
    path: releases
{executor}"""


def write(folder: Path, executor: str) -> Path:
    questions = [json.loads(line)["question"] for line in ITEMS.read_text("utf-8").splitlines()]
    lines = []
    for n in range(400):
        text = f"To remove the logs of group {n}, run journalctl --vacuum-files={n}."
        if n % 50 == 7:
            text += " " + questions[6 + n % 6]
        lines.append(json.dumps({"id": f"doc-{n:04d}", "text": text, "lang": "en"}))
    folder.mkdir()
    (folder / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    recipe = folder / "recipe.yaml"
    cache = folder.parent / "cache"
    recipe.write_text(RECIPE.format(cache=cache, items=ITEMS, executor=executor), "utf-8")
    return recipe


@pytest.mark.ray
def test_a_batch_filter_on_ray_releases_what_it_releases_locally(
    ray_runtime, tmp_path, monkeypatch
):
    results = {}
    for name, executor in (("local", ""), ("ray", "executor:\n  use: ray\n  shards: 3\n")):
        recipe = write(tmp_path / name, executor)
        monkeypatch.chdir(tmp_path / name)
        options = {"workers": 2} if name == "local" else {}
        results[name] = run_recipe(recipe, pm=make_plugin_manager(installed=False), **options)
    local, on_ray = results["local"], results["ray"]
    assert on_ray.manifest["steps"] == local.manifest["steps"]
    assert on_ray.manifest["content_sha256"] == local.manifest["content_sha256"]
    assert sum(local.manifest["steps"][2]["dropped"].values()) == 8
