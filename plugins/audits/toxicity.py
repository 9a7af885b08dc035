"""Count offensive language (``- audit: toxicity``) and drop it if asked (``- filter: offensive``).

Both read the ``offensive`` word lists of the ``lexicons_for_language`` hook
(built-in: zh, en; categories ``insult``, ``profanity``, ``threat``,
``slur``), chosen by each record's ``lang``. A lexicon finds words, not
intent: it misses politely worded hostility and counts quoted or discussed
words, so the audit reports sample record ids for a person to read.
"""

from __future__ import annotations

from bisect import insort
from collections import Counter
from typing import Any

from zhiling import RecipeError, Record, hookimpl
from zhiling.plugins.audits._lexicon import DEFAULT_FIELDS, Lexicons, base_language, text_of

KINDS = ("offensive",)


class ToxicityAudit:
    """Count offensive terms by category and language, keeping a few record ids to check."""

    def __init__(
        self,
        *,
        languages: list[str] | None = None,
        samples: int = 5,
        fields: list[str] | None = None,
        hook,
    ) -> None:
        self.lexicons = Lexicons(hook, KINDS, languages)
        self.samples = samples
        self.fields = tuple(fields or DEFAULT_FIELDS)
        self.records = 0
        self.flagged = 0
        self.by_category: Counter[str] = Counter()
        self.by_language: Counter[str] = Counter()
        self.without: Counter[str] = Counter()
        self.sample_ids: list[str] = []

    def observe(self, record: Record) -> None:
        self.records += 1
        language = base_language(record)
        matchers = self.lexicons.get(language)
        if matchers is None:
            self.without[language] += 1
            return
        hits = matchers["offensive"].find(text_of(record, self.fields))
        if hits:
            self.flagged += 1
            self.by_category.update(hits)
            self.by_language[language] += len(hits)
            insort(self.sample_ids, str(record.get("id", "")))
            del self.sample_ids[self.samples :]

    def report(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "hits": sum(self.by_category.values()),
            "records_with_hits": self.flagged,
            "by_category": dict(sorted(self.by_category.items())),
            "by_language": dict(sorted(self.by_language.items())),
            "records_without_lexicon": dict(sorted(self.without.items())),
            "sample_ids": list(self.sample_ids),
        }


class OffensiveFilter:
    """Drop records with at least ``min_hits`` offensive terms of the chosen ``categories``."""

    def __init__(
        self,
        *,
        categories: list[str] | None = None,
        min_hits: int = 1,
        languages: list[str] | None = None,
        fields: list[str] | None = None,
        hook,
    ) -> None:
        if min_hits < 1:
            raise RecipeError(f"min_hits must be at least 1, got {min_hits}")
        self.lexicons = Lexicons(hook, KINDS, languages)
        self.categories = frozenset(categories) if categories else None
        self.min_hits = min_hits
        self.fields = tuple(fields or DEFAULT_FIELDS)

    def reason_to_drop(self, record: Record) -> str | None:
        matchers = self.lexicons.get(base_language(record))
        if matchers is None:
            return None
        hits = matchers["offensive"].find(text_of(record, self.fields))
        if self.categories is not None:
            hits = [hit for hit in hits if hit in self.categories]
        return "offensive_language" if len(hits) >= self.min_hits else None


@hookimpl
def register_audits(register):
    register("toxicity", ToxicityAudit)


@hookimpl
def register_filters(register):
    register("offensive", OffensiveFilter)
