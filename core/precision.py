"""The precision file an extractor plugin ships, and how a plugin reads its own figures.

Built-in patterns and third-party ones share one format (``zhiling measure
--write-precision`` writes it, ``benchmarks/extraction.py`` too)::

    {"measured": "2026-12-05",
     "patterns": {"my-faq": {"version": "0.1.0",
                             "languages": {"en": {"precision": 0.93, "recall": 0.5,
                                                  "pairs": 14, "gold": 26, ...}}}}}

A plugin ships the file beside its module and exposes the figures as its
extractor's ``precision`` attribute with ``shipped_precision``; the figures of
another version do not count, so a changed pattern is unmeasured until it is
measured again, and a recipe's ``min_precision`` then holds it back.
"""

from __future__ import annotations

import json
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from zhiling.errors import ZhilingError


def shipped_precision(file: Path | Traversable, name: str, version: str) -> dict[str, float]:
    """Return the precision per language that ``file`` records for ``name`` at ``version``.

    A missing file, pattern or language, or figures of another version, give
    nothing for it: the pattern counts as unmeasured there. Use it from a
    package with ``importlib.resources.files(__package__) / "precision.json"``.
    """
    if not file.is_file():
        return {}
    entry = read_precision(file).get("patterns", {}).get(name, {})
    if entry.get("version") != version:
        return {}
    return {
        lang: float(figures["precision"])
        for lang, figures in entry.get("languages", {}).items()
        if figures.get("precision") is not None
    }


def read_precision(file: Path | Traversable) -> dict[str, Any]:
    """Return the contents of a precision file, or say in one line why it cannot be read."""
    try:
        data = json.loads(file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ZhilingError(f"{file}: not a precision file: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("patterns", {}), dict):
        raise ZhilingError(f"{file}: not a precision file: no 'patterns' mapping")
    return data


def write_precision(file: Path, patterns: dict[str, dict[str, Any]], measured: str) -> None:
    """Write ``patterns`` into ``file``, keeping the entries of patterns not measured now.

    The file is replaced in one step, so a reader never sees half of it.
    """
    data = read_precision(file) if file.exists() else {}
    merged = {**data.get("patterns", {}), **patterns}
    text = json.dumps(
        {"measured": measured, "patterns": dict(sorted(merged.items()))},
        ensure_ascii=False,
        indent=2,
        sort_keys=True,
    )
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(file.name + ".partial")
    partial.write_text(text + "\n", encoding="utf-8")
    partial.replace(file)
