"""Segment alphabetic-script text into words with one Unicode-aware regular expression."""

from __future__ import annotations

from collections.abc import Iterable

import regex

from zhiling import Record, hookimpl

WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’][\p{L}]+)*|\p{N}+")


class RegexWords:
    """Add ``words`` to records in ``languages``; other records pass through unchanged."""

    def __init__(self, *, languages: list[str] | None = None, field: str = "text") -> None:
        self.languages = tuple(languages or ["en"])
        self.field = field

    def segment(self, record: Record) -> Iterable[Record]:
        if record.get("lang", "").split("-")[0] in self.languages and self.field in record:
            record["words"] = WORD.findall(str(record[self.field]))  # type: ignore[literal-required]
        return (record,)


@hookimpl
def register_segmenters(register):
    register("regex-words", RegexWords)
