"""How far a filter could lift the judged good share of a release, learned from readings.

Usage::

    python benchmarks/grade_ceiling.py benchmarks/judging/*.md
    python benchmarks/grade_ceiling.py --release RELEASE_DIR benchmarks/judging/*.md

Every graded table (``judge_sample.py`` output with its grades filled in) is a sample of
records a reader graded good, usable or bad. This asks whether those grades can be
predicted from the record alone, which is what any filter, rule-written or learned, has
to do: a logistic model on hashed character 1–3-grams of the question and of the answer,
the pattern name and the answer's length is trained on every reading but one and ranks
the held-out reading's records. Keeping the top 100/80/70/50 % of that ranking gives the
good and bad shares printed per language, averaged over the held-out readings.

With ``--release DIR``, it also prints the good share per source package of the graded
records that the release holds (a record is found by its id), and each package's records
in the release, to tell a weak source from a weak pattern.

Readings of one sample (``…-seedS.md`` and ``…-seedS-second-reader.md``) are held out
together, and a held-out record is never also a training record, so each figure is what
the filter would do on records it has not seen. Numbers only: nothing here changes a
recipe.
"""

from __future__ import annotations

import argparse
import re
import sys
import zlib
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dataset_quality import read_release
from judge_sample import GRADES, read_grades

DIMENSIONS = 2**18
KEEP = (1.0, 0.8, 0.7, 0.5)


def sample_of(path: Path) -> str:
    """Name the sample a graded table reads: its seed, second readers included."""
    match = re.search(r"seed(\d+)", path.name)
    return match.group(1) if match else path.stem


def features(row: dict[str, str]) -> np.ndarray:
    """Hash the record's question and answer n-grams, pattern and answer length."""
    keys = [f"p:{row['pattern'].split()[0]}", f"len:{min(len(row['output']) // 20, 15)}"]
    for field, text in (("q", row["instruction"]), ("a", row["output"][:300])):
        for size in (1, 2, 3):
            keys.extend(f"{field}:{text[i : i + size]}" for i in range(len(text) - size + 1))
    return np.array([zlib.crc32(key.encode()) % DIMENSIONS for key in keys], dtype=np.int64)


def train(rows: list[np.ndarray], good: np.ndarray, epochs: int = 8) -> tuple[np.ndarray, float]:
    """Fit a logistic model by plain SGD (fixed order per epoch, so runs repeat)."""
    weights, bias, rate, decay = np.zeros(DIMENSIONS), 0.0, 0.5, 1e-4
    for epoch in range(epochs):
        for i in np.random.RandomState(epoch).permutation(len(rows)):
            index = rows[i]
            error = 1 / (1 + np.exp(-(weights[index].sum() + bias))) - good[i]
            weights[index] -= rate * (error / np.sqrt(max(1, len(index))) + decay * weights[index])
            bias -= rate * error * 0.1
    return weights, bias


def held_out(readings: dict[str, list[dict[str, str]]]) -> dict[float, tuple[float, float]]:
    """Average good and bad share of the kept records per keep fraction, one sample out."""
    shares: dict[float, list[tuple[float, float]]] = defaultdict(list)
    vectors = {id(row): features(row) for rows in readings.values() for row in rows}
    for sample, test in readings.items():
        seen = {row["id"] for row in test}
        train_rows = [
            row
            for other, rows in readings.items()
            if other != sample
            for row in rows
            if row["id"] not in seen
        ]
        weights, bias = train(
            [vectors[id(row)] for row in train_rows],
            np.array([row["grade"] == "good" for row in train_rows], dtype=float),
        )
        scores = np.array([weights[vectors[id(row)]].sum() + bias for row in test])
        order = np.argsort(-scores, kind="stable")
        grades = np.array([row["grade"] for row in test])
        for keep in KEEP:
            kept = grades[order[: max(1, int(len(test) * keep))]]
            shares[keep].append((float(np.mean(kept == "good")), float(np.mean(kept == "bad"))))
    return {keep: tuple(np.mean(values, axis=0)) for keep, values in shares.items()}  # type: ignore[misc]


def by_source(release: Path, rows: list[dict[str, str]]) -> str:
    """Return a table of grades per language and source package, with the package's share.

    The last column counts the package's records in the release, so a weak source can be
    weighed: one that reads well but holds few records cannot carry a language.
    """
    records = read_release(release)
    package = {record["id"]: _package(record["source"]["uri"]) for record in records}
    held = Counter((record["lang"], package[record["id"]]) for record in records)
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        if row["id"] in package:
            counts[row["lang"], package[row["id"]]][row["grade"]] += 1
    lines = [
        "| lang | package | graded | good | usable | bad | records in release |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for (lang, name), grades in sorted(counts.items()):
        total = sum(grades.values())
        lines.append(
            f"| {lang} | {name} | {total} | {grades['good']} ({grades['good'] / total:.0%}) "
            f"| {grades['usable']} | {grades['bad']} | {held[lang, name]:,} |"
        )
    return "\n".join(lines)


def _package(uri: str) -> str:
    """Return the package name of a record's source: ``manpages-zh`` of ``manpages-zh_1.6…``."""
    return uri.split("/")[0].split("_")[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("graded", type=Path, nargs="+")
    parser.add_argument("--release", type=Path, help="also grade per source package")
    args = parser.parse_args(argv)
    by_language: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    graded = []
    for path in args.graded:
        for row in read_grades(path):
            if row["grade"] in GRADES:
                by_language[row["lang"]][sample_of(path)].append(row)
                graded.append(row)
    heads = " | ".join(f"keep {keep:.0%}: good / bad" for keep in KEEP)
    print(f"| lang | samples | records | {heads} |")
    print("|---|---|---|" + "---|" * len(KEEP))
    for lang, readings in sorted(by_language.items()):
        figures = held_out(readings)
        cells = " | ".join(f"{good:.1%} / {bad:.1%}" for good, bad in figures.values())
        total = sum(len(rows) for rows in readings.values())
        print(f"| {lang} | {len(readings)} | {total} | {cells} |")
    if args.release:
        print("\n" + by_source(args.release, graded))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
