"""Render the release report as Markdown tables: gates, distributions, charts and audits.

Audit reports are rendered generically, so a third-party audit gets readable
tables too: numbers and short text become one ``figure | value`` table; a
mapping of mappings becomes a table with a row per key; a mapping of numbers
a two-column table; a list of mappings a table with a row per item; deeper
mappings a sub-heading each.
"""

from __future__ import annotations

from typing import Any

CHART_TITLES = {
    "records": "Released records by language, split, licence and pattern",
    "lengths": "Instruction and output lengths",
    "waterfall": "Records in and out of every step",
    "dedup_clusters": "Sizes of duplicate clusters",
    "tokens": "Tokens per record by language and split",
}


def cell(value: Any) -> str:
    """Return ``value`` as the text of one table cell."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(f"`{v}`" if isinstance(v, str) else cell(v) for v in value) or "–"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {cell(v)}" for k, v in value.items()) or "–"
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(header: list[str], rows: list[list[Any]]) -> str:
    """Return a Markdown table; an empty one is said in words."""
    if not rows:
        return "_none_"
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _flat(value: Any) -> bool:
    if isinstance(value, list):
        return all(not isinstance(v, (dict, list)) for v in value)
    if isinstance(value, dict):
        return not value or all(_flat(v) and not isinstance(v, dict) for v in value.values())
    return True


def _sorted(mapping: dict[Any, Any]) -> dict[Any, Any]:
    """Return ``mapping`` with its keys sorted as text.

    ``report.json`` is written with sorted keys, so sorting here makes the card
    rendered during the build the same as one rendered later from the file.
    """
    return {key: mapping[key] for key in sorted(mapping, key=str)}


def _by_count(counts: dict[str, int]) -> list[list[Any]]:
    """Return ``counts`` as rows, largest first, ties by name, ``(other)`` last."""
    return [
        [key, counts[key]]
        for key in sorted(counts, key=lambda k: (k == "(other)", -counts[k], str(k)))
    ]


def _rows_table(rows: dict[str, dict[str, Any]] | list[dict[str, Any]], key: str) -> str:
    items = list(_sorted(rows).items()) if isinstance(rows, dict) else [(None, r) for r in rows]
    columns = sorted({c for _, row in items for c in row}, key=str)
    header = ([key] if isinstance(rows, dict) else []) + columns
    body = [
        ([name] if name is not None else []) + [row.get(c) for c in columns] for name, row in items
    ]
    return table(header, body)


def render_mapping(report: dict[str, Any], level: int) -> list[str]:
    """Return the Markdown of one report mapping, headings starting at ``level``."""
    report = _sorted(report)
    flat = {k: v for k, v in report.items() if not isinstance(v, dict) and _flat(v)}
    parts = [table(["figure", "value"], [[f"`{k}`", v] for k, v in flat.items()]), ""]
    for key, value in report.items():
        if key in flat:
            continue
        parts += [f"{'#' * level} {key.replace('_', ' ')}", ""]
        rows = isinstance(value, list) or (
            value and all(isinstance(v, dict) and _flat(v) for v in value.values())
        )
        if rows:
            parts += [_rows_table(value, key.removeprefix("by_").removesuffix("s")), ""]
        elif _flat(value):
            parts += [
                table(
                    [key.replace("_", " "), "value"],
                    [list(item) for item in _sorted(value).items()],
                ),
                "",
            ]
        else:
            parts += render_mapping(value, level + 1)
    return parts if flat else parts[2:]


def _distributions(report: dict[str, Any]) -> list[str]:
    figures = report["distributions"]
    parts = [f"{figures['records']} released records.", ""]
    for name in ("language", "split", "license", "pattern", "source"):
        parts += [table([name, "records"], _by_count(figures[f"by_{name}"])), ""]
    lengths = _sorted(figures["length"])
    names = list(lengths)
    bins = [b["bin"] for b in lengths[names[0]]["histogram"]]
    rows = [
        [b, *(lengths[n]["histogram"][i]["records"] for n in names)] for i, b in enumerate(bins)
    ]
    rows += [
        [f"**{s}**", *(lengths[n][s] for n in names)] for s in ("mean", "median", "p95", "max")
    ]
    parts += ["Lengths in characters:", "", table(["length", *names], rows), ""]
    found = figures.get("contamination")
    if found is not None:
        by_benchmark = [[name, count] for name, count in found["by_benchmark"].items()]
        parts += [
            f"Records removed because they contain benchmark items: {found['total']}.",
            "",
            *([table(["benchmark", "records removed"], by_benchmark), ""] if by_benchmark else []),
        ]
    return parts


def report_section(report: dict[str, Any]) -> str:
    """Return the card's report section, or nothing if the release has no report."""
    if not report:
        return ""
    charts = report.get("charts", {})
    order = list(CHART_TITLES)
    ranked = sorted(charts, key=lambda n: (order.index(n) if n in order else len(order), n))
    parts = ["## Audits and distributions", "", "All figures are in `report.json`.", ""]
    if report.get("gates"):
        rows = [
            [g["gate"], g["value"], g["min"], g["max"], "pass" if g["passed"] else "FAIL"]
            for g in report["gates"]
        ]
        parts += ["### Gates", "", table(["gate", "value", "min", "max", "result"], rows), ""]
    parts += ["### Distributions", ""]
    parts += [f"![{CHART_TITLES.get(n, n)}]({charts[n]})" for n in ranked] + [""]
    parts += _distributions(report)
    for step, sizes in _sorted(report.get("dedup_clusters", {})).items():
        parts += [
            f"Duplicate clusters of `{step}`:",
            "",
            table(["size", "clusters"], sorted(sizes.items(), key=lambda i: int(i[0]))),
            "",
        ]
    for name, audit in _sorted(report.get("audits", {})).items():
        parts += [f"### Audit `{name}`", "", *render_mapping(audit, 4)]
    return "\n".join(parts) + "\n"
