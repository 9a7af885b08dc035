"""Build the steps of a recipe and stream records through them, counting as they go.

A run has two stages. The *map* stage reads one shard of every source and runs
the per-record steps up to the first barrier (a deduper); workers run it in
parallel. The *reduce* stage runs the remaining steps over all shards' output
in shard order, in one process. Per-record kinds implement one small method
and are adapted here into ``records -> records`` steps, so plugins carry no
bookkeeping: this module counts, keeps drop reasons and wraps errors.
"""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from zhiling.batches import BATCH_METHODS, Result, batch_size, call_batch, chunks
from zhiling.errors import StepError, ZhilingError
from zhiling.kinds import Shard
from zhiling.progress import CountFile
from zhiling.recipe import Recipe, Step, build
from zhiling.records import Record
from zhiling.registry import Registry

#: The one method each per-record kind implements.
PER_RECORD_METHODS = {"segmenter": "segment", "filter": "reason_to_drop", "extractor": "extract"}


@dataclass
class StepStats:
    """Records in and out of one step, with a count per drop reason.

    ``fingerprint`` sums a hash of every output record's id (modulo 2**64), so
    it does not depend on order or sharding; ``zhiling verify`` compares it to
    find the first step whose output differs even when the counts agree.
    """

    label: str
    records_in: int = 0
    records_out: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    fingerprint: int = 0

    def passed(self, record: Record) -> None:
        """Count ``record`` as an output of this step."""
        self.records_out += 1
        # Two cheap checksums (0.4 µs) rather than a cryptographic hash (2 µs): this
        # only locates a difference; the byte comparison of the files decides.
        key = str(record.get("id")).encode()
        self.fingerprint += zlib.crc32(key) << 32 | zlib.adler32(key)

    #: Duplicate cluster size → number of clusters, for dedupers that report them.
    clusters: Counter[int] = field(default_factory=Counter)

    def merge(self, other: StepStats) -> None:
        """Add ``other``'s counts, from another shard of the same step."""
        self.records_in += other.records_in
        self.records_out += other.records_out
        self.dropped.update(other.dropped)
        self.fingerprint += other.fingerprint
        self.clusters.update(other.clusters)

    def as_dict(self) -> dict[str, Any]:
        """Return the counts as the manifest stores them."""
        counts: dict[str, Any] = {
            "step": self.label,
            "in": self.records_in,
            "out": self.records_out,
            "dropped": dict(sorted(self.dropped.items())),
            "fingerprint": f"{self.fingerprint % 2**64:016x}",
        }
        if self.clusters:
            counts["clusters"] = {str(size): n for size, n in sorted(self.clusters.items())}
        return counts


