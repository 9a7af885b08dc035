import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from zhiling.cli import main

ROWS = [
    {
        "id": "a",
        "lang": "zh",
        "text": "联系 zhang@example.com 或 138 0013 8000，她是护士。",
        "n": 1.5,
    },
    {"id": "b", "lang": "en", "text": "Nothing personal here.", "n": 2},
]


def test_audit_prints_a_summary_and_redacts_a_jsonl_copy(tmp_path, capsys):
    source = tmp_path / "data.jsonl"
    lines = [json.dumps(row, ensure_ascii=False) + "\n" for row in ROWS] + ["\n"]
    source.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "clean" / "data.jsonl"
    assert main(["audit", str(source), "--redact", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "audited 2 records in 1 file(s)" in printed
    assert "pii: records=2 remaining=2" in printed
    assert "redacted copy:" in printed
    assert "(email 1, phone 1)" in printed
    written = out.read_text("utf-8").splitlines(keepends=True)
    assert json.loads(written[0]) == ROWS[0] | {"text": "联系 <EMAIL_1> 或 <PHONE_1>，她是护士。"}
    assert written[1:] == lines[1:]  # untouched lines are copied byte for byte


def test_audit_redacts_parquet_keeping_schema_and_other_fields(tmp_path, capsys):
    source = tmp_path / "train.parquet"
    table = pa.Table.from_pylist(
        [
            {
                "id": "a",
                "instruction": "How do I reach Li?",
                "output": "Mail li@example.org.",
                "messages": [{"role": "assistant", "content": "Mail li@example.org."}],
                "source": {"doc_id": "d", "spans": [[0, 20]]},
            }
        ]
    )
    pq.write_table(table, source)
    out = tmp_path / "train-redacted.parquet"
    assert main(["audit", str(source), "--json", "--redact", str(out)]) == 0
    report = json.loads(capsys.readouterr().out.split("redacted copy:")[0])
    assert report["audits"]["pii"]["by_type"]["email"]["found"] == 2
    assert report["distributions"]["by_split"] == {"train": 1}
    redacted = pq.read_table(out)
    assert redacted.schema == table.schema
    (row,) = redacted.to_pylist()
    assert row["output"] == "Mail <EMAIL_1>."
    assert row["messages"][0]["content"] == "Mail <EMAIL_1>."
    assert {k: row[k] for k in ("id", "instruction", "source")} == {
        k: table.to_pylist()[0][k] for k in ("id", "instruction", "source")
    }


@pytest.mark.parametrize("name", ["missing.jsonl", "notes.txt"])
def test_audit_rejects_what_it_cannot_read(tmp_path, capsys, name):
    (tmp_path / "notes.txt").write_text("x")
    assert main(["audit", str(tmp_path / name)]) == 1
    assert capsys.readouterr().err.startswith("Error: ")


def test_redacted_copy_never_overwrites(tmp_path, capsys):
    source = tmp_path / "data.jsonl"
    source.write_text(json.dumps(ROWS[1]) + "\n")
    assert main(["audit", str(source), "--redact", str(source)]) == 1
    assert "exists" in capsys.readouterr().err
