"""``zhiling extract``: run a recipe's per-record steps on one file and show what comes out.

Authors iterate on a pattern by running it on a sample file in seconds: no
deduplication, no release, nothing written. Each instruction record is shown
with its pattern and the source text it was built from, its spans highlighted
(ANSI colour on a terminal, ``[[...]]`` otherwise), followed by every record a
step dropped and why. The file is read by any installed source that takes
``paths``; documents are held in memory, which suits the sample files this
command is for.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import IO, Any

import yaml

from zhiling.errors import ZhilingError
from zhiling.patterns import PatternGate
from zhiling.pipeline import Pipeline
from zhiling.recipe import Recipe, build
from zhiling.records import Record
from zhiling.registry import Registry
from zhiling.testing import CollectedDrops, read_file

#: The source that reads a file when neither ``--source`` nor the recipe decides.
SOURCE_BY_SUFFIX = {
    ".txt": "text-files",
    ".md": "text-files",
    ".jsonl": "jsonl",
    ".html": "html-files",
    ".htm": "html-files",
}
#: The licence given to a source that needs one when nobody says: SPDX for "unknown".
UNKNOWN_LICENSE = "NOASSERTION"
MAX_EXCERPT_LINES = 12
#: Dropped records listed per step and reason; the rest are counted.
MAX_DROPS_SHOWN = 10


@dataclass
class Preview:
    """What the steps made of one file: records out, with the documents they came from."""

    source: str
    documents: dict[str, Record] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    dropped: list[tuple[str, Record, str]] = field(default_factory=list)
    #: One line per pattern and language that the recipe's ``min_precision`` holds back.
    held_back: list[str] = field(default_factory=list)


def parse_options(items: Iterable[str]) -> dict[str, Any]:
    """Return ``KEY=VALUE`` items as options, each value read as YAML (``3`` is a number)."""
    options: dict[str, Any] = {}
    for item in items:
        key, equals, value = item.partition("=")
        if not equals or not key:
            raise ZhilingError(f"--option {item!r} is not KEY=VALUE")
        options[key] = yaml.safe_load(value)
    return options


def wants_color(choice: str, stream: IO[str]) -> bool:
    """Return whether to colour: ``always``, or ``auto`` on a terminal unless NO_COLOR is set."""
    if choice == "auto":
        return stream.isatty() and not os.environ.get("NO_COLOR")
    return choice == "always"


def choose_source(recipe: Recipe, registry: Registry, path: Path, source: str | None) -> str:
    """Return the source named on the command line, else the one for the suffix or the recipe's."""
    if source:
        registry.get("source", source, where="--source")
        return source
    if path.suffix.lower() in SOURCE_BY_SUFFIX:
        return SOURCE_BY_SUFFIX[path.suffix.lower()]
    names = sorted({step.name for step in recipe.sources})
    if len(names) == 1:
        return names[0]
    known = ", ".join(registry.names("source"))
    raise ZhilingError(
        f"no default source reads {path.suffix or 'extension-less'} files; "
        f"pass --source NAME (installed: {known})"
    )


def source_options(
    recipe: Recipe, registry: Registry, source: str, given: dict[str, Any]
) -> dict[str, Any]:
    """Return the options to read the file with: ``given``, else those the recipe's uses share.

    ``paths`` is always the file itself. A source that needs a licence and
    got none is given ``NOASSERTION``: nothing is released here.
    """
    uses = [step.options for step in recipe.sources if step.name == source]
    shared = {
        key: value
        for key, value in (uses[0] if uses else {}).items()
        if key != "paths" and all(other.get(key) == value for other in uses)
    }
    options = {**shared, **given}
    if "license" in registry.get("source", source).options():
        options.setdefault("license", UNKNOWN_LICENSE)
    return options


