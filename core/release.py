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
import re
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


def split_key(record: Record) -> str:
    """Return what picks the split of ``record``: its ``meta["split_group"]``, else its id.

    A step such as ``split-groups`` gives related records one group, so they
    share a split (no near-duplicate of a test record in train).
    """
    group = (record.get("meta") or {}).get("split_group")
    return str(group) if group else str(record.get("id", ""))


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


def license_slug(spdx: str) -> str:
    """Return a file-name-safe form of an SPDX expression, e.g. "gpl-2.0-or-later"."""
    slug = re.sub(r"[^a-z0-9.]+", "-", spdx.lower()).strip("-.")
    return slug or "unknown"


@dataclass(frozen=True)
class ShardFile:
    """One written shard: its path inside the release, its row count and licence group."""

    config: str
    split: str
    path: str
    rows: int
    nbytes: int
    license: str = ""


#: A spool: (config, split, licence slug); the slug is "" unless shards are split by licence.
SpoolKey = tuple[str, str, str]


class ReleaseWriter:
    """Spool rows per (config, split) into ``workdir``, then write sorted shards into a folder.

    With ``by_license``, each licence gets its own shards too, so that texts
    under GPL, GFDL, MPL or a custom notice never share a file: a shard is one
    work with one set of terms.
    """

    def __init__(
        self, workdir: Path, *, seed: int, fractions: dict[str, float], by_license: bool = False
    ) -> None:
        self.workdir = workdir
        self.seed = seed
        self.fractions = fractions
        self.by_license = by_license
        self._spools: dict[SpoolKey, pq.ParquetWriter] = {}
        self._buffers: dict[SpoolKey, list[dict[str, Any]]] = {}
        self._names: dict[str, str] = {}
        self.licenses: Counter[str] = Counter()

    def add_all(self, records: Iterable[Record]) -> None:
        """Spool every record into its language config and into ``all``."""
        for record in records:
            row = to_row(record)
            self.licenses[row["license"]] += 1
            split = split_of(split_key(record), self.seed, self.fractions)
            group = self._group(row["license"]) if self.by_license else ""
            for config in (row["lang"], ALL_CONFIG):
                buffer = self._buffers.setdefault((config, split, group), [])
                buffer.append(row)
                if len(buffer) >= ROW_GROUP_SIZE:
                    self._flush((config, split, group))

    def _group(self, spdx: str) -> str:
        slug = license_slug(spdx)
        if self._names.setdefault(slug, spdx) != spdx:
            raise StepError(
                f"licences {self._names[slug]!r} and {spdx!r} map to the same shard name {slug!r}"
            )
        return slug

    def _flush(self, key: SpoolKey) -> None:
        rows = self._buffers.pop(key, [])
        if not rows:
            return
        if key not in self._spools:
            self._spools[key] = pq.ParquetWriter(self._spool_path(key), SCHEMA)
        self._spools[key].write_table(pa.Table.from_pylist(rows, schema=SCHEMA))

    def _spool_path(self, key: SpoolKey) -> Path:
        return self.workdir / ("spool-" + "-".join(part for part in key if part) + ".parquet")

    def finish(self, release_dir: Path) -> tuple[list[ShardFile], str]:
        """Write sorted shards into ``release_dir``; return them and the data's content hash."""
        for key in list(self._buffers):
            self._flush(key)
        for writer in self._spools.values():
            writer.close()
        digest = hashlib.sha256()
        shards: list[ShardFile] = []
        split_order = {name: i for i, name in enumerate(self.fractions)}
        keys = sorted(
            self._spools, key=lambda k: (k[0] == ALL_CONFIG, k[0], split_order[k[1]], k[2])
        )
        for config, split, group in keys:
            table = pq.read_table(self._spool_path((config, split, group)), schema=SCHEMA)
            table = table.sort_by("id")
            digest.update(f"{config}/{split}{'/' + group if group else ''}\n".encode())
            for row in table.to_pylist():
                digest.update(json.dumps(row, ensure_ascii=False, sort_keys=True).encode())
                digest.update(b"\n")
            license_id = self._names.get(group, "")
            shards.extend(_write_shards(table, release_dir, (config, split, group), license_id))
        return shards, digest.hexdigest()


def _write_shards(
    table: pa.Table, release_dir: Path, key: SpoolKey, license_id: str
) -> list[ShardFile]:
    config, split, group = key
    stem = f"{split}-{group}" if group else split
    count = max(1, -(-table.num_rows // ROWS_PER_SHARD))
    written = []
    for index in range(count):
        part = table.slice(index * ROWS_PER_SHARD, ROWS_PER_SHARD)
        relative = f"{config}/{stem}-{index:05d}-of-{count:05d}.parquet"
        target = release_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(part, target, row_group_size=ROW_GROUP_SIZE, compression="zstd")
        written.append(ShardFile(config, split, relative, part.num_rows, part.nbytes, license_id))
    return written


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
