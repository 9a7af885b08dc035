"""``zhiling sample``: draw random passages from a recipe's sources into a labelling file.

A pattern measured on passages chosen to show its shape looks better than it
is; drawn at random, passages show how often the shape really occurs and what
the pattern misses. Each passage is one block of a document (a paragraph by
default), optionally with the blocks after it in the same section, preceded by
the headings above it, so a pattern sees the structure it would see in a run.
The draw is a reservoir sample over the recipe's sources read in recipe order:
the same recipe, inputs and seed give the same passages, and only N passages
are held in memory however large the sources are.

Each line of the file is one passage, ready for a labeller to fill ``pairs``::

    {"id": ..., "lang": ..., "text": ..., "context": {"title", "heading"},
     "provenance": {"input", "uri", "span", "license"},
     "blocks": [...], "meta": {...}, "pairs": []}

``text`` is the headings and the passage joined by blank lines; ``blocks`` are
its spans into ``text``; ``span`` is where the passage lies in the document.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from zhiling.errors import ZhilingError
from zhiling.kinds import Shard
from zhiling.pipeline import DropLog, Pipeline
from zhiling.recipe import Recipe
from zhiling.records import Block, Record
from zhiling.registry import Registry

#: Block kinds drawn when none are asked for: running text.
DEFAULT_KINDS = ("paragraph",)
#: Document ``meta`` keys copied into a passage: what extractors may read, not bulk text.
KEPT_META = ("source", "license", "title", "package", "version")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Candidate:
    """A block that may be drawn: its document and its position among the blocks."""

    document: Record
    index: int


def sample_passages(
    recipe: Recipe,
    registry: Registry,
    *,
    count: int,
    seed: int,
    kinds: tuple[str, ...] = DEFAULT_KINDS,
    blocks: int = 1,
    languages: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """Return ``count`` passages drawn with ``seed`` from every source of ``recipe``.

    Passages come back in the order their documents were read. Fewer come back
    when the sources hold fewer blocks of ``kinds``. ``languages`` keeps the
    documents in those languages only (``zh`` takes ``zh-CN`` too), so each
    language can get its own share of a labelled set.
    """
    if count < 1:
        raise ZhilingError(f"-n must be at least 1, got {count}")
    if blocks < 1:
        raise ZhilingError(f"--blocks must be at least 1, got {blocks}")
    rng = random.Random(seed)
    kept: list[tuple[int, dict[str, Any]]] = []
    with TemporaryDirectory(prefix="zhiling-sample-") as scratch:
        pipeline = Pipeline(recipe, registry, workdir=Path(scratch), drops=DropLog(None))
        for seen, candidate in enumerate(_candidates(pipeline, kinds, languages)):
            if seen < count:
                kept.append((seen, passage(candidate, blocks)))
                continue
            slot = rng.randrange(seen + 1)
            if slot < count:
                kept[slot] = (seen, passage(candidate, blocks))
    if not kept:
        raise ZhilingError(
            f"{recipe.path}: its sources hold no blocks of kind {', '.join(kinds)} to draw"
            + (f" in {', '.join(languages)}" if languages else "")
        )
    return [line for _, line in sorted(kept, key=lambda item: item[0])]


def _candidates(
    pipeline: Pipeline, kinds: tuple[str, ...], languages: tuple[str, ...]
) -> Iterator[Candidate]:
    for document in pipeline.read(Shard()):
        if languages and document.get("lang", "und").split("-")[0] not in languages:
            continue
        if "blocks" not in document:
            document = {**document, "blocks": paragraphs(document.get("text", ""))}
        for index, block in enumerate(document["blocks"]):
            if block["kind"] in kinds and document["text"][block["start"] : block["end"]].strip():
                yield Candidate(document, index)


def paragraphs(text: str) -> list[Block]:
    """Return the blank-line-separated paragraphs of a document that has no blocks."""
    found: list[Block] = []
    start = 0
    for match in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            found.append(
                Block(kind="paragraph", start=start + lead, end=start + len(piece.rstrip()))
            )
        start = match.end() if match else len(text)
    return found


def passage(candidate: Candidate, blocks: int) -> dict[str, Any]:
    """Return the labelling line of the block at ``candidate``, headings first."""
    document = candidate.document
    text, all_blocks = document["text"], document["blocks"]
    first = all_blocks[candidate.index]
    heading = list(first.get("heading", []))
    chosen = [first]
    for block in all_blocks[candidate.index + 1 : candidate.index + blocks]:
        if block["kind"] == "heading" or list(block.get("heading", [])) != heading:
            break
        chosen.append(block)
    pieces: list[str] = []
    layout: list[Block] = []
    offset = 0
    for depth, title in enumerate(heading):
        layout.append(Block(kind="heading", start=offset, end=offset + len(title)))
        layout[-1]["heading"] = heading[:depth]
        pieces.append(title)
        offset += len(title) + 2
    for block in chosen:
        body = text[block["start"] : block["end"]]
        moved = Block(kind=block["kind"], start=offset, end=offset + len(body), heading=heading)
        if block.get("attrs"):
            moved["attrs"] = _rebased(block["attrs"], block["start"], offset)
        layout.append(moved)
        pieces.append(body)
        offset += len(body) + 2
    meta = document.get("meta", {})
    span = [first["start"], chosen[-1]["end"]]
    uri = str(meta.get("source", ""))
    return {
        "id": f"{uri}#{span[0]}-{span[1]}",
        "lang": document.get("lang", "und"),
        "text": "\n\n".join(pieces),
        "context": {"title": meta.get("title", ""), "heading": heading},
        "provenance": {
            "input": _input_name(meta),
            "uri": uri,
            "span": span,
            "license": meta.get("license", ""),
        },
        "blocks": layout,
        "meta": {key: meta[key] for key in KEPT_META if key in meta},
        "pairs": [],
    }


def _input_name(meta: dict[str, Any]) -> str:
    """Return the input a document came from: its package and version, else its URI."""
    if meta.get("package") and meta.get("version"):
        return f"{meta['package']}@{meta['version']}"
    return str(meta.get("source", ""))


def _rebased(attrs: dict[str, Any], old: int, new: int) -> dict[str, Any]:
    """Return ``attrs`` with its one document offset (an option's ``body_start``) moved along.

    Other values are relative to the block or not offsets at all (list
    positions, table cells, inline code spans) and stay as they are.
    """
    moved = dict(attrs)
    if isinstance(moved.get("body_start"), int):
        moved["body_start"] += new - old
    return moved


def write_labelling(path: Path, passages: list[dict[str, Any]]) -> None:
    """Write ``passages`` as JSON Lines; an existing file is never overwritten (labels are work)."""
    if path.exists():
        raise ZhilingError(f"{path} already exists; it may hold labels, so choose another -o")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as handle:
        for line in passages:
            # Keys in the order of the docstring: the passage first, ``pairs`` last.
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    partial.replace(path)
