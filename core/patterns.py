"""What the release says about its extraction patterns, and the precision gate.

Every extractor in a recipe reports its name, version, languages and, when it
has one, its measured precision per language (the ``precision`` attribute,
built-ins read it from the benchmark's ``precision.json``). The manifest's
``patterns`` section lists them with the records each released per language,
so the figures travel with the data. A recipe's ``min_precision`` holds a
pattern back, per language, when its measured precision is lower or missing:
its records are dropped with the reason ``below_min_precision``, a warning is
logged and the manifest says why.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from zhiling.errors import RecipeError
from zhiling.records import Record

logger = logging.getLogger(__name__)

REASON = "below_min_precision"


def parse_min_precision(value: object, where: str) -> dict[str, float] | None:
    """Return ``min_precision`` as language → threshold (``"*"`` for every language).

    A recipe gives one number for all languages or a mapping such as
    ``{zh: 0.9, en: 0.85}``.
    """
    if value is None:
        return None
    raw = value if isinstance(value, dict) else {"*": value}
    thresholds: dict[str, float] = {}
    for lang, number in raw.items():
        if isinstance(number, bool) or not isinstance(number, (int, float)) or not 0 <= number <= 1:
            raise RecipeError(
                f"{where}: min_precision must be a number between 0 and 1, or a mapping of "
                f"language to such a number; got {number!r} for {lang!r}"
            )
        thresholds[str(lang)] = float(number)
    return thresholds


class PatternGate:
    """Counts released records per pattern and language, and holds back imprecise patterns."""

    def __init__(self, extractors: list[Any], min_precision: dict[str, float] | None) -> None:
        self.min_precision = min_precision
        self.patterns: dict[str, dict[str, Any]] = {}
        for extractor in extractors:
            precision = getattr(extractor, "precision", None) or {}
            self.patterns[extractor.name] = {
                "version": extractor.version,
                "languages": sorted(getattr(extractor, "languages", ()) or precision),
                "precision": {lang: float(p) for lang, p in sorted(precision.items())},
            }
        self.released: Counter[tuple[str, str]] = Counter()
        self.held_back: Counter[tuple[str, str]] = Counter()
        self._verdicts: dict[tuple[str, str], str | None] = {}

    def _verdict(self, name: str, lang: str) -> str | None:
        key = (name, lang)
        if key not in self._verdicts:
            self._verdicts[key] = self._judge(name, lang)
            if self._verdicts[key]:
                logger.warning(
                    "pattern %r (%s) is excluded from the release: %s",
                    name,
                    lang,
                    self._verdicts[key],
                )
        return self._verdicts[key]

    def _judge(self, name: str, lang: str) -> str | None:
        if not self.min_precision:
            return None
        wanted = self.min_precision.get(lang, self.min_precision.get("*"))
        if wanted is None:
            return None
        measured = self.patterns.get(name, {}).get("precision", {}).get(lang)
        if measured is None:
            return f"no measured precision for {lang!r}; min_precision is {wanted:.2f}"
        if measured < wanted:
            return f"measured precision {measured:.3f} is below min_precision {wanted:.2f}"
        return None

    def reason_to_drop(self, record: Record) -> str | None:
        """Return ``below_min_precision`` for a record of a held-back pattern, else count it."""
        pattern = record.get("pattern")
        if not pattern:
            return None
        key = (pattern["name"], record.get("lang", "und").split("-")[0])
        if self._verdict(*key):
            self.held_back[key] += 1
            return REASON
        self.released[key] += 1
        return None

    def manifest(self) -> dict[str, Any]:
        """Return the manifest's ``patterns`` section."""
        section: dict[str, Any] = {}
        names = sorted(set(self.patterns) | {name for name, _ in self.released + self.held_back})
        for name in names:
            entry = dict(self.patterns.get(name, {"version": "", "languages": [], "precision": {}}))
            entry["records"] = {
                lang: count for (n, lang), count in sorted(self.released.items()) if n == name
            }
            langs = set(entry["languages"]) | {lang for n, lang in self._verdicts if n == name}
            excluded = {lang: v for lang in sorted(langs) if (v := self._verdict(name, lang))}
            if excluded:
                entry["excluded"] = excluded
                entry["held_back"] = {
                    lang: count for (n, lang), count in sorted(self.held_back.items()) if n == name
                }
            section[name] = entry
        return section
