"""The grading sample: seeded draws per language, a table a reader fills, its summary."""

import importlib.util
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).parents[2]
SPEC = importlib.util.spec_from_file_location("judge", ROOT / "benchmarks" / "judge_sample.py")
judge = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(judge)


def _release(tmp_path):
    folder = tmp_path / "debian-instruct" / "2.0.0"
    for lang in ("en", "zh"):
        (folder / lang).mkdir(parents=True)
        rows = [
            {
                "id": f"{lang}{i:03d}",
                "lang": lang,
                "instruction": f"How do I use | pipes {i}?",
                "output": f"Run `a | b`.\nThen {i}.",
                "pattern": {"name": "faq" if i % 3 else "help-entry", "version": "1.0.0"},
            }
            for i in range(30)
        ]
        pq.write_table(pa.Table.from_pylist(rows), folder / lang / "train-mpl-2.0-00000.parquet")
        pq.write_table(pa.Table.from_pylist(rows[:2]), folder / lang / "test-mpl-2.0-00000.parquet")
    return folder


def test_the_draw_is_seeded_per_language_and_from_train_only(tmp_path):
    release = _release(tmp_path)
    first = judge.draw(release, 5, seed=2026)
    assert [row["id"] for row in first] == [row["id"] for row in judge.draw(release, 5, 2026)]
    assert [row["id"] for row in first] != [row["id"] for row in judge.draw(release, 5, 7)]
    assert sorted({row["lang"] for row in first}) == ["en", "zh"]
    assert len(first) == 10


def test_the_draw_can_keep_to_named_patterns(tmp_path):
    release = _release(tmp_path)
    drawn = judge.draw(release, 50, seed=3, patterns={"help-entry"})
    assert {row["pattern"] for row in drawn} == {"help-entry 1.0.0"}
    assert len(drawn) == 20  # every help-entry record of each language, no more
    out = tmp_path / "faq.md"
    assert judge.main([str(release), "-n", "3", "--pattern", "faq", "-o", str(out)]) == 0
    assert out.read_text().count("| faq 1.0.0 |") == 6


def test_a_graded_table_reads_back_and_is_summarised(tmp_path):
    release = _release(tmp_path)
    out = tmp_path / "sample.md"
    assert judge.main([str(release), "-n", "4", "--seed", "1", "-o", str(out)]) == 0
    text = out.read_text()
    assert "good: a fine SFT pair as is" in text
    graded = []
    for number, line in enumerate(text.splitlines()):
        if line.startswith("| en") or line.startswith("| zh"):
            line = line[:-2] + ("good |" if number % 2 else "bad |")
        graded.append(line)
    out.write_text("\n".join(graded))
    rows = judge.read_grades(out)
    assert len(rows) == 8
    assert rows[0]["instruction"].startswith("How do I use | pipes")  # escaped pipe kept
    assert rows[0]["output"].startswith("Run `a | b`.<br>Then")
    summary = judge.summarise(rows)
    assert "| en | all | 4 |" in summary
    assert "| zh | all | 4 |" in summary
    zh_faq = sum(row["lang"] == "zh" and row["pattern"] == "faq 1.0.0" for row in rows)
    assert f"| zh | faq 1.0.0 | {zh_faq} |" in summary


def test_readings_of_successive_builds_pool_by_pattern_name(tmp_path, capsys):
    tables = []
    for number, (version, grade) in enumerate([("1.0.0", "good"), ("1.1.0", "bad")]):
        path = tmp_path / f"reading{number}.md"
        path.write_text(
            "| id | lang | pattern | instruction | output | grade |\n|---|---|---|---|---|---|\n"
            f"| a{number} | zh | help-entry {version} | 问？ | 答。 | {grade} |\n"
        )
        tables.append(str(path))
    assert judge.main(["--summarise", *tables, "--pool"]) == 0
    pooled = capsys.readouterr().out
    assert "| zh | help-entry | 2 | 1 (50%) | 0 (0%) | 1 (50%) | 0 |" in pooled
    assert judge.main(["--summarise", *tables]) == 0
    apart = capsys.readouterr().out
    assert "help-entry 1.0.0" in apart
    assert "help-entry 1.1.0" in apart


def test_agreement_of_two_readers_discounts_chance(tmp_path, capsys):
    header = "| id | lang | pattern | instruction | output | grade |\n|---|---|---|---|---|---|\n"
    grades = {
        "first": ["good", "good", "bad", "usable"],
        "second": ["good", "usable", "bad", "usable"],
    }
    paths = []
    for reader, given in grades.items():
        rows = "".join(
            f"| r{i} | en | p 1.0 | q? | a. | {grade} |\n" for i, grade in enumerate(given)
        )
        path = tmp_path / f"{reader}.md"
        path.write_text(header + rows)
        paths.append(str(path))
    assert judge.main(["--agreement", *paths]) == 0
    # Same grade on 3 of 4; chance: good 0.5*0.25 + usable 0.25*0.5 + bad 0.25*0.25 = 0.3125,
    # so kappa = (0.75 - 0.3125) / (1 - 0.3125) = 0.64.
    assert "| en | 4 | 75% | 0.64 | 2 | 1 |" in capsys.readouterr().out