class DropLog:
    """Where dropped records go: counted always, written as JSON lines when asked."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def write(self, label: str, record: Record, reason: str) -> None:
        """Keep ``record`` with the step and reason that dropped it, if keeping is on."""
        if self.path is None:
            return
        if self._file is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = self.path.open("w", encoding="utf-8")
        entry = {"step": label, "reason": reason, "record": record}
        self._file.write(json.dumps(entry, ensure_ascii=False, sort_keys=True, default=str) + "\n")

    def close(self) -> None:
        """Flush the file, if one was opened."""
        if self._file is not None:
            self._file.close()
            self._file = None


def _wrap_error(label: str, plugin: str, record_id: object, exc: Exception) -> StepError:
    return StepError(
        f"step {label} (plugin {plugin!r}) failed on record {record_id!r}: "
        f"{type(exc).__name__}: {exc}"
    )


class StepRunner:
    """One built step with its counters, adapted to ``records -> records``."""

    def __init__(self, index: int, step: Step, component: Any, plugin: str, drops: DropLog) -> None:
        self.step = step
        self.component = component
        self.plugin = plugin
        self.drops = drops
        self.stats = StepStats(f"{index} ({step.kind.verb} {step.name!r})")
        #: Told after each input record, so a shard can report its counts.
        self.progress: CountFile | None = None
        self.batch_size = batch_size(component, step.kind.name, self.stats.label)

    @property
    def is_barrier(self) -> bool:
        """Return whether the step must see every record before yielding (a deduper)."""
        return self.step.kind.name == "deduper"

    def __call__(self, records: Iterable[Record]) -> Iterator[Record]:
        if self.is_barrier:
            return self._barrier(records)
        if self.batch_size:
            return self._batched(records)
        method = getattr(self.component, PER_RECORD_METHODS[self.step.kind.name])
        return self._per_record(records, method, self.step.kind.name == "filter")

    def results(self, batch: list[Record]) -> list[Result]:
        """Run the component on ``batch`` and return each record's drop reason and outputs.

        A batching component gets the whole list in one call; any other gets
        one record per call. Either way an error names the record it failed on.
        """
        kind = self.step.kind.name
        if self.batch_size:
            method = getattr(self.component, BATCH_METHODS[kind])
            raw = call_batch(method, batch, f"step {self.stats.label} (plugin {self.plugin!r})")
        else:
            method = getattr(self.component, PER_RECORD_METHODS[kind])
            raw = []
            for record in batch:
                try:
                    raw.append(method(record))
                except Exception as exc:
                    raise self._error(record, exc) from exc
        if kind == "filter":
            return [
                (reason, [] if reason else [record])
                for record, reason in zip(batch, raw, strict=True)
            ]
        results: list[Result] = []
        for record, outputs in zip(batch, raw, strict=True):
            try:
                results.append((None, list(outputs)))
            except Exception as exc:
                raise self._error(record, exc) from exc
        return results

    def _error(self, record: Record, exc: Exception) -> StepError:
        return _wrap_error(self.stats.label, self.plugin, record.get("id"), exc)

    def _per_record(
        self, records: Iterable[Record], method: Callable[[Record], Any], is_filter: bool
    ) -> Iterator[Record]:
        # The common case keeps its own loop: going through ``results`` with
        # one-record lists doubled the adapter's cost per record.
        stats = self.stats
        for record in records:
            stats.records_in += 1
            reason: str | None = None
            try:
                if is_filter:
                    reason = method(record)
                    outputs = [] if reason else [record]
                else:
                    outputs = list(method(record))
            except Exception as exc:
                raise self._error(record, exc) from exc
            self._settle(record, reason, outputs)
            yield from outputs
            if self.progress is not None:
                self.progress.tick()

    def _settle(self, record: Record, reason: str | None, outputs: list[Record]) -> None:
        """Count one input's outcome: its outputs, or its drop with the reason logged."""
        if not outputs:
            reason = reason or "no_output"
            self.stats.dropped[reason] += 1
            self.drops.write(self.stats.label, record, reason)
        for output in outputs:
            self.stats.passed(output)

    def _batched(self, records: Iterable[Record]) -> Iterator[Record]:
        stats = self.stats
        for batch in chunks(records, self.batch_size):
            for record, (reason, outputs) in zip(batch, self.results(batch), strict=True):
                stats.records_in += 1
                self._settle(record, reason, outputs)
                yield from outputs
            if self.progress is not None:
                self.progress.tick()

    def _barrier(self, records: Iterable[Record]) -> Iterator[Record]:
        last: list[object] = [None]

        def feed() -> Iterator[Record]:
            for record in records:
                self.stats.records_in += 1
                last[0] = record.get("id")
                yield record

        try:
            for record in self.component(feed()):
                self.stats.passed(record)
                yield record
            for record, reason in self.component.removed():
                self.stats.dropped[reason] += 1
                self.drops.write(self.stats.label, record, reason)
            cluster_sizes = getattr(self.component, "cluster_sizes", None)
            if callable(cluster_sizes):
                self.stats.clusters.update(cluster_sizes())
        except StepError:
            raise
        except Exception as exc:
            raise _wrap_error(self.stats.label, self.plugin, last[0], exc) from exc


class AuditRunner:
    """The recipe's audits over the records about to be released.

    Audits that implement ``apply`` run first, in recipe order: each returns
    the record to release (rewritten or not) or a reason to drop it, counted
    like a filter's under the step label ``N (audit 'name')``. Every audit then
    observes the record that will actually be released.
    """

    def __init__(self, first: int, audits: list[tuple[Step, Any, str]], drops: DropLog) -> None:
        self.audits = audits
        self.drops = drops
        self.appliers = [
            (StepStats(f"{first + i} ({step.kind.verb} {step.name!r})"), component, plugin)
            for i, (step, component, plugin) in enumerate(
                entry for entry in audits if callable(getattr(entry[1], "apply", None))
            )
        ]

    @property
    def stats(self) -> list[StepStats]:
        """Return the counts of the audits that may rewrite or drop records."""
        return [stats for stats, _, _ in self.appliers]

    def __call__(self, records: Iterable[Record]) -> Iterator[Record]:
        for record in records:
            kept: Record | None = record
            for stats, component, plugin in self.appliers:
                stats.records_in += 1
                try:
                    result = component.apply(kept)
                except Exception as exc:
                    raise _wrap_error(stats.label, plugin, record.get("id"), exc) from exc
                if isinstance(result, str):
                    stats.dropped[result] += 1
                    # Only the id: an audit drops a record because its text must
                    # not be published, and kept drops go into the release.
                    self.drops.write(stats.label, {"id": record.get("id", "")}, result)
                    kept = None
                    break
                stats.passed(result)
                kept = result
            if kept is None:
                continue
            for step, component, plugin in self.audits:
                try:
                    component.observe(kept)
                except Exception as exc:
                    label = f"{step.kind.verb} {step.name!r}"
                    raise _wrap_error(label, plugin, record.get("id"), exc) from exc
            yield kept


#: A language tag as BCP 47 spells one; the tag names release configs and files.
LANG_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


def unsafe_lang(record: Record) -> str | None:
    """Return a drop reason if the record's ``lang`` is not a language tag.

    Languages come from data (a JSONL field) and name configs, shards and
    files, so a value such as ``../x`` must never get that far.
    """
    lang = record.get("lang")
    if lang is None or (isinstance(lang, str) and LANG_TAG.fullmatch(lang)):
        return None
    return "invalid_lang"


