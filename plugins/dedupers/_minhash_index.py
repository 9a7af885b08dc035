"""What the MinHash deduper keeps on disk: record spools, signature files and saved indexes.

A saved index is one ``.npz`` file holding the survivors' ids, their
signatures and the settings that made them; a later run with other settings
would compare incomparable signatures, so loading checks the settings first.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np

from zhiling import RecipeError, Record, batched
from zhiling.plugins.dedupers._minhash_engine import ShingleSets


def save_index(path: Path, ids: list[str], sigs: np.ndarray, settings: dict[str, Any]) -> None:
    """Write ``ids`` and their signatures to ``path`` (an ``.npz`` file), creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        np.savez(
            handle,
            ids=np.array(ids, dtype=str),
            signatures=sigs,
            settings=np.array(json.dumps(settings, sort_keys=True)),
        )


def load_index(path: Path, settings: dict[str, Any]) -> tuple[list[str], np.ndarray]:
    """Return the ids and signatures saved at ``path``, if they were made with ``settings``."""
    with np.load(path) as saved:
        stored = json.loads(str(saved["settings"]))
        if stored != json.loads(json.dumps(settings)):
            changed = sorted(k for k in {*stored, *settings} if stored.get(k) != settings.get(k))
            raise RecipeError(
                f"index {path} was saved with other minhash settings ({', '.join(changed)}); "
                "rebuild it, or compare against the release folder instead"
            )
        return [str(i) for i in saved["ids"]], saved["signatures"]


def release_records(folder: Path, columns: list[str]) -> Iterator[Record]:
    """Yield the records of a release folder (its ``all`` config, or every Parquet file)."""
    import pyarrow.parquet as pq

    files = sorted((folder / "all").glob("*.parquet")) or sorted(folder.rglob("*.parquet"))
    if not files:
        raise RecipeError(f"{folder} holds no Parquet files: is it a release folder?")
    for file in files:
        names = pq.read_schema(file).names
        table = pq.read_table(file, columns=[c for c in dict.fromkeys(columns) if c in names])
        yield from table.to_pylist()


class Spool:
    """Items kept a batch at a time and read back in the same order.

    They stay in memory while they are few (up to ``in_memory``), then all go
    to a pickle file at ``path``. With ``once`` the items are let go after the first full read.
    """

    def __init__(self, path: Path, *, once: bool = True, in_memory: int = 100_000) -> None:
        self.path = path
        self.once = once
        self.in_memory = in_memory
        self._held: list[list[Any]] = []
        self._count = 0
        self._file: IO[bytes] | None = None

    def add(self, items: list[Any]) -> None:
        self._count += len(items)
        if self._file is None and self._count <= self.in_memory:
            self._held.append(items)
            return
        if self._file is None:
            self._file = self.path.open("wb")
            for held in self._held:
                pickle.dump(held, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._held = []
        pickle.dump(items, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def discard(self) -> None:
        """Let go of the items without reading them (the run failed)."""
        self._held = []
        if self._file is not None:
            self._file.close()
            self.path.unlink(missing_ok=True)

    def __iter__(self) -> Iterator[Any]:
        if self._file is None:
            for held in self._held:
                yield from held
            if self.once:
                self._held = []
            return
        self._file.close()
        with self.path.open("rb") as handle:
            while True:
                try:
                    yield from pickle.load(handle)
                except EOFError:
                    break
        if self.once:
            self.path.unlink()


class SignatureStore:
    """Signatures appended batch by batch to a file, then mapped back as one read-only array.

    While sketching only the batches in flight are in memory, and joining
    them makes no second copy: a million 128-permutation signatures are
    512 MB that the operating system can page out.
    """

    def __init__(self, path: Path, num_perm: int) -> None:
        self.path = path
        self.num_perm = num_perm
        self.rows = 0
        self._file = path.open("wb")

    def append(self, sigs: np.ndarray) -> None:
        self._file.write(np.ascontiguousarray(sigs, dtype=np.uint32).tobytes())
        self.rows += len(sigs)

    def array(self) -> np.ndarray:
        """Return every appended signature, in order, shape ``(rows, num_perm)``."""
        self._file.close()
        if not self.rows:
            return np.zeros((0, self.num_perm), dtype=np.uint32)
        shape = (self.rows, self.num_perm)
        return np.memmap(self.path, dtype=np.uint32, mode="r", shape=shape)

    def discard(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)


class ShingleStore:
    """Every text's shingle hashes appended to a file, for true-Jaccard verification."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.counts: list[np.ndarray] = []
        self._file = path.open("wb")

    def append(self, hashes: np.ndarray, counts: np.ndarray) -> None:
        self._file.write(np.ascontiguousarray(hashes, dtype=np.uint32).tobytes())
        self.counts.append(counts)

    def unknown(self, count: int) -> None:
        """Note ``count`` texts whose shingles are not known (a saved index holds none)."""
        self.counts.append(np.full(count, -1, dtype=np.int64))

    def sets(self) -> ShingleSets:
        """Return the shingles appended so far, memory-mapped."""
        self._file.close()
        counts = np.concatenate([np.zeros(0, np.int64), *self.counts])
        offsets = np.concatenate([[0], np.cumsum(np.maximum(counts, 0))])
        total = int(offsets[-1])
        hashes = (
            np.memmap(self.path, dtype=np.uint32, mode="r", shape=(total,))
            if total
            else np.zeros(0, np.uint32)
        )
        return ShingleSets(hashes, offsets, counts >= 0)

    def discard(self) -> None:
        self._file.close()
        self.path.unlink(missing_ok=True)


def sketch(
    records: Iterable[Record],
    sketch_of: Callable[[list[Record]], tuple[np.ndarray, Any]],
    length_of: Callable[[Record], int],
    stores: tuple[SignatureStore, ShingleStore | None],
    spool: Spool | None,
    *,
    batch_size: int,
    stages: Any,
) -> tuple[list[str], np.ndarray]:
    """Sketch ``records`` in batches through ``stages`` into ``stores``; spool them too.

    ``stages`` is the engine's ``LocalStages`` (threads here) or an executor's
    drop-in that runs the same sketching elsewhere, yielding batches in order.

    ``sketch_of`` returns a batch's signatures and, when there is a shingle
    store, its ``(hashes, counts)``. Returns the ids and survivor lengths, in
    input order.
    """
    ids: list[str] = []
    lengths: list[int] = []
    signature_store, shingle_store = stores

    def batches() -> Iterator[list[Record]]:
        for batch in batched(records, batch_size):
            ids.extend(str(record["id"]) for record in batch)
            lengths.extend(map(length_of, batch))
            if spool is not None:
                spool.add(batch)
            yield batch

    for sigs, shingles in stages.sketch(sketch_of, batches()):
        signature_store.append(sigs)
        if shingle_store is not None:
            shingle_store.append(*shingles)
    return ids, np.array(lengths, dtype=np.int64)
