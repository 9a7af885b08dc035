"""Plugin kinds: what each registered factory must return, and how recipes name it.

``KINDS`` is the single table that the registry, the recipe loader and the
documentation tests read, so a kind is added in exactly one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

from zhiling.records import Record

T = TypeVar("T")


@dataclass(frozen=True)
class Shard:
    """The part of every source that one worker reads: item ``i`` belongs to it when ``owns(i)``."""

    index: int = 0
    count: int = 1

    def owns(self, position: int) -> bool:
        """Return whether the item at ``position`` of a source's input belongs to this shard."""
        return position % self.count == self.index


class Source(Protocol):
    """Yields document records for one shard and names the files it reads.

    The manifest records each input under its path relative to the recipe's
    folder. A source whose inputs live elsewhere (a download cache) also
    implements ``NamedInputs``, so no path of the building machine is published.
    """

    def __iter__(self) -> Iterator[Record]: ...

    def inputs(self) -> list[Path]:
        """Return every input file, so the manifest can record their checksums."""
        ...


@runtime_checkable
class NamedInputs(Protocol):
    """Optional for a source: the names its inputs have in the manifest."""

    def input_name(self, path: Path) -> str:
        """Return a relative name for ``path`` (one of ``inputs()``), the same on every machine."""
        ...


class Segmenter(Protocol):
    """Adds ``words`` to a record, or splits it into several records."""

    def segment(self, record: Record) -> Iterable[Record]: ...


class Filter(Protocol):
    """Decides, one record at a time, whether a record is dropped and why.

    Like any step, a filter may define ``report() -> dict``, stored in the
    manifest's ``step_reports``. Filters usually run in the map stage, in
    worker processes, so the report is taken from the main process's copy,
    which saw no record: it names settings and versions (``language-id``
    records its identifier's), not counts.
    """

    def reason_to_drop(self, record: Record) -> str | None: ...


class Extractor(Protocol):
    """Turns a document into instruction records; ``name`` and ``version`` identify it."""

    name: str
    version: str

    def extract(self, document: Record) -> Iterable[Record]: ...


class BatchFilter(Protocol):
    """A filter that decides for many records per call, e.g. one that runs a model.

    It sets ``batch_size`` (usually from a recipe option of that name) and
    implements ``reasons_to_drop``; the pipeline then feeds it lists of at most
    ``batch_size`` records instead of calling ``reason_to_drop``. Counting, drop
    log, order and error messages are the same as for a per-record filter, and
    so is the release, whatever the batch size or number of workers.
    """

    batch_size: int

    def reasons_to_drop(self, records: list[Record]) -> Sequence[str | None]:
        """Return one drop reason or None per record, in the order given."""
        ...


class BatchExtractor(Protocol):
    """An extractor that takes many documents per call; see ``BatchFilter``.

    ``extract_batch`` returns one iterable of instruction records per document,
    in the order given. A segmenter batches the same way with ``batch_size``
    and ``segment_batch(records)``.
    """

    name: str
    version: str
    batch_size: int

    def extract_batch(self, documents: list[Record]) -> Sequence[Iterable[Record]]: ...


class Deduper(Protocol):
    """A barrier step: sees every record, yields the survivors, reports the removed.

    A deduper may also define ``cluster_sizes() -> dict[int, int]`` (size of a
    group of duplicates → how many such groups), called after ``removed()``;
    the manifest keeps it under the step's ``clusters`` and the release report
    draws it. It may also have ``report() -> dict`` (settings and other
    figures), which the manifest stores under ``step_reports``, keyed by step
    label; any step may do so (see ``Filter``).
    """

    def __call__(self, records: Iterable[Record]) -> Iterator[Record]: ...

    def removed(self) -> Iterable[tuple[Record, str]]:
        """Return each removed record with its reason, after the survivors were consumed."""
        ...


class Audit(Protocol):
    """Observes every released record and summarises what it saw.

    An audit may also define ``apply(record) -> Record | str``: the core calls
    it on each record before any audit observes it, and releases the record it
    returns, or drops the record when it returns a snake_case reason (counted
    in the manifest like a filter's). It returns a new record rather than
    changing the one it was given, and touches only the text it must change:
    PII redaction is the reason it exists. An audit without ``apply`` is a pure
    observer.
    """

    def observe(self, record: Record) -> None: ...

    def report(self) -> dict[str, Any]:
        """Return a JSON-serialisable summary: numbers gates can read, tables the card shows."""
        ...


class ReleaseTarget(Protocol):
    """Publishes a finished release folder somewhere and says where."""

    def publish(self, release_dir: Path, manifest: dict[str, Any]) -> str: ...


class Trainer(Protocol):
    """Fine-tunes a reference model on a release, saves it and returns its figures."""

    def train(self, release_dir: Path, output_dir: Path) -> dict[str, Any]:
        """Read ``release_dir`` (never change it) and save the model into ``output_dir``."""
        ...


class Executor(Protocol):
    """Runs ``task(index, count)`` for every shard and returns results in shard order.

    Two optional attributes tell the core where shards may spool: an executor
    whose workers run on other machines sets ``workers_share_scratch = False``
    (each shard then returns its spooled files), or names a folder on storage
    that every worker shares as ``scratch_root``. An executor may also define
    ``distribute(component, step)``, called once for each barrier step of the
    reduce stage with a picklable ``step`` that workers rebuild the component
    from: it returns the component, possibly set to run its parallel stages
    on the executor's workers.
    """

    def map_shards(self, task: Callable[[int, int], T], count: int) -> list[T]: ...

    @property
    def parallelism(self) -> int:
        """Return how many shards this executor wants to run the input in."""
        ...


@dataclass(frozen=True)
class Kind:
    """One plugin kind: its name, the hook that registers it and its recipe verb."""

    name: str
    plural: str
    verb: str
    protocol: type

    @property
    def hook(self) -> str:
        """Return the name of the hook that registers components of this kind."""
        return f"register_{self.plural}"


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("source", "sources", "read", Source),
        Kind("segmenter", "segmenters", "segment", Segmenter),
        Kind("filter", "filters", "filter", Filter),
        Kind("extractor", "extractors", "extract", Extractor),
        Kind("deduper", "dedupers", "dedupe", Deduper),
        Kind("audit", "audits", "audit", Audit),
        Kind("release_target", "release_targets", "publish", ReleaseTarget),
        Kind("trainer", "trainers", "train", Trainer),
        Kind("executor", "executors", "executor", Executor),
    )
}

#: Kinds that may appear in a recipe's ``steps:`` list, by their verb.
STEP_VERBS: dict[str, Kind] = {
    KINDS[name].verb: KINDS[name] for name in ("segmenter", "filter", "extractor", "deduper")
}

#: Factory parameters the core fills in; recipes cannot set them.
SERVICES = frozenset({"hook", "shard", "workdir", "base_dir", "split"})