def run_preview(
    recipe: Recipe, registry: Registry, path: Path, *, source: str, options: dict[str, Any]
) -> Preview:
    """Read ``path`` with ``source`` and run every step of ``recipe`` but the dedupers.

    The steps are chained as ``zhiling run`` chains them, and the recipe's
    ``min_precision`` holds back what a release would hold back, so what is
    shown is what the release would hold for this file, duplicates included.
    The licence policy is not applied: a file read here has the licence given
    on the command line or none (``NOASSERTION``), not the one a release
    would know.
    """
    preview = Preview(source)
    drops = CollectedDrops()
    documents = []
    for record in read_file(path, source=source, registry=registry, **options):
        if record.get("drop_reason"):
            drops.write("0 (read)", record, record["drop_reason"])
        else:
            documents.append(record)
    with TemporaryDirectory(prefix="zhiling-extract-") as scratch:
        pipeline = Pipeline(recipe, registry, workdir=Path(scratch), drops=drops)
        records = run_steps(pipeline, documents, seen=preview.documents)
        gate = PatternGate(extractors(pipeline), recipe.min_precision)
        label = f"{len(recipe.steps) + 1} (release_policy)"
        for record in records:
            reason = gate.reason_to_drop(record)
            if reason:
                drops.write(label, record, reason)
            else:
                preview.records.append(record)
    preview.dropped = drops.entries
    preview.held_back = held_back(gate)
    return preview


def run_steps(
    pipeline: Pipeline,
    documents: Iterable[Record],
    *,
    seen: dict[str, Record] | None = None,
    document_filters: bool = True,
) -> list[Record]:
    """Run the per-record steps of ``pipeline`` over ``documents``, chained as a run chains them.

    Dedupers are left out: they judge a whole dataset, not one file. The
    documents that reach the first extractor are kept in ``seen`` by id, so
    records can be shown beside their source text. ``document_filters=False``
    also leaves out the filters before the first extractor: ``zhiling
    measure`` feeds passages, not whole documents, to judge the extractors.
    """
    steps = [step for step in pipeline.steps if not step.is_barrier]
    first = next(
        (i for i, step in enumerate(steps) if step.step.kind.name == "extractor"), len(steps)
    )
    before = [step for step in steps[:first] if document_filters or step.step.kind.name != "filter"]
    stream = Pipeline.chain(documents, before)
    if seen is not None:
        stream = _remember(stream, seen)
    return list(Pipeline.chain(stream, steps[first:]))


def extractors(pipeline: Pipeline) -> list[Any]:
    """Return the built extractors of ``pipeline``, in recipe order."""
    return [step.component for step in pipeline.steps if step.step.kind.name == "extractor"]


def held_back(gate: PatternGate) -> list[str]:
    """Return one line per pattern and language that ``min_precision`` holds back, and why.

    Every extractor of the recipe is judged for each of its languages, not only
    those that made records here, so an unmeasured pattern is named even when
    this file gave it nothing to do.
    """
    lines = []
    for name, entry in gate.manifest().items():
        for lang, reason in entry.get("excluded", {}).items():
            lines.append(f"pattern {name!r} ({lang}) is held back by min_precision: {reason}")
        if gate.min_precision and not entry["languages"] and not entry.get("excluded"):
            lines.append(
                f"pattern {name!r} is held back by min_precision in every language: it has "
                "no measured precision (see 'zhiling measure')"
            )
    return lines


def recipe_held_back(recipe: Recipe, registry: Registry) -> list[str]:
    """Return what ``min_precision`` holds back of the recipe's extractors, before any data."""
    if not recipe.min_precision:
        return []
    with TemporaryDirectory(prefix="zhiling-check-") as scratch:
        built = [
            build(step, registry, workdir=Path(scratch), base_dir=recipe.base_dir)
            for step in recipe.steps
            if step.kind.name == "extractor"
        ]
    return held_back(PatternGate(built, recipe.min_precision))


def _remember(records: Iterable[Record], seen: dict[str, Record]) -> Iterator[Record]:
    for record in records:
        seen[record["id"]] = record
        yield record


