"""Write a release: Parquet shards per config and split, a dataset card and a manifest.

Records arrive in any order; each (config, split) is spooled to a temporary
Parquet file as it streams in, then sorted by id in Arrow and written out in
fixed-size shards. Sorting makes the release independent of worker count and
arrival order, so the same recipe and inputs give byte-identical files. Memory
is bounded by one (config, split) held as Arrow columns while it is sorted.
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from zhiling.errors import StepError
from zhiling.records import Record, chat_messages

ALL_CONFIG = "all"
ROWS_PER_SHARD = 100_000
ROW_GROUP_SIZE = 10_000

SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("instruction", pa.string()),
        ("input", pa.string()),
        ("output", pa.string()),
        (
            "messages",
            pa.list_(pa.struct([("role", pa.string()), ("content", pa.string())])),
        ),
        ("lang", pa.string()),
        ("license", pa.string()),
        (
            "source",
            pa.struct(
                [
                    ("doc_id", pa.string()),
                    ("uri", pa.string()),
                    ("spans", pa.list_(pa.list_(pa.int64()))),
                ]
            ),
        ),
        ("pattern", pa.struct([("name", pa.string()), ("version", pa.string())])),
    ]
)
COLUMNS = tuple(SCHEMA.names)


def split_of(record_id: str, seed: int, fractions: dict[str, float]) -> str:
    """Return the split of ``record_id``: a seeded hash of the id, so splits are stable."""
    digest = hashlib.sha256(f"{seed}:{record_id}".encode()).digest()
    point = struct.unpack(">Q", digest[:8])[0] / 2**64
    cumulative = 0.0
    for name, fraction in fractions.items():
        cumulative += fraction
        if point < cumulative:
            return name
    return next(reversed(fractions))


def to_row(record: Record) -> dict[str, Any]:
    """Return the release row of ``record``, raising a ``StepError`` if it is no instruction."""
    missing = [key for key in ("instruction", "output", "lang") if not record.get(key)]
    if missing:
        raise StepError(
            f"record {record.get('id')!r} reached the release without {', '.join(missing)}; "
            "a release holds instruction records: add an '- extract: <name>' step"
        )
    row: dict[str, Any] = {column: record.get(column) for column in COLUMNS}
    row["input"] = record.get("input", "")
    row["license"] = record.get("license", "")
    row["messages"] = chat_messages(record)
    row["source"] = record.get("source") or {"doc_id": "", "uri": "", "spans": []}
    row["pattern"] = record.get("pattern") or {"name": "", "version": ""}
    return row


@dataclass(frozen=True)
class ShardFile:
    """One written shard: its path inside the release and its row count."""

    config: str
    split: str
    path: str
    rows: int
    nbytes: int


class ReleaseWriter:
    """Spool rows per (config, split) into ``workdir``, then write sorted shards into a folder."""

    def __init__(self, workdir: Path, *, seed: int, fractions: dict[str, float]) -> None:
        self.workdir = workdir
        self.seed = seed
        self.fractions = fractions
        self._spools: dict[tuple[str, str], pq.ParquetWriter] = {}
        self._buffers: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.licenses: Counter[str] = Counter()

    def add_all(self, records: Iterable[Record]) -> None:
        """Spool every record into its language config and into ``all``."""
        for record in records:
            row = to_row(record)
            self.licenses[row["license"]] += 1
            split = split_of(row["id"], self.seed, self.fractions)
            for config in (row["lang"], ALL_CONFIG):
                buffer = self._buffers.setdefault((config, split), [])
                buffer.append(row)
                if len(buffer) >= ROW_GROUP_SIZE:
                    self._flush((config, split))

    def _flush(self, key: tuple[str, str]) -> None:
        rows = self._buffers.pop(key, [])
        if not rows:
            return
        if key not in self._spools:
            path = self.workdir / f"spool-{key[0]}-{key[1]}.parquet"
            self._spools[key] = pq.ParquetWriter(path, SCHEMA)
        self._spools[key].write_table(pa.Table.from_pylist(rows, schema=SCHEMA))

    def finish(self, release_dir: Path) -> tuple[list[ShardFile], str]:
        """Write sorted shards into ``release_dir``; return them and the data's content hash."""
        for key in list(self._buffers):
            self._flush(key)
        for writer in self._spools.values():
            writer.close()
        digest = hashlib.sha256()
        shards: list[ShardFile] = []
        split_order = {name: i for i, name in enumerate(self.fractions)}
        keys = sorted(self._spools, key=lambda k: (k[0] == ALL_CONFIG, k[0], split_order[k[1]]))
        for config, split in keys:
            table = pq.read_table(self.workdir / f"spool-{config}-{split}.parquet", schema=SCHEMA)
            table = table.sort_by("id")
            digest.update(f"{config}/{split}\n".encode())
            for row in table.to_pylist():
                digest.update(json.dumps(row, ensure_ascii=False, sort_keys=True).encode())
                digest.update(b"\n")
            shards.extend(_write_shards(table, release_dir, config, split))
        return shards, digest.hexdigest()


def _write_shards(table: pa.Table, release_dir: Path, config: str, split: str) -> list[ShardFile]:
    count = max(1, -(-table.num_rows // ROWS_PER_SHARD))
    written = []
    for index in range(count):
        part = table.slice(index * ROWS_PER_SHARD, ROWS_PER_SHARD)
        relative = f"{config}/{split}-{index:05d}-of-{count:05d}.parquet"
        target = release_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(part, target, row_group_size=ROW_GROUP_SIZE, compression="zstd")
        written.append(ShardFile(config, split, relative, part.num_rows, part.nbytes))
    return written


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
