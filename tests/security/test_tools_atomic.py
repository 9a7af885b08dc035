"""``dedupe`` and ``audit --redact`` lose nothing.

No emptied input, no half-written output, no unredacted copy.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from zhiling.cli import main

ROWS = [
    {
        "id": "a",
        "lang": "en",
        "text": "Use ss -tulpn to list listening sockets and their processes.",
    },
    {
        "id": "b",
        "lang": "en",
        "text": "Use ss -tulpn to list the listening sockets and their processes!",
    },
    {"id": "c", "lang": "en", "text": "Mail zhang.wei@example.com or call 138 0013 8000 for help."},
]


def _jsonl(path: Path, rows: list[dict[str, str]], extra: bytes = b"") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(row) + "\n" for row in rows)
    path.write_bytes(text.encode() + extra)
    return path


def _error(capsys: pytest.CaptureFixture[str]) -> str:
    error = capsys.readouterr().err
    assert error.startswith("Error: "), error
    assert error.count("\n") == 1, error
    return error


def _partials(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if ".tmp-" in name)


def test_dedupe_into_the_folder_holding_its_input_is_refused(tmp_path, capsys):
    kept = _jsonl(tmp_path / "d" / "kept.jsonl", ROWS)
    before = kept.read_bytes()
    assert main(["dedupe", str(kept), "-o", str(tmp_path / "d"), "-q"]) == 1
    assert "the output folder holds the input" in _error(capsys)
    assert kept.read_bytes() == before


@pytest.mark.parametrize("out", [".", "all", "all/deeper"])
def test_dedupe_output_that_is_or_lies_in_the_input_folder_is_refused(tmp_path, capsys, out):
    release = tmp_path / "release"
    (release / "all").mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(ROWS), release / "all" / "train-00000.parquet")
    assert main(["dedupe", str(release), "-o", str(release / out), "-q"]) == 1
    assert "the output " in _error(capsys)
    assert sorted(p.name for p in release.rglob("*")) == ["all", "train-00000.parquet"]


def test_failed_dedupe_keeps_the_previous_output_and_a_rerun_works(tmp_path, capsys):
    good = _jsonl(tmp_path / "in.jsonl", ROWS)
    out = tmp_path / "out"
    assert main(["dedupe", str(good), "-o", str(out), "-q"]) == 0
    previous = {name: (out / name).read_bytes() for name in ("kept.jsonl", "removed.jsonl")}
    assert previous["kept.jsonl"].count(b"\n") == len(ROWS)

    bad = _jsonl(tmp_path / "bad.jsonl", ROWS, extra=b'{"id": "x", "text": \n')
    assert main(["dedupe", str(bad), "-o", str(out), "-q"]) == 1
    assert f"{bad}:4: not JSON" in _error(capsys)
    assert {name: (out / name).read_bytes() for name in previous} == previous
    assert _partials(tmp_path) == []

    _jsonl(bad, ROWS[:1])
    assert main(["dedupe", str(bad), "-o", str(out), "-q"]) == 0
    assert (out / "kept.jsonl").read_bytes().count(b"\n") == 1


@pytest.mark.parametrize("command", ["dedupe", "audit"])
def test_invalid_utf8_is_one_line_naming_file_and_line(tmp_path, capsys, command):
    source = _jsonl(tmp_path / "in.jsonl", ROWS, extra=b'{"id": "z", "text": "caf\xe9"}\n')
    extra = ["-o", str(tmp_path / "out")] if command == "dedupe" else []
    assert main([command, str(source), *extra, "-q"]) == 1
    assert f"{source}:4: not UTF-8 text" in _error(capsys)


@pytest.mark.parametrize("command", ["dedupe", "audit"])
def test_fake_parquet_is_one_line_naming_the_file(tmp_path, capsys, command):
    fake = tmp_path / "train.parquet"
    fake.write_bytes(b"PAR1 this is not a parquet file PAR1")
    extra = ["-o", str(tmp_path / "out")] if command == "dedupe" else []
    assert main([command, str(fake), *extra, "-q"]) == 1
    assert f"{fake}: not a Parquet file" in _error(capsys)
    assert not (tmp_path / "out").exists()


def test_audit_names_a_malformed_line(tmp_path, capsys):
    source = _jsonl(tmp_path / "in.jsonl", ROWS, extra=b'"mail li@example.org"\n')
    assert main(["audit", str(source), "-q"]) == 1
    assert f"{source}:4: expected a JSON object" in _error(capsys)


def test_redact_refuses_a_malformed_line_and_leaves_no_copy_with_pii(tmp_path, capsys):
    source = _jsonl(tmp_path / "in.jsonl", ROWS, extra=b"mail li@example.org, call 138 0013 8000\n")
    out = tmp_path / "clean.jsonl"
    assert main(["audit", str(source), "--redact", str(out), "-q"]) == 1
    assert f"{source}:4: not JSON" in _error(capsys)
    assert not out.exists()
    assert _partials(tmp_path) == []


def test_failed_redaction_of_a_folder_leaves_nothing_and_a_rerun_works(tmp_path, capsys):
    data = tmp_path / "data"
    _jsonl(data / "a.jsonl", ROWS)
    corrupt = data / "b.parquet"
    corrupt.write_bytes(b"not parquet at all")
    out = tmp_path / "redacted"
    assert main(["audit", str(data), "--redact", str(out), "-q"]) == 1
    assert str(corrupt) in _error(capsys)
    assert not out.exists()
    assert _partials(tmp_path) == []

    corrupt.unlink()
    assert main(["audit", str(data), "--redact", str(out), "-q"]) == 0
    redacted = (out / "a.jsonl").read_text()
    assert "zhang.wei@example.com" not in redacted
    assert "<EMAIL_1>" in redacted


def test_redact_stops_on_a_corrupt_shard_after_good_files_were_redacted(tmp_path, capsys):
    data = tmp_path / "data"
    _jsonl(data / "a.jsonl", ROWS)
    table = pa.Table.from_pylist([{"id": "p", "text": "Mail li@example.org."}] * 50)
    pq.write_table(table, data / "z.parquet")
    whole = (data / "z.parquet").read_bytes()
    (data / "z.parquet").write_bytes(whole[:4] + b"\0" * (len(whole) - 8) + whole[-4:])
    out = tmp_path / "redacted"
    assert main(["audit", str(data), "--redact", str(out), "-q"]) == 1
    assert "z.parquet" in _error(capsys)
    assert not out.exists()
    assert _partials(tmp_path) == []


def test_redact_output_inside_the_input_folder_is_refused(tmp_path, capsys):
    data = tmp_path / "data"
    _jsonl(data / "a.jsonl", ROWS)
    assert main(["audit", str(data), "--redact", str(data / "clean"), "-q"]) == 1
    assert "the output lies inside the input" in _error(capsys)
    assert sorted(os.listdir(data)) == ["a.jsonl"]


def test_redact_refuses_a_folder_holding_a_symlink(tmp_path, capsys):
    data = tmp_path / "data"
    _jsonl(data / "a.jsonl", ROWS)
    secret = _jsonl(tmp_path / "outside.jsonl", ROWS[2:])
    (data / "b.jsonl").symlink_to(secret)
    out = tmp_path / "redacted"
    assert main(["audit", str(data), "--redact", str(out), "-q"]) == 1
    assert f"{data / 'b.jsonl'}: is a symbolic link" in _error(capsys)
    assert not out.exists()
