"""The record model: documents go in, instruction records come out.

Records are plain dicts typed as ``TypedDict`` so that they cost nothing at run
time, pickle for worker processes and serialise straight to JSON and Parquet.

Documents (written by sources):
    ``id``, ``text``, ``lang`` (BCP 47), ``meta`` (``source`` URI, ``license``
    as an SPDX expression, anything else a source knows) and optionally
    ``blocks``: the document's structure as character spans into ``text``.

Instruction records (written by extractors):
    ``id``, ``instruction``, ``input``, ``output``, ``lang``, ``license``,
    ``source`` (the document id, its URI and the character spans the record was
    built from) and ``pattern`` (the extractor's name and version). The release
    adds ``messages``, the same pair in chat format.

Working keys such as ``words`` may be added by steps; only the release columns
reach a release. A source marks an unusable input by yielding a record with
``drop_reason`` set: it is counted and kept as dropped, never silently lost.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TypedDict


class Block(TypedDict, total=False):
    """One structural unit of a document: a heading, paragraph, list item, ...

    ``kind``, ``start`` and ``end`` are always set; ``heading`` is the path of
    section titles above the block and ``attrs`` holds format-specific details
    (list position, option name, table cells).
    """

    kind: str
    start: int
    end: int
    heading: list[str]
    attrs: dict[str, Any]


class Record(TypedDict, total=False):
    """Any record in the stream; ``id`` is always present."""

    id: str
    text: str
    lang: str
    meta: dict[str, Any]
    blocks: list[Block]
    words: list[str]
    instruction: str
    input: str
    output: str
    license: str
    source: dict[str, Any]
    pattern: dict[str, str]
    drop_reason: str


#: Kinds of block a source may emit; extractors may rely on these names.
BLOCK_KINDS = frozenset(
    {"heading", "paragraph", "list_item", "table_row", "code", "option", "name"}
)


def content_id(*parts: object) -> str:
    """Return a stable 16-hex-digit id hashing ``parts`` as canonical JSON.

    Ids derive from content only, so the same input always yields the same ids
    whatever the worker count or run.
    """
    payload = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def document_id(uri: str, text: str) -> str:
    """Return the id of a document read from ``uri`` with content ``text``."""
    return content_id("doc", uri, text)


# The key of ``meta`` that holds a record's qualified question (see instruction_record).
QUALIFIED = "qualified_instruction"


def instruction_record(
    document: Record,
    *,
    instruction: str,
    output: str,
    spans: list[tuple[int, int]],
    pattern: str,
    version: str,
    input: str = "",
    lang: str | None = None,
    qualified: str | None = None,
) -> Record:
    """Build an instruction record from ``document`` with full provenance.

    ``spans`` are ``(start, end)`` character offsets into the document's text
    that the pair was built from; they let anyone check the pair against its
    source. ``qualified`` is the same question naming the context that tells it
    apart from the same question of another page (dialog, command, page); it is
    kept in ``meta`` for :func:`requalified`.
    """
    meta = document.get("meta", {})
    source = {
        "doc_id": document["id"],
        "uri": str(meta.get("source", "")),
        "spans": [[int(start), int(end)] for start, end in spans],
    }
    record_lang = lang or document.get("lang", "und")
    record = Record(
        id=_pair_id(document["id"], pattern, instruction, input, output, source["spans"]),
        instruction=instruction,
        input=input,
        output=output,
        lang=record_lang,
        license=str(meta.get("license", "")),
        source=source,
        pattern={"name": pattern, "version": version},
    )
    if qualified and qualified != instruction:
        record["meta"] = {QUALIFIED: qualified}
    return record


def requalified(record: Record) -> Record | None:
    """Return ``record`` asking its qualified question (with its id), or None if it has none.

    A step that finds a question answered two ways (``one-answer``) uses it: the
    context the pattern knew makes the questions distinct again instead of dropping them.
    """
    meta = dict(record.get("meta") or {})
    qualified = meta.pop(QUALIFIED, None)
    if not qualified:
        return None
    source = record.get("source") or {}
    changed = record.copy()
    changed["instruction"] = str(qualified)
    changed["id"] = _pair_id(
        source.get("doc_id", ""),
        (record.get("pattern") or {}).get("name", ""),
        changed["instruction"],
        record.get("input", ""),
        record.get("output", ""),
        source.get("spans", []),
    )
    changed["meta"] = meta
    return changed


def _pair_id(doc_id: str, pattern: str, *content: object) -> str:
    return content_id("pair", doc_id, pattern, *content)


def chat_messages(record: Record) -> list[dict[str, str]]:
    """Return ``record`` as a user/assistant exchange, the input joined to the prompt."""
    prompt = record["instruction"]
    if record.get("input"):
        prompt = f"{prompt}\n\n{record['input']}"
    return [
        {"role": "user", "content": prompt},
        {"role": "assistant", "content": record["output"]},
    ]
