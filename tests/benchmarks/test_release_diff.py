"""release_diff: the pairs one build has and another has not, per language."""

import importlib.util
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).parents[2]
SPEC = importlib.util.spec_from_file_location("diff", ROOT / "benchmarks" / "release_diff.py")
diff = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(diff)


def build(folder: Path, rows: list[tuple[str, str, str]]) -> Path:
    for lang in ("en", "zh", "all"):
        (folder / lang).mkdir(parents=True)
        table = [
            {"id": f"{row_lang}{number}", "lang": row_lang, "instruction": q, "output": a}
            for number, (row_lang, q, a) in enumerate(rows)
            if lang in (row_lang, "all")
        ]
        table = [{**row, "source": {"uri": "x.deb/doc"}} for row in table]
        pq.write_table(pa.Table.from_pylist(table), folder / lang / "train-00000.parquet")
    return folder


def test_new_and_gone_pairs_per_language(tmp_path, capsys):
    old = build(
        tmp_path / "old", [("en", "Q1?", "A1."), ("en", "Q2?", "A2."), ("zh", "问？", "答。")]
    )
    new = build(
        tmp_path / "new", [("en", "Q1?", "A1."), ("en", "Q2?", "B2."), ("zh", "问？", "答。")]
    )
    assert diff.main([str(old), str(new), "--examples", "0"]) == 0
    out = capsys.readouterr().out.splitlines()
    # The all config repeats the language folders and is not counted twice.
    assert out == ["en: 2 → 2 pairs, 1 new, 1 gone", "zh: 1 → 1 pairs, 0 new, 0 gone"]
