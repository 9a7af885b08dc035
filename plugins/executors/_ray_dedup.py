"""The MinHash deduper's parallel stages on a Ray cluster, with the local stages' results.

Signatures: batches of records go to Ray tasks; each worker rebuilds the
deduper from the recipe once (components are never pickled) and calls its
``signatures``. Results come back in batch order.

Candidate pairs: one ``(band, key, rank, index)`` row per text and band is
hash-partitioned on ``(band, key)`` with Ray Data, so every bucket lands whole
in one partition; ``map_batches`` then pairs each bucket's members with its
leader by the engine's own ``band_pairs``. Grouping with
``groupby().map_groups()`` would start one call per bucket, millions of tiny
groups, about sixty times slower. Verification, connected components and the
survivor rule stay the engine's, on the driver, over the distinct pairs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np

from zhiling.plugins.dedupers import _minhash_engine as engine

_BUILT: dict[Any, Any] = {}  # per worker process: the deduper rebuilt from each step


def _signatures(step: Any, records: list[dict[str, Any]]) -> np.ndarray:
    if step not in _BUILT:
        _BUILT[step] = step.build()
    return _BUILT[step].signatures(records)


def _bucket_pairs(batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Return the ``(leader, member)`` pairs of every whole bucket in one hash partition."""
    found = [np.zeros((0, 2), dtype=np.int64)]
    for band in np.unique(batch["band"]):
        inside = batch["band"] == band
        keys, rank = batch["key"][inside], batch["rank"][inside]
        local = engine.band_pairs(keys, rank, np.ones(len(keys), dtype=bool))
        found.append(batch["index"][inside][local])
    pairs = np.concatenate(found)
    return {"leader": pairs[:, 0], "member": pairs[:, 1]}


class RayStages:
    """Drop-in for the engine's ``LocalStages``: the same stages as Ray tasks and a shuffle."""

    def __init__(self, ray: Any, step: Any, *, partitions: int, in_flight: int, retries: int):
        self.ray = ray
        self.step = step
        self.partitions = partitions
        self.in_flight = in_flight
        self.retries = retries

    def sketch(
        self, signatures: Callable[[list[Any]], np.ndarray], batches: Iterable[list[Any]]
    ) -> Iterator[np.ndarray]:
        """Yield the signatures of every batch in order; workers use their rebuilt deduper.

        ``signatures`` is the driver's bound method and stays here: components
        are never pickled, so each worker calls the same method on its own copy.
        """
        remote = self.ray.remote(_signatures).options(max_retries=self.retries)
        step = self.ray.put(self.step)
        pending: deque[Any] = deque()
        for batch in batches:
            pending.append(remote.remote(step, batch))
            if len(pending) >= self.in_flight:
                yield self.ray.get(pending.popleft())
        while pending:
            yield self.ray.get(pending.popleft())

    def candidate_pairs(
        self, sigs: np.ndarray, bands: int, rows: int, rank: np.ndarray
    ) -> np.ndarray:
        """Return the distinct candidate pairs, found by hash-partitioning band keys."""
        import pyarrow as pa
        import ray.data

        index = np.flatnonzero(sigs[:, 0] != engine.EMPTY) if len(sigs) else np.zeros(0, int)
        empty = np.zeros((0, 2), dtype=np.int64)
        if len(index) < 2:
            return empty
        tables = [
            pa.table(
                {
                    "band": np.full(len(index), band, dtype=np.int32),
                    "key": engine.band_keys(sigs[index], band, rows),
                    "rank": rank[index].astype(np.int64),
                    "index": index.astype(np.int64),
                }
            )
            for band in range(bands)
        ]
        dataset = (
            ray.data.from_arrow(tables)
            .repartition(self.partitions, keys=["band", "key"])
            .map_batches(_bucket_pairs, batch_size=None, batch_format="numpy")
        )
        found = [empty, *self._pairs(dataset)]
        return np.unique(np.concatenate(found), axis=0)

    @staticmethod
    def _pairs(dataset: Any) -> Iterator[np.ndarray]:
        for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
            yield np.stack([batch["leader"], batch["member"]], axis=1).astype(np.int64)
