"""What the MinHash deduper reads and writes besides records: texts, spools and saved indexes.

A saved index is one ``.npz`` file holding the survivors' ids, their
signatures and the settings that made them; a later run with other settings
would compare incomparable signatures, so loading checks the settings first.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from zhiling import RecipeError, Record


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
    """Records pickled to a file as they pass, read back in the same order."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = path.open("wb")

    def add(self, record: Record) -> None:
        pickle.dump(record, self._file, protocol=pickle.HIGHEST_PROTOCOL)

    def __iter__(self) -> Iterator[Record]:
        self._file.close()
        with self.path.open("rb") as handle:
            while True:
                try:
                    yield pickle.load(handle)
                except EOFError:
                    break
        self.path.unlink()
