import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from zhiling.cli import main
from zhiling.dedupe import dedupe_path, read_records
from zhiling.errors import ZhilingError

ROWS = [
    {
        "id": "a",
        "lang": "zh",
        "text": "请以管理员身份运行 apt update 命令，它会下载所有软件源最新的索引文件。",
    },
    {
        "id": "b",
        "lang": "zh",
        "text": "請以管理員身份運行 apt update 命令，它會下載所有軟件源最新的索引文件。",
    },
    {
        "id": "c",
        "lang": "en",
        "text": "Use ss -tulpn to list listening sockets and their processes.",
    },
    {
        "id": "d",
        "lang": "en",
        "text": "Use ss -tulpn to list the listening sockets and their processes!",
    },
    {"id": "e", "lang": "en", "text": "Run chsh and type the full path of the new shell."},
    {"id": "f", "lang": "zh", "text": "中"},
    {"id": "g", "lang": "zh", "text": ""},
]


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def _lines(path):
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_cli_writes_kept_records_and_a_ledger(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    source = _jsonl(tmp_path / "in.jsonl", ROWS)
    command = ["dedupe", str(source), "--fields", "text", "-o", "out", "--verify", "exact"]
    assert main(command) == 0
    assert [r["id"] for r in _lines(tmp_path / "out" / "kept.jsonl")] == ["a", "d", "e", "f", "g"]
    ledger = _lines(tmp_path / "out" / "removed.jsonl")
    assert [(e["id"], e["reason"], e["survivor"]) for e in ledger] == [
        ("b", "near_duplicate", "a"),
        ("c", "near_duplicate", "d"),  # the longer text survives
    ]
    assert ledger[0]["record"]["text"] == ROWS[1]["text"]
    assert "kept 5 of 7 records, removed 2" in capsys.readouterr().out


def test_parquet_and_options_reach_the_deduper(tmp_path):
    source = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist([{**r, "language": r["lang"]} for r in ROWS]), source)
    options = {"fields": ["text"], "lang_field": "language", "threshold": 0.95}
    summary = dedupe_path(source, tmp_path / "out", options, progress=False)
    assert summary["read"] == 7
    assert summary["kept"] == 6  # only the 繁/简 pair is that close (identical once folded)
    assert summary["report"]["threshold"] == 0.95


def test_records_without_ids_get_file_and_line(tmp_path):
    source = _jsonl(tmp_path / "in.jsonl", [{"text": "x"}, {"text": "y"}])
    assert [r["id"] for r in read_records(source)] == ["in.jsonl:1", "in.jsonl:2"]


def test_bad_line_names_file_and_line(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "x"}\nnot json\n', "utf-8")
    with pytest.raises(ZhilingError, match=r"in.jsonl:2"):
        list(read_records(source))


def test_missing_path_is_an_error_line(tmp_path, capsys):
    assert main(["dedupe", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_a_release_folder_is_read_through_its_all_config(tmp_path):
    for config in ("all", "zh", "en"):
        (tmp_path / "release" / config).mkdir(parents=True)
        rows = ROWS if config == "all" else [r for r in ROWS if r["lang"] == config]
        table = pa.Table.from_pylist(rows)
        pq.write_table(table, tmp_path / "release" / config / "train-00000-of-00001.parquet")
    assert [r["id"] for r in read_records(tmp_path / "release")] == [r["id"] for r in ROWS]
