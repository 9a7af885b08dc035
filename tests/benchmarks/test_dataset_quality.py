"""The release quality figures: question frames, duplicates, leakage and placeholders."""

import importlib.util
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).parents[2]
SPEC = importlib.util.spec_from_file_location("quality", ROOT / "benchmarks" / "dataset_quality.py")
quality = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(quality)


def test_lookups_of_different_controls_share_one_frame():
    # Questions of the debian-instruct 1.0.0 release.
    assert quality.frame("What does “Open” do in LibreOffice's “Open”?", "en") == (
        "what does … do in …'s …?"
    )
    assert quality.frame("What does “Sort” do in LibreOffice Calc's “Data”?", "en") == (
        "what does … do in …'s …?"
    )
    assert quality.frame("What does the `--interval` option of `watch` do?", "en") == (
        "what does the … option of … do?"
    )
    assert quality.frame("How do I hide the selected sheets in LibreOffice Calc?", "en") == (
        "how do i … the … in …?"
    )


def test_chinese_frames_keep_question_words_and_slot_the_content():
    assert quality.frame("在 LibreOffice Calc 的「数据」中，「排序」有什么作用？", "zh") == (
        quality.frame("在 LibreOffice Writer 的「插入」中，「表格」有什么作用？", "zh")
    )
    assert quality.frame("如何隐藏选定的工作表？", "zh") == "如何…？"
    assert quality.opening("在 LibreOffice 中如何隐藏选定的工作表？", "zh") == "在 Li"
    assert quality.opening("How do I open Database?", "en") == "how do i"


def _write(folder: Path, config: str, split: str, rows: list[dict]) -> None:
    (folder / config).mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(
        [{**row, "lang": config, "source": {"doc_id": "d", "uri": "u", "spans": [[0, 1]]}}
         for row in rows]
    )  # fmt: skip
    pq.write_table(table, folder / config / f"{split}-mpl-2.0-00000-of-00001.parquet")


def test_near_duplicates_across_splits_count_as_leakage(tmp_path):
    answer = "Use `--no-pager`: Do not pipe output into a pager, write it to standard output."
    _write(tmp_path, "en", "train", [
        {"id": "a", "instruction": "How do I stop journalctl paging?", "output": answer},
        {"id": "b", "instruction": "How do I open Database?", "output": "Choose File - Open."},
        {"id": "c", "instruction": "How do I open Database?", "output": "Press Ctrl+O <EMAIL_1>."},
    ])  # fmt: skip
    _write(tmp_path, "en", "test", [
        {"id": "d", "instruction": "How do I stop journalctl paging?", "output": answer + " "},
        {"id": "e", "instruction": "Which key repeats the search?", "output": "Press n."},
    ])  # fmt: skip
    rows = quality.read_release(tmp_path)
    figures = quality.measure(rows)
    assert figures["records"] == 5
    assert figures["near_duplicate_clusters"] == 1
    assert figures["near_duplicate_removable"] == 1
    assert (figures["leaked"], figures["held_out"]) == (1, 2)
    # the trailing space makes the test answer another output of the same question
    assert figures["ambiguous_instructions"] == 2
    assert figures["ambiguous_records"] == 4
    assert figures["pii_placeholders"] == 1
    assert figures["under_20"] == 0.4
    assert quality.main([str(tmp_path)]) == 0
