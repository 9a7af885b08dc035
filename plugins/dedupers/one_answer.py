"""One question, one answer (recipe: ``- dedupe: one-answer``).

Two records that ask the same thing and answer differently teach a model that the
question has no single answer, and usually mean the question lost the context that told
them apart (「如何打开「数据库」？」 asked of every LibreOffice module's menu). Records whose
instruction, folded (NFKC width and case, spaces and punctuation dropped), is shared
with a record of another output ask their qualified question instead where the pattern
gave one (「在 LibreOffice 的「字体」中如何…」: ``instruction_record(qualified=…)``), and
are dropped with the reason ``ambiguous_instruction`` where it gave none or the qualified
question is still answered two ways. Records sharing both instruction and output are left
to the ``exact`` deduper. Qualifying only the questions that need it keeps the others as
short as a user would ask them.

Memory: every record is held until the last one has been seen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from zhiling import Record, hookimpl, requalified
from zhiling.plugins.dedupers._normalise import key as normalised_key


class OneAnswer:
    """Drop every record whose instruction another record answers differently."""

    def __init__(self, *, field: str = "instruction", answer: str = "output") -> None:
        self.field, self.answer = field, answer
        self._removed: list[tuple[Record, str]] = []
        self._report: dict[str, int] = {}

    def __call__(self, records: Iterable[Record]) -> Iterator[Record]:
        held = list(records)
        keys = [self._key(record) for record in held]
        ambiguous = self._ambiguous(held, keys)
        # An ambiguous record asks its qualified question (None: it has none to ask); one
        # still sharing its question with a record of another answer is dropped too.
        asked = [
            requalified(record) if key in ambiguous else record
            for record, key in zip(held, keys, strict=True)
        ]
        settled = [again or record for again, record in zip(asked, held, strict=True)]
        settled_keys = [self._key(record) for record in settled]
        still = self._ambiguous(settled, settled_keys)
        self._removed = []
        qualified = 0
        for record, again, key in zip(held, asked, settled_keys, strict=True):
            if again is None or key in still:
                self._removed.append((record, "ambiguous_instruction"))
                continue
            qualified += again is not record
            yield again
        self._report = {
            "instructions": len(ambiguous),
            "qualified": qualified,
            "removed": len(self._removed),
        }

    def _ambiguous(self, records: list[Record], keys: list[str]) -> set[str]:
        answers: dict[str, set[str]] = defaultdict(set)
        for record, key in zip(records, keys, strict=True):
            answers[key].add(normalised_key(str(record.get(self.answer, ""))))
        return {key for key, outputs in answers.items() if key and len(outputs) > 1}

    def _key(self, record: Record) -> str:
        return normalised_key(str(record.get(self.field, "")))

    def removed(self) -> Iterable[tuple[Record, str]]:
        return iter(self._removed)

    def report(self) -> dict[str, int]:
        """Return how many instructions had two answers, records requalified and dropped."""
        return dict(self._report)


@hookimpl
def register_dedupers(register):
    register("one-answer", OneAnswer)
