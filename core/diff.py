"""Compare the records of two releases: added, removed and changed, with counts per source.

Records are matched by ``id``, which hashes a record's whole content, so a
record with the same id is unchanged. The id also hashes the document it
came from, so editing one paragraph gives every record of that document a
new id: a removed and an added record with the same source URI, pattern and
text are therefore *moved*, not changed, and only counted. Among the rest, a
removed and an added record are one *changed* record when they share their
source URI, pattern name and instruction: the same question drawn from the
same document by the same rule, now with another input, output or licence.
Everything else is added or removed. A release holds each record in its
language config and again in ``all``; rows are read once per id.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from zhiling.errors import ReleaseError
from zhiling.publish import read_manifest

COMPARED = ("instruction", "input", "output", "lang", "license", "source", "pattern")

Row = dict[str, Any]


@dataclass(frozen=True)
class ReleaseDiff:
    """The records only in the old release, only in the new one, and changed between them."""

    added: list[Row] = field(default_factory=list)
    removed: list[Row] = field(default_factory=list)
    changed: list[tuple[Row, Row]] = field(default_factory=list)
    moved: int = 0

    def per_source(self) -> dict[str, Counter[str]]:
        """Return, per source URI, how many records were added, removed and changed."""
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for row in self.added:
            counts[row["source"]["uri"]]["added"] += 1
        for row in self.removed:
            counts[row["source"]["uri"]]["removed"] += 1
        for _, row in self.changed:
            counts[row["source"]["uri"]]["changed"] += 1
        return dict(sorted(counts.items()))

    def summary(self, examples: int = 0) -> str:
        """Return a table of counts per source, then up to ``examples`` records of each kind."""
        lines = [
            f"added {len(self.added)}, removed {len(self.removed)}, changed {len(self.changed)}"
            f" ({self.moved} more kept their text but moved within an edited document)"
        ]
        for uri, counts in self.per_source().items():
            lines.append(f"  {uri}: +{counts['added']} -{counts['removed']} ~{counts['changed']}")
        for sign, rows in (("+", self.added), ("-", self.removed)):
            lines += [f"{sign} {row['id']} {_short(row['instruction'])}" for row in rows[:examples]]
        for old, new in self.changed[:examples]:
            # The source always differs (new document id); name what else did.
            fields = [n for n in COMPARED if n != "source" and old[n] != new[n]]
            lines.append(
                f"~ {old['id']} -> {new['id']} {_short(new['instruction'])} "
                f"({', '.join(fields)} changed)"
            )
        return "\n".join(lines)


def _short(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def read_records(release_dir: Path) -> dict[str, Row]:
    """Return every record of a release by id, reading each Parquet file the manifest lists."""
    manifest = read_manifest(release_dir)
    rows: dict[str, Row] = {}
    for relative in sorted(manifest["files"]):
        path = Path(release_dir) / relative
        try:
            table = pq.read_table(path, columns=["id", *COMPARED])
        except Exception as exc:
            raise ReleaseError(f"{path}: cannot read release shard: {exc}") from exc
        for row in table.to_pylist():
            rows.setdefault(row["id"], row)
    return rows


def _question(row: Row) -> tuple[str, ...]:
    return (row["source"]["uri"], row["pattern"]["name"], row["instruction"])


def _text(row: Row) -> tuple[str, ...]:
    return (*_question(row), row["input"], row["output"], row["lang"], row["license"])


def _pair(
    gone: list[Row], came: list[Row], key: Callable[[Row], tuple[str, ...]]
) -> tuple[list[tuple[Row, Row]], list[Row], list[Row]]:
    """Pair records with equal keys, in id order; return the pairs and both leftovers."""
    waiting: dict[tuple[str, ...], list[Row]] = defaultdict(list)
    for row in came:
        waiting[key(row)].append(row)
    pairs, unpaired = [], []
    for row in gone:
        partners = waiting.get(key(row))
        if partners:
            pairs.append((row, partners.pop(0)))
        else:
            unpaired.append(row)
    paired = {new["id"] for _, new in pairs}
    return pairs, unpaired, [row for row in came if row["id"] not in paired]


def diff_releases(old_dir: Path, new_dir: Path) -> ReleaseDiff:
    """Return what changed from the release in ``old_dir`` to the one in ``new_dir``."""
    old, new = read_records(old_dir), read_records(new_dir)
    gone = [old[i] for i in sorted(old.keys() - new.keys())]
    came = [new[i] for i in sorted(new.keys() - old.keys())]
    moved, gone, came = _pair(gone, came, _text)
    changed, removed, added = _pair(gone, came, _question)
    return ReleaseDiff(added=added, removed=removed, changed=changed, moved=len(moved))