class SourceRunner:
    """Reads one shard of every source, counting and keeping unreadable inputs."""

    def __init__(self, steps: list[tuple[Step, Any, str]], drops: DropLog) -> None:
        self.sources = steps
        self.drops = drops
        self.stats = StepStats("0 (read)")

    def __iter__(self) -> Iterator[Record]:
        for step, source, plugin in self.sources:
            label = f"{step.kind.verb} {step.name!r}"
            iterator = iter(source)
            while True:
                try:
                    record = next(iterator)
                except StopIteration:
                    break
                except ZhilingError as exc:
                    raise type(exc)(f"{step.where}: source {label}: {exc}") from exc
                except Exception as exc:
                    raise StepError(
                        f"source {label} (plugin {plugin!r}) failed: {type(exc).__name__}: {exc}"
                    ) from exc
                self.stats.records_in += 1
                reason = record.get("drop_reason") or unsafe_lang(record)
                if reason:
                    self.stats.dropped[reason] += 1
                    self.drops.write(self.stats.label, record, reason)
                    continue
                self.stats.passed(record)
                yield record


class Pipeline:
    """The built steps of a recipe, split at the first barrier into map and reduce stages."""

    def __init__(
        self, recipe: Recipe, registry: Registry, *, workdir: Path, drops: DropLog
    ) -> None:
        self.recipe = recipe
        self.registry = registry
        self.workdir = workdir
        self.drops = drops
        self.steps = [
            StepRunner(
                index,
                step,
                build(step, registry, workdir=workdir, base_dir=recipe.base_dir),
                registry.get(step.kind.name, step.name).plugin,
                drops,
            )
            for index, step in enumerate(recipe.steps, start=1)
        ]
        barrier = next((i for i, s in enumerate(self.steps) if s.is_barrier), len(self.steps))
        self.map_steps = self.steps[:barrier]
        self.reduce_steps = self.steps[barrier:]

    def read(self, shard: Shard) -> SourceRunner:
        """Return the documents of ``shard`` from every source, in recipe order."""
        sources = [
            (
                step,
                build(
                    step,
                    self.registry,
                    shard=shard,
                    workdir=self.workdir,
                    base_dir=self.recipe.base_dir,
                ),
                self.registry.get(step.kind.name, step.name).plugin,
            )
            for step in self.recipe.sources
        ]
        return SourceRunner(sources, self.drops)

    @staticmethod
    def chain(records: Iterable[Record], steps: list[StepRunner]) -> Iterator[Record]:
        """Stream ``records`` through ``steps`` in order.

        Consecutive extract steps share their input: each document goes to every
        one of them and their records flow on together, so a recipe lists one
        ``- extract:`` line per pattern.
        """
        stream: Iterable[Record] = records
        index = 0
        while index < len(steps):
            group = [steps[index]]
            while (
                group[-1].step.kind.name == "extractor"
                and index + len(group) < len(steps)
                and steps[index + len(group)].step.kind.name == "extractor"
            ):
                group.append(steps[index + len(group)])
            stream = group[0](stream) if len(group) == 1 else fan_out(stream, group)
            index += len(group)
        return iter(stream)


def fan_out(records: Iterable[Record], runners: list[StepRunner]) -> Iterator[Record]:
    """Give every record to each extractor in ``runners`` and yield all their records.

    Each step counts the documents it produced nothing for as ``no_output``; a
    document is written to the drop log only when no step of the group used it.
    """
    if not any(runner.batch_size for runner in runners):
        yield from _fan_out_one_by_one(records, runners)
        return
    size = max(runner.batch_size for runner in runners)
    for batch in chunks(records, size):
        results = [runner.results(batch) for runner in runners]
        for position, record in enumerate(batch):
            yield from _settle_group(record, runners, [r[position][1] for r in results])
        if runners[0].progress is not None:
            runners[0].progress.tick()


def _fan_out_one_by_one(records: Iterable[Record], runners: list[StepRunner]) -> Iterator[Record]:
    methods = [runner.component.extract for runner in runners]
    for record in records:
        per_runner = []
        for runner, method in zip(runners, methods, strict=True):
            try:
                per_runner.append(list(method(record)))
            except Exception as exc:
                raise runner._error(record, exc) from exc
        yield from _settle_group(record, runners, per_runner)
        if runners[0].progress is not None:
            runners[0].progress.tick()


def _settle_group(
    record: Record, runners: list[StepRunner], per_runner: list[list[Record]]
) -> Iterator[Record]:
    """Count one document's outcome in each extract step of a group and yield every pair.

    The document goes to the drop log once, and only if no step made a pair of it.
    """
    for runner, outputs in zip(runners, per_runner, strict=True):
        runner.stats.records_in += 1
        if not outputs:
            runner.stats.dropped["no_output"] += 1
        runner.stats.records_out += len(outputs)
        yield from outputs
    if not any(per_runner):
        runners[-1].drops.write(runners[-1].stats.label, record, "no_output")
