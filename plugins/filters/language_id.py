"""Keep the languages a recipe names; drop other-language documents or blocks, saying which.

A package's or file's declared language says little about one page: Debian's zh packages
hold untranslated English pages, and JSONL or web sources hold any language. The filter
asks a statistical identifier (``_langid``) and drops a record whose detected language is
not kept, with the reason ``language: detected ja (0.9)`` (confidence floored to a tenth,
so the manifest counts stay few). Commands, options and product names inside Chinese
sentences do not make them English: the identifier weighs the whole text, a Han
character counts as much as a word, and code blocks are left out.

``keep`` lists the languages to keep (BCP 47 base codes; ``zh`` covers simplified and
traditional script); left out, each record keeps its own declared ``lang``, and a
record that declares none (or ``und``) is kept. The identifier must be at least
``min_confidence`` sure before it drops anything: short lines are often ambiguous, and
keeping an unsure record loses nothing a later filter cannot still catch. ``unit: block``
judges each block of a document (``blocks``, as sources emit them) and keeps the document
with the blocks in kept languages, rewriting its ``text`` and spans in place; a document
left with none is dropped.
"""

from __future__ import annotations

import math

from zhiling import Block, RecipeError, Record, hookimpl
from zhiling.plugins.filters._langid import Identifier

UNITS = ("document", "block")
#: Block kinds that hold code, not prose: never judged, always kept with their document.
CODE_KINDS = frozenset({"code"})


class LanguageId:
    """Drop records (or blocks) whose detected language is not one the recipe keeps."""

    def __init__(
        self, *, keep: list[str] | None = None, min_confidence: float = 0.5, unit: str = "document"
    ) -> None:
        if keep is not None and (
            not isinstance(keep, list) or not keep or not all(isinstance(k, str) for k in keep)
        ):
            raise RecipeError(f"keep must be a non-empty list of language codes, got {keep!r}")
        if not 0 <= min_confidence <= 1:
            raise RecipeError(f"min_confidence must be between 0 and 1, got {min_confidence}")
        if unit not in UNITS:
            raise RecipeError(f"unit must be one of {', '.join(UNITS)}, got {unit!r}")
        self.keep = None if keep is None else frozenset(_base(k) for k in keep)
        self.min_confidence = min_confidence
        self.unit = unit
        self.identifier = Identifier("filter 'language-id'")

    def report(self) -> dict[str, object]:
        """Return what judged the languages, for the manifest's step reports."""
        keep = sorted(self.keep) if self.keep is not None else "declared lang"
        settings = {"keep": keep, "min_confidence": self.min_confidence, "unit": self.unit}
        return {**self.identifier.describe(), **settings}

    def reason_to_drop(self, record: Record) -> str | None:
        declared = _base(record.get("lang", "und"))
        if self.keep is None and declared == "und":
            return None
        kept = self.keep or frozenset({declared})
        if self.unit == "block" and record.get("blocks"):
            return self._drop_blocks(record, kept)
        return self._verdict(self._prose(record), kept)

    def _verdict(self, text: str, kept: frozenset[str]) -> str | None:
        lang, confidence = self.identifier.identify(text)
        if lang == "und" or lang in kept or confidence < self.min_confidence:
            return None
        return f"language: detected {lang} ({math.floor(confidence * 10) / 10:.1f})"

    def _prose(self, record: Record) -> str:
        if "instruction" in record:
            return f"{record['instruction']}\n{record.get('input', '')}\n{record.get('output', '')}"
        text = record.get("text", "")
        blocks = record.get("blocks")
        if not blocks:
            return text
        return "\n".join(text[b["start"] : b["end"]] for b in blocks if b["kind"] not in CODE_KINDS)

    def _drop_blocks(self, record: Record, kept: frozenset[str]) -> str | None:
        """Remove other-language blocks from ``record`` in place; a reason if none is left.

        Block spans point into ``text``, so the kept blocks' text is joined again and
        their spans moved to match.
        """
        text = record["text"]
        survivors, reasons = [], []
        for block in record["blocks"]:
            chunk = text[block["start"] : block["end"]]
            reason = None if block["kind"] in CODE_KINDS else self._verdict(chunk, kept)
            if reason is None:
                survivors.append((block, chunk))
            else:
                reasons.append(reason)
        if not survivors:
            return reasons[0]
        if reasons:
            record["text"], record["blocks"] = _reassemble(survivors)
            record.setdefault("meta", {})["language_id_dropped_blocks"] = len(reasons)
        return None


def _reassemble(survivors: list[tuple[Block, str]]) -> tuple[str, list[Block]]:
    chunks: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for block, chunk in survivors:
        if chunks:
            chunks.append("\n\n")
            offset += 2
        moved = Block(**{**block, "start": offset, "end": offset + len(chunk)})
        if "body_start" in block.get("attrs", {}):
            shift = offset - block["start"]
            moved["attrs"] = {**block["attrs"], "body_start": block["attrs"]["body_start"] + shift}
        blocks.append(moved)
        chunks.append(chunk)
        offset += len(chunk)
    return "".join(chunks), blocks


def _base(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


@hookimpl
def register_filters(register):
    register("language-id", LanguageId)
