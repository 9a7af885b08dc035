"""``zhiling decontaminate``: any JSONL/Parquet/release, kept records written atomically."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from zhiling.cli import main

ITEMS = Path(__file__).resolve().parents[1] / "data" / "decontaminate" / "items.jsonl"


def questions() -> dict[str, str]:
    rows = [json.loads(line) for line in ITEMS.read_text("utf-8").splitlines()]
    return {row["id"]: row["question"] for row in rows}


def records() -> list[dict[str, str]]:
    found = questions()
    return [
        {"id": "a", "instruction": "How do I list files?", "output": "Run ls."},
        {"id": "b", "instruction": "Answer this.", "output": found["en-002"]},
        {"id": "c", "instruction": "如何查看磁盘空间？", "output": "运行 df -h 命令。"},
        {"id": "d", "instruction": found["zh-004"], "output": "一百度"},
    ]


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_jsonl_and_parquet_inputs_keep_the_clean_records(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records()), "utf-8")
    parquet = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist(records()), parquet)
    for source in (jsonl, parquet):
        out = tmp_path / f"{source.suffix[1:]}-kept.jsonl"
        assert main(["decontaminate", str(source), "--against", str(ITEMS), "-o", str(out)]) == 0
        assert [r["id"] for r in lines(out)] == ["a", "c"]
        removed = lines(tmp_path / f"{source.suffix[1:]}-kept.removed.jsonl")
        assert [(r["record"]["id"], r["reason"]) for r in removed] == [
            ("b", "contaminated:items:en-002"),
            ("d", "contaminated:items:zh-004"),
        ]
        printed = capsys.readouterr().out
        assert "kept 2 of 4 records" in printed
        assert "removed per benchmark: items 2" in printed
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_answer_fields_can_be_named_after_the_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    data = tmp_path / "in.jsonl"
    record = {"id": "x", "instruction": "q", "output": "一百摄氏度，海拔升高沸点降低"}
    data.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["decontaminate", str(data), "--against", str(ITEMS), "-o", str(out)]) == 0
    assert len(lines(out)) == 1
    against = f"{ITEMS}:question,answer"
    assert main(["decontaminate", str(data), "--against", against, "-o", str(out)]) == 0
    assert lines(out) == []


def test_bad_benchmarks_and_overwriting_the_input_are_one_error_line(tmp_path, capsys):
    data = tmp_path / "in.jsonl"
    data.write_text('{"id": "a", "instruction": "q", "output": "a"}\n', "utf-8")
    broken = tmp_path / "bench.jsonl"
    broken.write_text('{"id": "1", "question": "ok"}\n{"id": \n', "utf-8")
    cases = [
        ([str(tmp_path / "none.jsonl")], "none.jsonl does not exist"),
        ([str(broken)], "bench.jsonl:2: not valid JSON"),
        ([f"{broken}:prompt"], "bench.jsonl:1: item has no field 'prompt'"),
    ]
    for against, message in cases:
        out = tmp_path / "out.jsonl"
        assert main(["decontaminate", str(data), "--against", *against, "-o", str(out)]) == 1
        error = capsys.readouterr().err
        assert error.startswith("Error: ")
        assert message in error
        assert error.count("\n") == 1
        assert not out.exists()
    assert main(["decontaminate", str(data), "--against", str(ITEMS), "-o", str(data)]) == 1
    assert "refusing to write" in capsys.readouterr().err
    assert data.read_text("utf-8") == '{"id": "a", "instruction": "q", "output": "a"}\n'


def test_the_output_may_not_lie_inside_an_input_release(tmp_path, capsys):
    release = tmp_path / "release" / "all"
    release.mkdir(parents=True)
    inside = tmp_path / "release" / "kept.jsonl"
    assert (
        main(["decontaminate", str(release.parent), "--against", str(ITEMS), "-o", str(inside)])
        == 1
    )
    assert "lies inside the input" in capsys.readouterr().err
    assert not inside.exists()
