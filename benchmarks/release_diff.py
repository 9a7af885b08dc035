"""Count the instruction-output pairs one release build has and another has not.

Usage::

    python benchmarks/release_diff.py OLD_RELEASE NEW_RELEASE

Readings of successive 2.0.0 builds are compared in RESULTS.md by how much the builds
differ ("the last two builds differ in 1 zh pair"): this prints, per language, the
records of each build and the pairs (instruction, output) new in the second and gone
from the first, with a few of each as examples. It reads the train, validation and test
Parquet files of every language folder (``all`` left out, which repeats them).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dataset_quality import read_release


def pairs(release: Path) -> dict[str, set[tuple[str, str]]]:
    """Return the (instruction, output) pairs of a release per language."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in read_release(release):
        found[row["lang"]].add((row["instruction"], row["output"]))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--examples", type=int, default=3, help="pairs shown per side")
    args = parser.parse_args(argv)
    old, new = pairs(args.old), pairs(args.new)
    for lang in sorted(set(old) | set(new)):
        added, gone = sorted(new[lang] - old[lang]), sorted(old[lang] - new[lang])
        print(
            f"{lang}: {len(old[lang])} → {len(new[lang])} pairs, {len(added)} new, {len(gone)} gone"
        )
        for sign, shown in (("+", added), ("-", gone)):
            for instruction, output in shown[: args.examples]:
                print(f"  {sign} {instruction} → {output[:80]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
