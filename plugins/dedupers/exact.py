"""Remove records whose normalised text is identical to another's.

Normalisation folds Unicode width and compatibility forms (NFKC), case,
whitespace and punctuation, so 「ＡＰＴ，」 and "apt," collide; with
``traditional_to_simplified`` it also folds 這 to 这, so the two scripts of one
text collide. Of each group of duplicates the record with the smallest id
survives: ids are content hashes, so the survivor does not depend on input
order or worker count.

Memory: one key and one record per distinct text, since no survivor can be
chosen before the last record has been seen.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from zhiling import RecipeError, Record, hookimpl
from zhiling.plugins.dedupers._normalise import key as normalised_key


def normalise(text: str, *, simplify: bool = False) -> str:
    """Return ``text`` folded for comparison: NFKC, lower case, no punctuation or spaces."""
    return normalised_key(text, simplify=simplify)


class ExactDeduper:
    """Keep one record per normalised value of ``fields``."""

    def __init__(
        self, *, fields: list[str] | None = None, traditional_to_simplified: bool = False
    ) -> None:
        self.fields = tuple(fields or ["instruction", "input", "output"])
        if not self.fields:
            raise RecipeError("'fields' must name at least one field")
        self.simplify = traditional_to_simplified
        self._removed: list[tuple[Record, str]] = []

    def key(self, record: Record) -> tuple[str, ...]:
        return tuple(
            normalise(str(record.get(field, "")), simplify=self.simplify) for field in self.fields
        )

    def __call__(self, records: Iterable[Record]) -> Iterator[Record]:
        kept: dict[tuple[str, ...], Record] = {}
        for record in records:
            key = self.key(record)
            other = kept.get(key)
            if other is None:
                kept[key] = record
                continue
            loser, winner = (other, record) if record["id"] < other["id"] else (record, other)
            kept[key] = winner
            self._removed.append((loser, "exact_duplicate"))
        yield from kept.values()

    def removed(self) -> Iterable[tuple[Record, str]]:
        return self._removed


@hookimpl
def register_dedupers(register):
    register("exact", ExactDeduper)
