"""One question, one answer (recipe: ``- dedupe: one-answer``).

Two records that ask the same thing and answer differently teach a model that the
question has no single answer, and usually mean the question lost the context that told
them apart (「如何打开「数据库」？」 asked of every LibreOffice module's menu). Records whose
instruction, folded (NFKC width and case, spaces and punctuation dropped), is shared
with a record of another output are all dropped with the reason
``ambiguous_instruction``; records sharing both instruction and output are left to the
``exact`` deduper. Patterns that can name the context (dialog, command, page) should put
it in the question; this step catches what they could not.

Memory: every record is held until the last one has been seen.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from zhiling import Record, hookimpl
from zhiling.plugins.dedupers._normalise import key as normalised_key


class OneAnswer:
    """Drop every record whose instruction another record answers differently."""

    def __init__(self, *, field: str = "instruction", answer: str = "output") -> None:
        self.field, self.answer = field, answer
        self._removed: list[tuple[Record, str]] = []
        self._report: dict[str, int] = {}

    def __call__(self, records: Iterable[Record]) -> Iterator[Record]:
        held = list(records)
        answers: dict[str, set[str]] = defaultdict(set)
        for record in held:
            answers[self._key(record)].add(normalised_key(str(record.get(self.answer, ""))))
        ambiguous = {key for key, outputs in answers.items() if key and len(outputs) > 1}
        self._removed = []
        for record in held:
            if self._key(record) in ambiguous:
                self._removed.append((record, "ambiguous_instruction"))
            else:
                yield record
        self._report = {"instructions": len(ambiguous), "removed": len(self._removed)}

    def _key(self, record: Record) -> str:
        return normalised_key(str(record.get(self.field, "")))

    def removed(self) -> Iterable[tuple[Record, str]]:
        return iter(self._removed)

    def report(self) -> dict[str, int]:
        """Return how many instructions had more than one answer and the records dropped."""
        return dict(self._report)


@hookimpl
def register_dedupers(register):
    register("one-answer", OneAnswer)
