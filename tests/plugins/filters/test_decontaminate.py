"""The decontaminate filter finds planted benchmark items, verbatim, changed and full-width."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import working_directory
from zhiling import RecipeError, ReleaseError
from zhiling.manager import make_plugin_manager
from zhiling.plugins.filters.decontaminate import Decontaminate
from zhiling.run import run_recipe
from zhiling.testing import run_step

ITEMS = Path(__file__).resolve().parents[2] / "data" / "decontaminate" / "items.jsonl"
FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
HOST_EN = "Run apt update first, then install the package with apt install."
HOST_ZH = "先运行 apt update 更新软件包列表，再用 apt install 安装软件包。"


def items() -> dict[str, str]:
    rows = [json.loads(line) for line in ITEMS.read_text("utf-8").splitlines()]
    return {row["id"]: row["question"] for row in rows}


def step(tmp_path: Path, path: Path = ITEMS, **options: Any) -> Decontaminate:
    benchmark = {"name": "school", "path": str(path), "fields": ["question", "answer"]}
    return Decontaminate(
        benchmarks=[benchmark],
        cache_dir=str(tmp_path / "cache"),
        **options,
    )


def record(rid: str, instruction: str, output: str = HOST_EN) -> dict[str, str]:
    return {"id": rid, "instruction": instruction, "output": output}


def test_planted_items_are_dropped_naming_benchmark_and_item(tmp_path):
    found = items()
    zh, en = found["zh-005"], found["en-003"]
    records = [
        record("clean-en", "How do I install a package?", HOST_EN),
        record("clean-zh", "如何安装软件包？", HOST_ZH),
        record("verbatim-en", "Solve this.", f"{HOST_EN} {en}"),
        record("verbatim-zh", f"请回答：{zh}", HOST_ZH),
        # One word changed leaves 13 unchanged words (or Han characters) on one side.
        record("changed-en", en.replace("eleven", "twelve"), HOST_EN),
        record("changed-zh", zh.replace("每隔两米", "每隔三米"), HOST_ZH),
        record("wide-en", "".join(FULL_WIDTH.get(c, c) for c in en.upper()), HOST_EN),
        record("wide-zh", "".join(FULL_WIDTH.get(c, c) for c in zh), HOST_ZH),
    ]
    result = run_step(step(tmp_path), records)
    assert [r["id"] for r in result.records] == ["clean-en", "clean-zh"]
    reasons = {r["id"]: reason for r, reason in result.dropped}
    assert reasons == {
        "verbatim-en": "contaminated:school:en-003",
        "verbatim-zh": "contaminated:school:zh-005",
        "changed-en": "contaminated:school:en-003",
        "changed-zh": "contaminated:school:zh-005",
        "wide-en": "contaminated:school:en-003",
        "wide-zh": "contaminated:school:zh-005",
    }


def test_a_change_leaving_under_13_words_either_side_is_not_found(tmp_path):
    # "sixty" is word 12 of 24: 11 words before it, 12 after.
    changed = items()["en-003"].replace("sixty", "seventy")
    assert run_step(step(tmp_path), [record("changed", changed)]).dropped == []


def test_shorter_overlaps_than_n_are_kept(tmp_path):
    # 12 words of an item, and 12 of its Han characters: below both n.
    en = " ".join(items()["en-001"].split()[:12])
    zh = items()["zh-001"][:12]
    result = run_step(step(tmp_path), [record("en", en), record("zh", zh, HOST_ZH)])
    assert [r["id"] for r in result.records] == ["en", "zh"]


def test_parquet_and_saved_dataset_folders_give_the_same_hits(tmp_path):
    rows = [json.loads(line) for line in ITEMS.read_text("utf-8").splitlines()]
    parquet = tmp_path / "items.parquet"
    pq.write_table(pa.Table.from_pylist(rows), parquet)
    import datasets

    folder = tmp_path / "saved"
    datasets.DatasetDict({"test": datasets.Dataset.from_list(rows)}).save_to_disk(str(folder))
    planted = [record("p", items()["en-006"]), record("q", "How do I list files?")]
    for path in (ITEMS, parquet, folder):
        result = run_step(step(tmp_path, path), planted)
        assert [reason for _, reason in result.dropped] == ["contaminated:school:en-006"]
        assert [r["id"] for r in result.records] == ["q"]


def test_the_index_is_cached_by_the_files_checksum(tmp_path):
    copy = tmp_path / "items.jsonl"
    copy.write_text(ITEMS.read_text("utf-8"), encoding="utf-8")
    first = step(tmp_path, copy)
    assert len(list((tmp_path / "cache").glob("*.npz"))) == 1
    assert first.describe() == {
        "benchmarks": ["school"],
        "items": 12,
        "ngrams": len(first.index),
        "words": 13,
        "chars": 13,
    }
    copy.write_text('{"id": "x", "question": "another", "answer": "one"}\n', encoding="utf-8")
    changed = step(tmp_path, copy)
    assert len(list((tmp_path / "cache").glob("*.npz"))) == 2
    assert changed.describe()["items"] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, r"benchmark 'school': .*missing\.jsonl does not exist"),
        (
            '{"id": "a", "question": "q", "answer": "a"}\n{"id": "b",\n',
            r"items\.jsonl:2: not valid JSON",
        ),
        ('{"id": "a", "question": "q"}\n', r"items\.jsonl:1: item has no field 'answer'"),
        ('{"question": "q", "answer": "a"}\n', r"items\.jsonl:1: item has no field 'id'"),
        ("[1, 2]\n", r"items\.jsonl:1: expected a JSON object per line"),
    ],
)
def test_bad_benchmark_files_are_one_clear_error(tmp_path, content, message):
    path = tmp_path / ("missing.jsonl" if content is None else "items.jsonl")
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(RecipeError, match=message):
        step(tmp_path, path)


def test_bad_options_are_recipe_errors(tmp_path):
    with pytest.raises(RecipeError, match="'benchmarks' must list"):
        Decontaminate(benchmarks=[])
    with pytest.raises(RecipeError, match="needs 'name', 'path' and 'fields'"):
        Decontaminate(benchmarks=[{"name": "x", "path": "y"}])
    with pytest.raises(RecipeError, match="chars must be a whole number"):
        step(tmp_path, chars=0)


RECIPE = """\
name: decon
version: 0.1.0
sources:
  - read: jsonl
    paths: [docs.jsonl]
    license: CC0-1.0
