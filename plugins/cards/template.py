"""Render the dataset card from its template: Hub metadata first, then readable tables.

The template uses ``$name`` placeholders (``string.Template``): cards are
mostly prose and tables computed here, so a full template engine would add a
dependency for no gain. Unknown placeholders are left as they are.
"""

from __future__ import annotations

from string import Template
from typing import Any

from zhiling import CardContext, hookimpl
from zhiling.plugins.cards._reference_model import reference_model_section
from zhiling.plugins.cards._report import report_section, table


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


def _patterns(manifest: dict[str, Any]) -> str:
    rows = []
    for name, entry in manifest.get("patterns", {}).items():
        excluded = entry.get("excluded", {})
        langs = sorted(set(entry.get("languages", [])) | set(entry.get("records", {})))
        for lang in langs:
            precision = entry.get("precision", {}).get(lang)
            rows.append(
                [
                    f"`{name}`",
                    entry.get("version", ""),
                    lang,
                    "not measured" if precision is None else f"{precision:.3f}",
                    entry.get("records", {}).get(lang, 0),
                    f"excluded: {excluded[lang]}" if lang in excluded else "released",
                ]
            )
    return table(["pattern", "version", "lang", "measured precision", "records", "status"], rows)


def _leakage(manifest: dict[str, Any]) -> str:
    """Return the split-leakage table (``splits: {leakage: T}`` in the recipe), or a note."""
    figures = manifest.get("leakage")
    if not figures:
        return "Split leakage was not measured for this release."
    rows = [
        [config, f["held_out"], f["leaked"], f"{f['share']:.2%}", f["threshold"]]
        for config, f in figures.items()
    ]
    return table(["config", "validation + test", "with a near-duplicate in train", "share",
                  "Jaccard ≥"], rows)  # fmt: skip


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
        "audits_section": report_section(context.report),
        "patterns_table": _patterns(manifest),
        "leakage_table": _leakage(manifest),
        "reference_model_section": reference_model_section(manifest, table),
        "content_sha256": manifest["content_sha256"],
    }
    return context.front_matter() + "\n" + Template(context.template).safe_substitute(values)


@hookimpl(trylast=True)
def render_dataset_card(context):
    return render(context)
