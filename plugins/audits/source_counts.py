"""Count released records per source package, language, licence and pattern.

The card of a dataset built from many sources has to say how much each source
contributed; the manifest only knows totals. Sources name their documents
``package@version:path`` (or a plain path), so the package is the part before
``@``, or the first folder of the path.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from zhiling import Record, hookimpl


def origin(uri: str) -> str:
    """Return the package or top folder a record's source URI names.

    A package's URI starts with its file name, ``NAME_VERSION_ARCH.deb``: the
    origin is the package name, the same across versions.
    """
    top = uri.split("/", 1)[0]
    return top.split("_", 1)[0] if top.endswith(".deb") else top


class SourceCounts:
    """Tally the records that reach the release, by where they came from."""

    def __init__(self) -> None:
        self.by_source: Counter[tuple[str, str]] = Counter()
        self.by_license: Counter[str] = Counter()
        self.by_pattern: Counter[tuple[str, str]] = Counter()

    def observe(self, record: Record) -> None:
        lang = record.get("lang", "")
        self.by_source[(origin(record.get("source", {}).get("uri", "")), lang)] += 1
        self.by_license[record.get("license", "")] += 1
        pattern = record.get("pattern", {})
        self.by_pattern[(f"{pattern.get('name', '')} {pattern.get('version', '')}", lang)] += 1

    def report(self) -> dict[str, Any]:
        # Keys in sorted order, as manifest.json stores them, so a card rendered
        # from the written manifest equals the one rendered during the build.
        return {
            "by_license": dict(sorted(self.by_license.items())),
            "by_pattern": _nested(self.by_pattern),
            "by_source": _nested(self.by_source),
        }


def _nested(counts: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = {}
    for (key, lang), count in sorted(counts.items()):
        table.setdefault(key, {})[lang] = count
    return table


@hookimpl
def register_audits(register):
    register("source-counts", SourceCounts)
