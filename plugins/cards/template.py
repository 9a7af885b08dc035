"""Render the dataset card from its template: Hub metadata first, then readable tables.

The template uses ``$name`` placeholders (``string.Template``): cards are
mostly prose and tables computed here, so a full template engine would add a
dependency for no gain. Unknown placeholders are left as they are.
"""

from __future__ import annotations

import json
from string import Template
from typing import Any

from zhiling import CardContext, hookimpl


def table(header: list[str], rows: list[list[Any]]) -> str:
    """Return a Markdown table; an empty one is said in words."""
    if not rows:
        return "_none_"
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [
        "| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows
    ]
    return "\n".join(lines)


def _load_examples(context: CardContext) -> str:
    configs = [c["config_name"] for c in context.metadata["configs"]]
    lines = [
        f'ds = load_dataset("{context.name}", "{config}", split="train")'
        for config in configs
        if config != "all"
    ][:2]
    local = f"releases/{context.name}/{context.version}"
    lines.append(f'local = load_dataset("{local}", "{configs[-1]}", split="train")')
    return "\n".join(lines)


def _audits(manifest: dict[str, Any]) -> str:
    if not manifest.get("audits"):
        return ""
    parts = ["## Audits", ""]
    for name, report in manifest["audits"].items():
        parts += [
            f"### {name}",
            "",
            "```json",
            json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True),
            "```",
            "",
        ]
    return "\n".join(parts) + "\n"


def _count_table(name: str, counts: dict[str, Any]) -> str | None:
    """Return a table for ``{key: count}`` or ``{key: {column: count}}``, else None."""
    values = list(counts.values())
    if values and all(isinstance(v, int) for v in values):
        return table([name, "records"], [[key, value] for key, value in counts.items()])
    if values and all(isinstance(v, dict) for v in values):
        columns = sorted({column for value in values for column in value})
        if all(isinstance(n, int) for value in values for n in value.values()):
            rows = [[key, *(row.get(c, 0) for c in columns)] for key, row in counts.items()]
            return table([name, *columns], rows)
    return None


def _audit_tables(manifest: dict[str, Any]) -> str:
    """Return every audit report as Markdown: count tables where it holds counts, else JSON."""
    parts = []
    for audit, report in manifest.get("audits", {}).items():
        for key, value in report.items():
            title = f"**{audit}: {key.replace('_', ' ')}**"
            found = None
            if isinstance(value, dict):
                found = _count_table(key.removeprefix("by_"), value)
            if found is None:
                found = "```json\n" + json.dumps(value, ensure_ascii=False, indent=2) + "\n```"
            parts.append(f"{title}\n\n{found}")
    return "\n\n".join(parts) or "_no audits_"


def render(context: CardContext) -> str:
    """Return the whole card: front matter, then the template filled from the manifest."""
    manifest = context.manifest
    values = {
        "name": context.name,
        "version": context.version,
        "pretty_name": context.pretty_name,
        "description": context.description or "An instruction dataset built with zhiling.",
        "load_examples": _load_examples(context),
        "configs_table": table(
            ["config", *manifest["configs"].get("all", {})],
            [[config, *splits.values()] for config, splits in manifest["configs"].items()],
        ),
        "licenses_table": table(["licence", "records"], list(manifest["licenses"].items())),
        "recipe_file": manifest["recipe"]["file"],
        "recipe_sha256": manifest["recipe"]["sha256"],
        "plugins_table": table(["distribution", "version"], list(manifest["plugins"].items())),
        "steps_table": table(
            ["step", "in", "out", "dropped (reason: count)"],
            [
                [
                    s["step"],
                    s["in"],
                    s["out"],
                    ", ".join(f"{k}: {v}" for k, v in s["dropped"].items()),
                ]
                for s in manifest["steps"]
            ],
        ),
        "sources_table": table(
            ["file", "sha256"], [[f"`{k}`", f"`{v[:16]}…`"] for k, v in manifest["sources"].items()]
        ),
        "audits_section": _audits(manifest),
        "audit_tables": _audit_tables(manifest),
        "content_sha256": manifest["content_sha256"],
    }
    return context.front_matter() + "\n" + Template(context.template).safe_substitute(values)


@hookimpl(trylast=True)
def render_dataset_card(context):
    return render(context)
