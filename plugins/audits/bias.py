"""Measure gender representation, occupation × gender skew, and region, ethnicity and age mentions.

Word lists come from the ``lexicons_for_language`` hook (built-in: zh, en),
chosen by each record's ``lang``; records in a language without a ``gender``
list are counted under ``records_without_lexicon``.

Skew. For each occupation, ``male`` and ``female`` count the records that
mention the occupation together with at least one male (female) term. Its
skew is ``log2((male + 1) / (female + 1))``: 0 is balanced, +1 means twice
as many male co-occurrences, -3 eight times as many female ones; the add-one
smoothing keeps a single mention from reading as infinite. ``max_skew`` is
the largest absolute skew among occupations seen in at least ``min_count``
gendered records, the figure a recipe gates with ``bias.max_skew``.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

from zhiling import Record, hookimpl
from zhiling.plugins.audits._lexicon import DEFAULT_FIELDS, Lexicons, base_language, text_of

KINDS = ("gender", "occupation", "region", "ethnicity", "age")
GENDERS = ("male", "female")


def skew(male: int, female: int) -> float:
    """Return the add-one smoothed log2 ratio of male to female co-occurrences."""
    return round(math.log2((male + 1) / (female + 1)), 3)


class BiasAudit:
    """Count gendered, occupation, region, ethnicity and age terms in released records."""

    def __init__(
        self,
        *,
        languages: list[str] | None = None,
        min_count: int = 1,
        top: int = 10,
        fields: list[str] | None = None,
        hook,
    ) -> None:
        self.lexicons = Lexicons(hook, KINDS, languages)
        self.min_count = min_count
        self.top = top
        self.fields = tuple(fields or DEFAULT_FIELDS)
        self.records = 0
        self.without: Counter[str] = Counter()
        self.gender_records: Counter[str] = Counter()
        self.gender_mentions: Counter[str] = Counter()
        self.cooccurrence: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.mentions: dict[str, Counter[str]] = {
            kind: Counter() for kind in ("region", "ethnicity", "age")
        }

    def observe(self, record: Record) -> None:
        self.records += 1
        language = base_language(record)
        matchers = self.lexicons.get(language)
        if matchers is None:
            self.without[language] += 1
            return
        text = text_of(record, self.fields)
        genders = Counter(matchers["gender"].find(text))
        self.gender_mentions.update(genders)
        self.gender_records.update(genders.keys())
        for occupation in set(matchers["occupation"].find(text)):
            self.cooccurrence[occupation]["records"] += 1
            self.cooccurrence[occupation].update(g for g in GENDERS if genders[g])
        for kind, counts in self.mentions.items():
            counts.update(matchers[kind].find(text))

    def occupations(self) -> dict[str, dict[str, Any]]:
        """Return every occupation seen with its record counts and skew."""
        return {
            name: {
                "records": counts["records"],
                "male": counts["male"],
                "female": counts["female"],
                "skew": skew(counts["male"], counts["female"]),
            }
            for name, counts in sorted(self.cooccurrence.items())
        }

    def report(self) -> dict[str, Any]:
        occupations = self.occupations()
        ranked = sorted(
            (
                {"occupation": name, **row, "leans": "male" if row["skew"] > 0 else "female"}
                for name, row in occupations.items()
                if row["male"] + row["female"] >= self.min_count and row["skew"]
            ),
            key=lambda row: (-abs(row["skew"]), row["occupation"]),
        )
        male, female = self.gender_records["male"], self.gender_records["female"]
        return {
            "records": self.records,
            "records_without_lexicon": dict(sorted(self.without.items())),
            "gender": {
                g: {"records": self.gender_records[g], "mentions": self.gender_mentions[g]}
                for g in GENDERS
            },
            "gender_skew": skew(male, female),
            "max_skew": abs(ranked[0]["skew"]) if ranked else 0.0,
            "top_skewed": ranked[: self.top],
            "occupations": occupations,
            **{
                f"{kind}_mentions": dict(sorted(counts.items(), key=lambda i: (-i[1], i[0])))
                for kind, counts in self.mentions.items()
            },
        }


@hookimpl
def register_audits(register):
    register("bias", BiasAudit)
