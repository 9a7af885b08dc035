"""Feeding records to a step component in lists: the batch side of the step contract.

A segmenter, filter or extractor that is much faster on many records at once
(a model, a vectorised look-up) sets ``batch_size`` and implements the batch
method of its kind; the pipeline (``zhiling.pipeline.StepRunner``) cuts the
stream into lists with ``chunks`` and calls it through ``call_batch``, which
checks that one result came back per record and, when the call fails, names
the record it fails on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from zhiling.errors import StepError
from zhiling.records import Record

#: The method a component of each kind implements when it takes batches
#: (see ``zhiling.kinds.BatchFilter``): one result per record, in order.
BATCH_METHODS = {
    "segmenter": "segment_batch",
    "filter": "reasons_to_drop",
    "extractor": "extract_batch",
}

#: What a component returns for one record: a drop reason (filters) or its output records.
Result = tuple[str | None, list[Record]]


def chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    """Yield ``records`` in lists of ``size`` (the last may be shorter), in order."""
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def batch_size(component: Any, kind: str, label: str) -> int:
    """Return how many records ``component`` takes per call, or 0 if it takes one at a time.

    A component batches when it has a ``batch_size`` attribute of at least 1
    and the batch method of its kind (``BATCH_METHODS``).
    """
    size = getattr(component, "batch_size", None)
    if size is None or kind not in BATCH_METHODS:
        return 0
    method = BATCH_METHODS[kind]
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise StepError(
            f"step {label}: batch_size must be a whole number of at least 1, got {size!r}"
        )
    if not callable(getattr(component, method, None)):
        raise StepError(f"step {label}: the component sets batch_size but has no {method}() method")
    return size


def call_batch(method: Callable[[list[Record]], Any], batch: list[Record], step: str) -> list[Any]:
    """Return ``method(batch)`` as a list of one result per record of ``batch``.

    ``step`` names the step and plugin in errors. When the call raises, the
    method is called again one record at a time to find the record it fails
    on: batch methods compute rather than change state, so calling them again
    is safe, and it only happens on the way to stopping the run.
    """
    try:
        raw = list(method(batch))
    except Exception as exc:
        raise _failing_record(method, batch, step, exc) from exc
    if len(raw) != len(batch):
        raise StepError(
            f"{step} returned {len(raw)} results for a batch of {len(batch)} records starting "
            f"at {batch[0].get('id')!r}; a batch method returns exactly one result per record, "
            "in order"
        )
    return raw


def _failing_record(
    method: Callable[[list[Record]], Any], batch: list[Record], step: str, exc: Exception
) -> StepError:
    culprit, error = batch[0], exc
    if len(batch) > 1:
        for record in batch:
            try:
                list(method([record]))
            except Exception as single:
                culprit, error = record, single
                break
        else:
            return StepError(
                f"{step} failed on the batch of {len(batch)} records starting at "
                f"{batch[0].get('id')!r}: {type(exc).__name__}: {exc}"
            )
    return StepError(
        f"{step} failed on record {culprit.get('id')!r}: {type(error).__name__}: {error}"
    )
