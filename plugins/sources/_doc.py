"""Shared by the document parsers: whitespace rules, per-block language and block assembly.

Parsers describe a document as a list of ``Part`` (kind, text, heading path,
attributes); ``assemble`` joins them into one text with character-span blocks,
which is the shape every extractor reads.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from typing import Any

import regex

from zhiling import Block, Record, document_id

CJK = r"\p{Han}\u3000-\u303f\uff00-\uffef"
HAN = regex.compile(r"\p{Han}")
LATIN = regex.compile(r"[A-Za-z]")
# Sources wrap lines at ~80 columns even between two Chinese characters; such a
# newline is no word break, every other one is a space.
CJK_WRAP = regex.compile(rf"(?<=[{CJK}])[ \t]*\n\s*(?=[{CJK}])")
SPACES = regex.compile(r"\s+")
#: What reading a broken file raises; such a file becomes a counted drop, not a crash.
BROKEN = (UnicodeDecodeError, EOFError, OSError, zlib.error, ValueError, AssertionError)
#: Marks the start and end of inline code inside parser buffers; never in output.
CODE_OPEN, CODE_CLOSE = "\x02", "\x03"


@dataclass
class Part:
    """One block before assembly; ``code`` lists inline code spans relative to ``text``."""

    kind: str
    text: str
    heading: list[str]
    attrs: dict[str, Any] = field(default_factory=dict)


def block_language(text: str, default: str = "und") -> str:
    """Return "zh" when Han characters are at least 30% of the letters, "en" when Latin.

    Decided per block: about a fifth of the zh-CN LibreOffice help is still
    English, so a package's language says little about one paragraph.
    """
    han = len(HAN.findall(text))
    latin = len(LATIN.findall(text))
    if han + latin == 0:
        return default
    return "zh" if han / (han + latin) >= 0.3 else "en"


def flow(raw: str) -> tuple[str, list[list[int]]]:
    """Return filled text (wraps joined, spaces collapsed) and its inline code spans."""
    text = SPACES.sub(" ", CJK_WRAP.sub("", raw)).strip()
    return strip_marks(text)


def strip_marks(text: str) -> tuple[str, list[list[int]]]:
    """Remove code marks from ``text``, returning the clean text and the marked spans."""
    out: list[str] = []
    spans: list[list[int]] = []
    start = -1
    length = 0
    for char in text:
        if char == CODE_OPEN:
            start = length
        elif char == CODE_CLOSE:
            if 0 <= start < length:
                spans.append([start, length])
            start = -1
        else:
            out.append(char)
            length += 1
    return "".join(out), spans


def assemble(parts: list[Part]) -> tuple[str, list[Block], str]:
    """Join ``parts`` into one text; return it, its blocks and the dominant language."""
    chunks: list[str] = []
    blocks: list[Block] = []
    weight: dict[str, int] = {}
    offset = 0
    for part in parts:
        if not part.text.strip():
            continue
        if chunks:
            chunks.append("\n\n")
            offset += 2
        lang = block_language(part.text)
        attrs = {**part.attrs, "lang": lang}
        for key in ("body_start",):
            if key in attrs:
                attrs[key] += offset
        blocks.append(
            Block(
                kind=part.kind,
                start=offset,
                end=offset + len(part.text),
                heading=list(part.heading),
                attrs=attrs,
            )
        )
        weight[lang] = weight.get(lang, 0) + len(part.text)
        chunks.append(part.text)
        offset += len(part.text)
    known = {lang: size for lang, size in weight.items() if lang != "und"}
    main = max(sorted(known), key=lambda lang: known[lang]) if known else "und"
    return "".join(chunks), blocks, main


def to_document(
    uri: str, parsed: tuple[list[Part], str] | str, meta: dict[str, Any], lang: str | None
) -> Record:
    """Return the document of a parsed file, or a dropped record saying why it has none."""
    if isinstance(parsed, str):
        return Record(id=document_id(uri, ""), meta={"source": uri}, drop_reason=parsed)
    parts, title = parsed
    text, blocks, main = assemble(parts)
    if not blocks:
        return Record(id=document_id(uri, ""), meta={"source": uri}, drop_reason="no_text")
    return Record(
        id=document_id(uri, text),
        text=text,
        lang=lang or main,
        meta={"source": uri, "title": title, **meta},
        blocks=blocks,
    )
