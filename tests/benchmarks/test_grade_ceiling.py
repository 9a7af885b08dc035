"""The filter ceiling: grades learned from some readings, ranked on a held-out one."""

import importlib.util
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).parents[2]
SPEC = importlib.util.spec_from_file_location("ceiling", ROOT / "benchmarks" / "grade_ceiling.py")
ceiling = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(ceiling)

HEADER = "| id | lang | pattern | instruction | output | grade |\n|---|---|---|---|---|---|\n"


def _reading(path, seed, rows):
    table = path / f"debian-instruct-2.0.0-seed{seed}.md"
    table.write_text(
        HEADER
        + "".join(
            f"| {seed}-{i} | en | faq 1.0.0 | {question} | {answer} | {grade} |\n"
            for i, (question, answer, grade) in enumerate(rows)
        )
    )
    return table


def _rows(seed):
    # Good answers give a command; usable ones only say that a thing exists.
    return [
        (f"How do I list files {seed} {i}?", f"Run `ls -l /srv/{i}`.", "good")
        if i % 2
        else (f"How do I see it {seed} {i}?", "It is described on the page.", "usable")
        for i in range(20)
    ]


def test_a_learnable_grade_lifts_the_kept_share_on_unseen_samples(tmp_path):
    readings = {
        str(seed): [
            row
            for row in ceiling.read_grades(_reading(tmp_path, seed, _rows(seed)))
            if row["grade"] != ""
        ]
        for seed in (1, 2, 3)
    }
    figures = ceiling.held_out(readings)
    assert figures[1.0][0] == 0.5
    assert figures[0.5][0] == 1.0  # the top half is exactly the good records
    assert all(bad == 0.0 for _, bad in figures.values())


def test_second_readers_are_held_out_with_their_sample():
    assert ceiling.sample_of(Path("x-seed4646-second-reader.md")) == "4646"
    assert ceiling.sample_of(Path("x-seed4646.md")) == "4646"


def test_grades_per_source_package_of_the_release(tmp_path, capsys):
    release = tmp_path / "release"
    (release / "en").mkdir(parents=True)
    records = [
        {
            "id": f"1-{i}",
            "instruction": "q",
            "output": "a",
            "lang": "en",
            "source": {"uri": f"coreutils_9.1-1_amd64.deb/usr/share/man/{i}"},
        }
        for i in range(20)
    ]
    pq.write_table(pa.Table.from_pylist(records), release / "en" / "train-gpl-00000.parquet")
    table = _reading(tmp_path, 1, _rows(1))
    assert (
        ceiling.main([str(table), str(_reading(tmp_path, 2, _rows(2))), "--release", str(release)])
        == 0
    )
    out = capsys.readouterr().out
    assert "| en | coreutils | 20 | 10 (50%) | 10 | 0 |" in out
    assert "| en | coreutils | 20 | 10 (50%) | 10 | 0 | 20 |" in out  # 20 records released
    assert "| en | 2 | 40 |" in out
