"""The minhash deduper inside real runs: worker counts, manifests, drop logs, later releases."""

import json

import pyarrow.parquet as pq
import pytest

from zhiling.manager import make_plugin_manager
from zhiling.run import run_recipe

ZH_A = "要更新本地的软件包列表，请以管理员身份运行 apt update 命令，它会从所有软件源下载索引文件。"
ZH_B = "要更新本地的软件包列表，请以管理员身份执行 apt update 命令，它会从全部软件源下载索引文件。"
ZH_C = "要查看磁盘的剩余空间，请运行 df -h 命令，它会列出每个已挂载文件系统的大小和用量。"
EN_A = (
    "To update the local package lists, run apt update as root so that it downloads "
    "the newest index files from every configured source."
)
EN_B = (
    "To update the local package lists, run apt update as root so that it fetches "
    "the newest index files from every configured source."
)
EN_C = "To see who is logged in, run the who command and read the list of users it prints."

RECIPE = """\
name: neardup
version: {version}
pretty_name: near-duplicate test
description: Near-duplicate paragraphs spread over files, so that workers see them apart.
license_policy:
  allow: [CC0-1.0]
sources:
  - read: text-files
    paths: [docs/zh/*.txt]
    lang: zh
    license: CC0-1.0
  - read: text-files
    paths: [docs/en/*.txt]
    lang: en
    license: CC0-1.0
steps:
  - extract: purpose-method
  - dedupe: minhash
{options}
splits:
  seed: 1
  train: 1.0
targets:
  - publish: local-dir
    path: releases
"""


def _project(root, *, version="0.1.0", options="", extra=None):
    for lang, texts in {"zh": [ZH_A, ZH_B, ZH_C], "en": [EN_A, EN_B, EN_C]}.items():
        folder = root / "docs" / lang
        folder.mkdir(parents=True, exist_ok=True)
        for index, text in enumerate([*texts, *(extra or {}).get(lang, [])]):
            (folder / f"{index}.txt").write_text(text + "\n", encoding="utf-8")
    recipe = root / "recipe.yaml"
    recipe.write_text(RECIPE.format(version=version, options=options), encoding="utf-8")
    return recipe


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    # local-dir publishes relative to the working directory
    monkeypatch.chdir(tmp_path)


def _minhash_step(manifest):
    return next(step for step in manifest["steps"] if "minhash" in step["step"])


def test_one_and_two_workers_keep_the_same_survivors(tmp_path, monkeypatch):
    results = []
    for workers in (1, 2):
        recipe = _project(tmp_path / f"w{workers}")
        monkeypatch.chdir(recipe.parent)
        pm = make_plugin_manager(installed=False)
        results.append(run_recipe(recipe, pm=pm, workers=workers, keep_dropped=True).manifest)
    one, two = results
    assert _minhash_step(one)["dropped"] == {"near_duplicate": 2}
    assert one["content_sha256"] == two["content_sha256"]
    report = one["step_reports"]["2 (dedupe 'minhash')"]
    assert report["cluster_sizes"] == {"2": 2}
    assert report == two["step_reports"]["2 (dedupe 'minhash')"]


def test_drop_log_names_cluster_and_survivor(tmp_path):
    recipe = _project(tmp_path)
    run_recipe(recipe, pm=make_plugin_manager(installed=False), keep_dropped=True)
    log = tmp_path / "releases" / "neardup" / "0.1.0" / "dropped" / "dropped.jsonl"
    entries = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert {e["reason"] for e in entries} == {"near_duplicate"}
    release = tmp_path / "releases" / "neardup" / "0.1.0" / "all"
    released = set(pq.read_table(release, columns=["id"]).column("id").to_pylist())
    assert len(entries) == 2
    for entry in entries:
        dedup = entry["record"]["meta"]["dedup"]
        assert dedup["cluster_size"] == 2
        assert dedup["survivor"] in released
        assert entry["record"]["id"] not in released


@pytest.mark.parametrize("against", ["index/neardup.npz", "releases/neardup/0.1.0"])
def test_a_later_release_drops_what_the_previous_one_holds(tmp_path, against):
    first = _project(tmp_path, options="    save_index: index/neardup.npz")
    run_recipe(first, pm=make_plugin_manager(installed=False))
    assert (tmp_path / "index" / "neardup.npz").is_file()
    extra = {"zh": ["要查看内核版本，请运行 uname -r 命令。"]}
    second = _project(tmp_path, version="0.2.0", options=f"    against: [{against}]", extra=extra)
    manifest = run_recipe(second, pm=make_plugin_manager(installed=False)).manifest
    assert _minhash_step(manifest)["dropped"] == {"in_previous_release": 6}
    assert manifest["configs"]["all"] == {"train": 1}
