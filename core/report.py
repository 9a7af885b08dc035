"""The release report: what was released (distributions), what was removed (waterfall), gates.

Distributions are counted from the finished shards of the ``all`` config, so
they describe exactly the released rows, split included; ``zhiling audit``
counts the same figures for any Parquet or JSONL file. The report is written
as ``report.json`` next to the manifest, drawn as charts (``zhiling.charts``)
and rendered into the dataset card.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from zhiling.release import ALL_CONFIG

#: Upper bounds (exclusive) of the length histogram bins, in characters.
LENGTH_BINS = (16, 32, 64, 128, 256, 512, 1024, 2048, 4096)
#: Longest table of one distribution; the rest is summed as "(other)".
TOP = 20
#: How drop reasons of benchmark items begin: ``contaminated:<benchmark>:<item id>``.
CONTAMINATED = "contaminated:"
COLUMNS = ("lang", "license", "source", "pattern", "instruction", "output")


def _bin_label(index: int) -> str:
    low = LENGTH_BINS[index - 1] if index else 0
    return f"{low}-{LENGTH_BINS[index] - 1}" if index < len(LENGTH_BINS) else f"{low}+"


class Lengths:
    """A histogram of text lengths with its mean, median, 95th percentile and maximum."""

    def __init__(self) -> None:
        self.values: list[int] = []

    def add(self, text: object) -> None:
        """Count the length of ``text`` (missing text counts as 0)."""
        self.values.append(len(text) if isinstance(text, str) else 0)

    def summary(self) -> dict[str, Any]:
        """Return the histogram (every bin, empty ones included) and the summary figures."""
        values = sorted(self.values)
        bins = Counter(next((i for i, b in enumerate(LENGTH_BINS) if v < b), 9) for v in values)
        # A list, not a mapping: bins keep their order through sorted JSON.
        histogram = [
            {"bin": _bin_label(i), "records": bins[i]} for i in range(len(LENGTH_BINS) + 1)
        ]
        if not values:
            return {"histogram": histogram, "mean": 0, "median": 0, "p95": 0, "max": 0}
        return {
            "histogram": histogram,
            "mean": round(sum(values) / len(values), 1),
            "median": values[len(values) // 2],
            "p95": values[min(len(values) - 1, int(len(values) * 0.95))],
            "max": values[-1],
        }


def _top(counts: Counter[str]) -> dict[str, int]:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    table = dict(ranked[:TOP])
    if len(ranked) > TOP:
        table["(other)"] = sum(count for _, count in ranked[TOP:])
    return table


class Distributions:
    """Records per language, source, licence, pattern and split, and text lengths."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {
            name: Counter() for name in ("language", "source", "license", "pattern", "split")
        }
        self.lengths = {"instruction": Lengths(), "output": Lengths()}

    def add(self, record: dict[str, Any], split: str) -> None:
        """Count one released record of ``split``."""
        source = record.get("source") or {}
        uri = source.get("uri") if isinstance(source, dict) else None
        uri = uri or (record.get("meta") or {}).get("source") or "unknown"
        pattern = record.get("pattern") or {}
        values = {
            "language": record.get("lang") or "unknown",
            "source": str(uri),
            "license": record.get("license") or (record.get("meta") or {}).get("license"),
            "pattern": pattern.get("name") if isinstance(pattern, dict) else None,
            "split": split,
        }
        for name, value in values.items():
            self.counts[name][str(value or "unknown")] += 1
        for name, lengths in self.lengths.items():
            lengths.add(record.get(name, record.get("text") if name == "output" else None))

    def report(self) -> dict[str, Any]:
        """Return the figures: ``records`` and one table per dimension, then the lengths."""
        return {
            "records": sum(self.counts["split"].values()),
            **{f"by_{name}": _top(counts) for name, counts in self.counts.items()},
            "length": {name: lengths.summary() for name, lengths in self.lengths.items()},
        }


def release_rows(release_dir: Path, files: Iterable[str]) -> Iterable[tuple[str, dict[str, Any]]]:
    """Yield ``(split, row)`` for every row of the ``all`` config's shards among ``files``."""
    for path in sorted(files):
        config, _, name = path.partition("/")
        if config != ALL_CONFIG:
            continue
        split = name.split("-", 1)[0]
        table = pq.read_table(release_dir / path, columns=list(COLUMNS))
        for batch in table.to_batches(max_chunksize=10_000):
            for row in batch.to_pylist():
                yield split, row


def waterfall(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return records in and out of every step with its removals, from the manifest's steps."""
    return [
        {
            "step": step["step"],
            "in": step["in"],
            "out": step["out"],
            "removed": sum(step["dropped"].values()),
            "reasons": step["dropped"],
        }
        for step in steps
    ]


def contamination(steps: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Return records dropped as benchmark items, in total and per benchmark.

    Filters that find benchmark items drop them with the reason
    ``contaminated:<benchmark>:<item id>``; None when no step is a
    ``decontaminate`` filter, so other releases' reports are unchanged.
    """
    if not any("(filter 'decontaminate')" in step["step"] for step in steps):
        return None
    by_benchmark: Counter[str] = Counter()
    for step in steps:
        for reason, count in step["dropped"].items():
            if reason.startswith(CONTAMINATED):
                by_benchmark[reason.split(":")[1]] += count
    return {"total": sum(by_benchmark.values()), "by_benchmark": dict(sorted(by_benchmark.items()))}


def build_report(manifest: dict[str, Any], release_dir: Path) -> dict[str, Any]:
    """Return the report of a release written to ``release_dir`` with ``manifest``."""
    distributions = Distributions()
    for split, row in release_rows(release_dir, manifest["files"]):
        distributions.add(row, split)
    clusters = {s["step"]: s["clusters"] for s in manifest["steps"] if s.get("clusters")}
    figures = distributions.report()
    found = contamination(manifest["steps"])
    if found is not None:
        figures["contamination"] = found
    return {
        "name": manifest["name"],
        "version": manifest["version"],
        "distributions": figures,
        "waterfall": waterfall(manifest["steps"]),
        "dedup_clusters": clusters,
        "audits": manifest["audits"],
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as sorted, indented JSON, so reruns give the same bytes."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    path.write_text(text, encoding="utf-8")
