"""Draw records of a release for a reader to grade, and summarise the grades.

Usage::

    python benchmarks/judge_sample.py RELEASE -n 100 --seed 2026 -o sample.md
    python benchmarks/judge_sample.py RELEASE -n 30 --seed 7 --pattern faq   # one pattern
    python benchmarks/judge_sample.py --summarise sample.md
    python benchmarks/judge_sample.py --summarise a.md b.md --pool   # readings pooled
    python benchmarks/judge_sample.py --agreement a.md b.md          # two readers, one sample

The first form draws ``n`` train records per language (the ``lang`` column), uniformly
with the seed, and writes a Markdown table: id, language, pattern, instruction, output and
an empty ``grade`` column. The reader fills each grade with ``good``, ``usable`` or
``bad`` (the rubric is written above the table and in the dataset card) and nothing else;
the reader should not have written the patterns, nor see which seed was tuned on.

The second form reads a graded table and prints the counts and shares of each grade per
language and per pattern; rows left ungraded are counted apart.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Collection
from pathlib import Path

import pyarrow.parquet as pq

GRADES = ("good", "usable", "bad")
RUBRIC = """Grade each record as one of:
- good: a fine SFT pair as is (a question a user would ask, answered correctly and whole);
- usable: right content, but a real defect (awkward or vague question, answer cut short,
  leftover markup, needs light editing);
- bad: wrong, garbled, or not an answer to the question.
"""
COLUMNS = ("id", "lang", "pattern", "instruction", "output", "grade")


def draw(release: Path, n: int, seed: int, patterns: Collection[str] = ()) -> list[dict[str, str]]:
    """Return ``n`` train records per language, drawn with ``seed``, in a stable order.

    With ``patterns``, only records of those patterns are drawn: a reading of what a few
    patterns add (issue 14's "30 of their records per language") rather than of the whole.
    """
    by_lang: dict[str, list[dict[str, str]]] = defaultdict(list)
    for path in sorted(release.glob("*/train-*.parquet")) + sorted(release.glob("*/train.parquet")):
        if path.parent.name == "all":
            continue
        columns = ["id", "lang", "instruction", "output", "pattern"]
        for row in pq.read_table(path, columns=columns).to_pylist():
            pattern = row["pattern"] or {}
            if patterns and pattern.get("name") not in patterns:
                continue
            by_lang[row["lang"]].append(
                {**row, "pattern": f"{pattern.get('name', '')} {pattern.get('version', '')}"}
            )
    rng = random.Random(seed)
    drawn = []
    for lang in sorted(by_lang):
        rows = sorted(by_lang[lang], key=lambda row: row["id"])
        drawn += rng.sample(rows, min(n, len(rows)))
    return drawn


def cell(text: str) -> str:
    """Return ``text`` fit for one Markdown table cell: pipes escaped, newlines as <br>."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def write_table(rows: list[dict[str, str]], release: Path, n: int, seed: int) -> str:
    lines = [
        f"# Grading sample: {release.parent.name} {release.name}, {n} train records per language, "
        f"seed {seed}",
        "",
        RUBRIC,
        "Write the grade in the last column; leave everything else as it is.",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for row in rows:
        values = [row["id"], row["lang"], row["pattern"], row["instruction"], row["output"], ""]
        lines.append("| " + " | ".join(cell(value) for value in values) + " |")
    return "\n".join(lines) + "\n"


def read_grades(path: Path) -> list[dict[str, str]]:
    """Return the rows of a graded table (cells split on unescaped pipes)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| ") or line.startswith("| id |"):
            continue
        cells = [part.strip() for part in _split(line.strip()[1:-1])]
        if len(cells) == len(COLUMNS):
            rows.append(dict(zip(COLUMNS, cells, strict=True)))
    return rows


def _split(line: str) -> list[str]:
    parts, current, escaped = [], [], False
    for char in line:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def summarise(rows: list[dict[str, str]], *, by_name: bool = False) -> str:
    """Return the good/usable/bad table per language and per language and pattern.

    ``by_name`` groups a pattern's versions together: one reading of 100 records is
    coarse (two samples of nearly the same release read sixteen points of good apart),
    so figures worth quoting pool several readings of successive builds.
    """
    groups: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        grade = row["grade"].lower()
        grade = grade if grade in GRADES else "ungraded"
        pattern = row["pattern"].split(" ")[0] if by_name else row["pattern"]
        groups[(row["lang"], "all")][grade] += 1
        groups[(row["lang"], pattern)][grade] += 1
    lines = [
        "| lang | pattern | n | good | usable | bad | ungraded |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for (lang, pattern), counts in sorted(
        groups.items(), key=lambda item: (item[0][0], item[0][1] != "all", item[0][1])
    ):
        graded = sum(counts[g] for g in GRADES)
        shares = [
            f"{counts[g]} ({counts[g] / graded:.0%})" if graded else str(counts[g]) for g in GRADES
        ]
        lines.append(
            f"| {lang} | {pattern} | {graded} | "
            + " | ".join(shares)
            + f" | {counts['ungraded']} |"
        )
    return "\n".join(lines)


def agreement(first: list[dict[str, str]], second: list[dict[str, str]]) -> str:
    """Return how two readers of the same records agree, per language.

    Cohen's kappa discounts the agreement two readers would reach by chance given how
    often each gives each grade; with most records good, raw agreement alone flatters.
    """
    theirs = {row["id"]: row["grade"].lower() for row in second}
    lines = [
        "| lang | records | same grade | kappa | good, first | good, second |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for lang in sorted({row["lang"] for row in first}):
        pairs = [
            (row["grade"].lower(), theirs[row["id"]])
            for row in first
            if row["lang"] == lang and row["id"] in theirs
        ]
        pairs = [(a, b) for a, b in pairs if a in GRADES and b in GRADES]
        if not pairs:
            continue
        total = len(pairs)
        same = sum(a == b for a, b in pairs) / total
        chance = sum(
            (sum(a == g for a, _ in pairs) / total) * (sum(b == g for _, b in pairs) / total)
            for g in GRADES
        )
        kappa = (same - chance) / (1 - chance) if chance < 1 else 1.0
        good = [sum(pair[side] == "good" for pair in pairs) for side in (0, 1)]
        lines.append(f"| {lang} | {total} | {same:.0%} | {kappa:.2f} | {good[0]} | {good[1]} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("release", nargs="?", type=Path, help="a release folder to draw from")
    parser.add_argument("-n", type=int, default=100, help="records per language (default 100)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, help="where to write the table")
    parser.add_argument(
        "--pattern", action="append", default=[], help="draw only this pattern's records (repeat)"
    )
    parser.add_argument("--summarise", type=Path, nargs="+", metavar="GRADED", help="graded tables")
    parser.add_argument(
        "--pool", action="store_true", help="with --summarise: one table, versions pooled"
    )
    parser.add_argument(
        "--agreement", type=Path, nargs=2, metavar="GRADED", help="two readings of one sample"
    )
    args = parser.parse_args(argv)
    if args.agreement:
        print(agreement(*(read_grades(path) for path in args.agreement)))
        return 0
    if args.summarise:
        if args.pool:
            rows = [row for path in args.summarise for row in read_grades(path)]
            print(summarise(rows, by_name=True))
        else:
            print("\n\n".join(summarise(read_grades(path)) for path in args.summarise))
        return 0
    if args.release is None:
        parser.error("give a release folder, or --summarise GRADED")
    rows = draw(args.release, args.n, args.seed, args.pattern)
    if not rows:
        print(f"{args.release}: no train records under <config>/", file=sys.stderr)
        return 1
    text = write_table(rows, args.release, args.n, args.seed)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