steps:
  - segment: regex-words
  - segment: jieba
  - filter: decontaminate
    fields: [text]
    batch_size: 7
    benchmarks:
      - name: school
        path: items.jsonl
        fields: [question]
  - extract: purpose-method
{gates}targets:
  - publish: local-dir
    path: releases
"""


def write_run(folder: Path, gates: str = "") -> Path:
    """Write 60 documents, two of them carrying a benchmark item, and a recipe over them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "items.jsonl").write_text(ITEMS.read_text("utf-8"), encoding="utf-8")
    found = items()
    lines = []
    for n in range(60):
        text = f"To remove the logs of group {n}, run journalctl --vacuum-files={n}."
        if n == 17:
            text = f"To answer this question, {found['en-004']}"
        if n == 41:
            text = f"要回答问题，{found['zh-002']}"
        lang = "zh" if n == 41 else "en"
        row = {"id": f"doc-{n:03d}", "text": text, "lang": lang}
        lines.append(json.dumps(row, ensure_ascii=False))
    (folder / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    recipe = folder / "recipe.yaml"
    recipe.write_text(RECIPE.format(gates=gates), encoding="utf-8")
    return recipe


def built(folder: Path, **options: Any) -> Any:
    with working_directory(folder):
        return run_recipe(
            folder / "recipe.yaml", pm=make_plugin_manager(installed=False), **options
        )


def test_a_run_drops_the_items_reports_them_per_benchmark_and_workers_agree(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    write_run(tmp_path / "one")
    one = built(tmp_path / "one", workers=1)
    step3 = one.manifest["steps"][3]
    assert step3["dropped"] == {"contaminated:school:en-004": 1, "contaminated:school:zh-002": 1}
    release = tmp_path / "one" / Path(one.destinations[0].split(" ")[0])
    report = json.loads((release / "report.json").read_text("utf-8"))
    assert report["distributions"]["contamination"] == {"total": 2, "by_benchmark": {"school": 2}}
    assert "Records removed because they contain benchmark items: 2." in (
        release / "README.md"
    ).read_text("utf-8")
    write_run(tmp_path / "two")
    two = built(tmp_path / "two", workers=2)
    assert two.manifest["steps"] == one.manifest["steps"]
    assert two.manifest["content_sha256"] == one.manifest["content_sha256"]


def test_a_gate_can_require_that_no_benchmark_item_was_found(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    write_run(tmp_path, gates="gates:\n  distributions.contamination.total: 0\n")
    with pytest.raises(ReleaseError, match=r"contamination\.total = 2, which must be at most 0"):
        built(tmp_path, workers=1)
    assert not (tmp_path / "releases").exists()