def render(preview: Preview, *, color: bool) -> str:
    """Return the records, the dropped records and a summary as text for the terminal."""
    style = _Style(color)
    lines: list[str] = []
    for number, record in enumerate(preview.records, start=1):
        lines += _record(number, record, preview.documents, style)
    shown: Counter[tuple[str, str]] = Counter()
    for label, record, reason in preview.dropped:
        shown[label, reason] += 1
        if shown[label, reason] <= MAX_DROPS_SHOWN:
            lines.append(f"dropped by {label}: {reason}: {_describe(record)}")
    for (label, reason), count in shown.items():
        if count > MAX_DROPS_SHOWN:
            lines.append(f"dropped by {label}: {reason}: {count - MAX_DROPS_SHOWN} more")
    lines += preview.held_back
    patterns = Counter(r.get("pattern", {}).get("name", "no pattern") for r in preview.records)
    counts = ", ".join(f"{name} {count}" for name, count in sorted(patterns.items()))
    lines.append(
        f"{_plural(len(preview.records), 'record')} ({counts or 'none'}), "
        f"{len(preview.dropped)} dropped; read with source {preview.source!r}"
    )
    return "\n".join(lines) + "\n"


def _record(number: int, record: Record, documents: dict[str, Record], style: _Style) -> list[str]:
    pattern = record.get("pattern")
    if not pattern:  # a recipe without an extract step: show what got through
        return [style.bold(f"{number}. kept: {_describe(record)}"), ""]
    source = record.get("source", {})
    spans = [(int(start), int(end)) for start, end in source.get("spans", [])]
    where = ", ".join(f"{start}-{end}" for start, end in spans)
    lines = [
        style.bold(f"{number}. {pattern['name']} {pattern['version']}")
        + f"  {source.get('uri', '')} [{where}]",
        f"  instruction: {record.get('instruction', '')}",
    ]
    if record.get("input"):
        lines.append(f"  input: {record['input']}")
    lines.append(f"  output: {_indent(record.get('output', ''))}")
    document = documents.get(source.get("doc_id", ""))
    if document is not None and spans:
        lines.append("  source:")
        lines += [f"    │ {line}".rstrip() for line in excerpt(document["text"], spans, style)]
    lines.append("")
    return lines


def excerpt(text: str, spans: list[tuple[int, int]], style: _Style) -> list[str]:
    """Return the lines of ``text`` holding ``spans``, the spans highlighted."""
    ranges: list[list[int]] = []
    for start, end in sorted(spans):
        first = text.rfind("\n", 0, start) + 1
        last = text.find("\n", max(end - 1, start))
        last = len(text) if last < 0 else last
        if ranges and not text[ranges[-1][1] : first].strip():  # only blank lines between
            ranges[-1][1] = max(ranges[-1][1], last)
        else:
            ranges.append([first, last])
    shown: list[str] = []
    for index, (first, last) in enumerate(ranges):
        if index:
            shown.append("…")
        marked = "".join(_marked(text, first, last, spans, style))
        lines = marked.split("\n")
        if len(lines) > MAX_EXCERPT_LINES:
            hidden = len(lines) - MAX_EXCERPT_LINES
            lines = [*lines[:MAX_EXCERPT_LINES], f"… ({hidden} more lines)"]
        shown += lines
    return shown


def _marked(
    text: str, first: int, last: int, spans: list[tuple[int, int]], style: _Style
) -> Iterator[str]:
    inside = [any(start <= i < end for start, end in spans) for i in range(first, last)]
    position = first
    while position < last:
        run_end = position
        while run_end < last and inside[run_end - first] == inside[position - first]:
            run_end += 1
        piece = text[position:run_end]
        if inside[position - first]:
            yield "\n".join(style.mark(line) if line else line for line in piece.split("\n"))
        else:
            yield piece
        position = run_end


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _indent(text: str) -> str:
    return text.replace("\n", "\n          ")


def _describe(record: Record) -> str:
    if "instruction" in record:
        return f"{record['instruction']!r} (record {record['id']})"
    uri = record.get("meta", {}).get("source", "")
    return f"{uri} (record {record['id']})" if uri else f"record {record['id']}"


class _Style:
    """Highlighting: ANSI escapes on a terminal, plain-text markers otherwise."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def mark(self, text: str) -> str:
        return f"\033[1;33m{text}\033[0m" if self.color else f"[[{text}]]"

    def bold(self, text: str) -> str:
        return f"\033[1m{text}\033[0m" if self.color else text
