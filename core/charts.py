"""Draw the release report as SVG charts: record distributions, lengths and the waterfall.

matplotlib is imported here only, when a release is written, and used through
its object API (``Figure``), never ``pyplot``: no GUI backend is chosen and
no global state of the caller's process changes. Output is byte-identical
across reruns: a fixed ``svg.hashsalt`` replaces random element ids, the date
is left out of the metadata, and text stays text (``svg.fonttype: none``), so
a browser draws Chinese labels with its own fonts.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

CHART_DIR = "charts"
METADATA = {"Date": None, "Creator": "zhiling"}


def _bars(axes: Any, table: dict[str, int], title: str) -> None:
    labels = list(table)[::-1]
    axes.barh(labels, [table[label] for label in labels], color="#4c72b0")
    axes.set_title(title)
    axes.set_xlabel("records")
    for position, label in enumerate(labels):
        axes.annotate(f" {table[label]}", (table[label], position), va="center", fontsize=8)


def _save(figure: Any, folder: Path, name: str) -> str:
    figure.tight_layout()
    figure.savefig(folder / name, format="svg", metadata=METADATA)
    return f"{CHART_DIR}/{name}"


def _records(report: dict[str, Any], folder: Path, figure_class: Any) -> str:
    figure = figure_class(figsize=(9, 6.5))
    tables = ("language", "split", "license", "pattern")
    for index, name in enumerate(tables, start=1):
        _bars(figure.add_subplot(2, 2, index), report["distributions"][f"by_{name}"], name)
    figure.suptitle("Released records")
    return _save(figure, folder, "records.svg")


def _lengths(report: dict[str, Any], folder: Path, figure_class: Any) -> str:
    figure = figure_class(figsize=(9, 3.5))
    for index, (name, summary) in enumerate(report["distributions"]["length"].items(), start=1):
        axes = figure.add_subplot(1, 2, index)
        histogram = summary["histogram"]
        axes.bar([b["bin"] for b in histogram], [b["records"] for b in histogram], color="#55a868")
        axes.set_title(f"{name} length (characters), median {summary['median']}")
        axes.set_ylabel("records")
        axes.tick_params(axis="x", labelrotation=45)
    return _save(figure, folder, "lengths.svg")


def _waterfall(report: dict[str, Any], folder: Path, figure_class: Any) -> str:
    rows = report["waterfall"]
    figure = figure_class(figsize=(9, 0.45 * len(rows) + 1.2))
    axes = figure.add_subplot(1, 1, 1)
    labels = [row["step"] for row in rows][::-1]
    outs = [row["out"] for row in rows][::-1]
    removed = [row["removed"] for row in rows][::-1]
    axes.barh(labels, outs, color="#4c72b0", label="records out")
    axes.barh(labels, removed, left=outs, color="#c44e52", label="removed")
    for position, (out, gone) in enumerate(zip(outs, removed, strict=True)):
        note = f" {out}" + (f" (-{gone})" if gone else "")
        axes.annotate(note, (out + gone, position), va="center", fontsize=8)
    axes.set_xlabel("records")
    axes.set_title("Records through every step")
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return _save(figure, folder, "waterfall.svg")


def _clusters(report: dict[str, Any], folder: Path, figure_class: Any) -> str:
    figure = figure_class(figsize=(6, 3.5))
    axes = figure.add_subplot(1, 1, 1)
    for step, sizes in report["dedup_clusters"].items():
        axes.bar([str(size) for size in sizes], list(sizes.values()), label=step, alpha=0.8)
    axes.set_xlabel("records in a duplicate cluster")
    axes.set_ylabel("clusters")
    axes.legend()
    return _save(figure, folder, "dedup_clusters.svg")


def token_units(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return the units counted by audits that report per-record size percentiles.

    An audit whose report has ``units: {unit: {"by_language_split": {...}}}``
    (the built-in ``token-stats``) gets a chart of p10/p50/p90 per language
    and split; the key is ``<audit> <unit>``.
    """
    found = {}
    for name, audit in sorted(report.get("audits", {}).items()):
        units = audit.get("units") if isinstance(audit, dict) else None
        for unit, figures in sorted((units or {}).items()):
            if isinstance(figures, dict) and figures.get("by_language_split"):
                found[f"{name} {unit}"] = figures["by_language_split"]
    return found


def _tokens(report: dict[str, Any], folder: Path, figure_class: Any) -> str:
    units = token_units(report)
    figure = figure_class(figsize=(9, 3.2 * len(units)))
    for index, (unit, table) in enumerate(units.items(), start=1):
        axes = figure.add_subplot(len(units), 1, index)
        labels = list(table)
        for offset, (q, colour) in enumerate(
            (("p10", "#8172b2"), ("p50", "#4c72b0"), ("p90", "#c44e52"))
        ):
            positions = [i + (offset - 1) * 0.27 for i in range(len(labels))]
            axes.bar(positions, [table[k][q] for k in labels], 0.27, label=q, color=colour)
        axes.set_xticks(range(len(labels)), labels)
        axes.set_title(f"{unit} per record (total {sum(t['total'] for t in table.values())})")
        axes.legend()
    return _save(figure, folder, "tokens.svg")


def write_charts(report: dict[str, Any], release_dir: Path) -> dict[str, str]:
    """Draw the report's charts into ``release_dir/charts``; return name → relative path."""
    import matplotlib
    from matplotlib.figure import Figure

    folder = release_dir / CHART_DIR
    folder.mkdir(parents=True, exist_ok=True)
    charts = {}
    with (
        matplotlib.rc_context({"svg.hashsalt": "zhiling", "svg.fonttype": "none", "font.size": 9}),
        warnings.catch_warnings(),
    ):
        # Layout is measured with a Latin font; the SVG keeps text as text.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        # Cluster sizes and length bins are drawn as categories on purpose; matplotlib
        # logs a note for every such axis, which would reach the CLI's output.
        logging.getLogger("matplotlib.category").setLevel(logging.WARNING)
        charts["records"] = _records(report, folder, Figure)
        charts["lengths"] = _lengths(report, folder, Figure)
        charts["waterfall"] = _waterfall(report, folder, Figure)
        if report["dedup_clusters"]:
            charts["dedup_clusters"] = _clusters(report, folder, Figure)
        if token_units(report):
            charts["tokens"] = _tokens(report, folder, Figure)
    return charts
