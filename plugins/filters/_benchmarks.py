"""Benchmark items from local files, and their n-gram index cached on disk.

A benchmark is a JSON Lines file, a Parquet file or a folder written by
``datasets.Dataset.save_to_disk``; the recipe names the fields whose text is
indexed and the field that identifies an item. Bad files stop the run with one
line naming the file (and the line of a JSONL file).

The index is cached under ``$XDG_CACHE_HOME/zhiling/decontaminate``, keyed by
the SHA-256 of the files and the settings, so the recipe check builds it once
and every worker of the run, and every later run, loads it instead.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from zhiling import RecipeError
from zhiling.plugins.filters._ngrams import NgramIndex

#: Bumped when the n-grams or the cache layout change, so old caches are not read.
INDEX_FORMAT = "2"


@dataclass(frozen=True)
class Benchmark:
    """Where one benchmark's items are and which of their fields count."""

    name: str
    path: Path
    fields: tuple[str, ...]
    id_field: str


def default_cache() -> Path:
    """Return the folder cached indexes live in (``$XDG_CACHE_HOME/zhiling/decontaminate``)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zhiling" / "decontaminate"


def _jsonl_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecipeError(f"benchmark {path}:{number}: not valid JSON: {exc.msg}") from exc
            if not isinstance(row, dict):
                raise RecipeError(f"benchmark {path}:{number}: expected a JSON object per line")
            yield f"{path}:{number}", row


def _table_rows(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    if path.is_dir():
        import datasets  # type: ignore[import-untyped]

        loaded = datasets.load_from_disk(str(path))
        splits = loaded.items() if isinstance(loaded, datasets.DatasetDict) else [("", loaded)]
        for split, dataset in sorted(splits, key=lambda pair: pair[0]):
            for number, row in enumerate(dataset, start=1):
                yield f"{path} ({split or 'rows'} row {number})", row
        return
    import pyarrow.parquet as pq

    for number, row in enumerate(pq.read_table(path).to_pylist(), start=1):
        yield f"{path} (row {number})", row


def read_items(benchmark: Benchmark) -> tuple[list[str], list[str]]:
    """Return the ids of ``benchmark``'s items and the text of their fields, joined by lines."""
    path = benchmark.path
    if not path.exists():
        raise RecipeError(f"benchmark {benchmark.name!r}: {path} does not exist")
    if path.is_dir() or path.suffix == ".parquet":
        rows = _table_rows(path)
    elif path.suffix in (".jsonl", ".json"):
        rows = _jsonl_rows(path)
    else:
        raise RecipeError(
            f"benchmark {benchmark.name!r}: {path} is not .jsonl, .parquet or a dataset folder"
        )
    ids, texts = [], []
    for where, row in rows:
        missing = [f for f in (benchmark.id_field, *benchmark.fields) if f not in row]
        if missing:
            raise RecipeError(f"benchmark {where}: item has no field {missing[0]!r}")
        ids.append(str(row[benchmark.id_field]))
        texts.append("\n".join(_text(row[field]) for field in benchmark.fields))
    return ids, texts


def _text(value: Any) -> str:
    """Return a field's text; the choices of a multiple-choice item are a list."""
    if isinstance(value, (list, tuple)):
        return "\n".join(map(_text, value))
    return "" if value is None else str(value)


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(file.relative_to(path).as_posix().encode() if path.is_dir() else b"")
        with file.open("rb") as data:
            for block in iter(lambda: data.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def load_index(
    benchmarks: list[Benchmark], *, words: int, chars: int, cache: Path
) -> tuple[NgramIndex, list[tuple[str, str]]]:
    """Return the index of every benchmark's items and, per item, its (benchmark, id)."""
    key = hashlib.sha256(
        json.dumps(
            [INDEX_FORMAT, words, chars]
            + [
                [b.name, _checksum(b.path) if b.path.exists() else "", b.fields, b.id_field]
                for b in benchmarks
            ]
        ).encode()
    ).hexdigest()[:32]
    cached = cache / f"{key}.npz"
    if cached.is_file():
        with np.load(cached) as saved:
            stored = json.loads(str(saved["owners"]))
            return NgramIndex(saved["hashes"], saved["items"]), [(b, i) for b, i in stored]
    owners: list[tuple[str, str]] = []
    texts: list[str] = []
    for benchmark in benchmarks:
        ids, item_texts = read_items(benchmark)
        owners += [(benchmark.name, item_id) for item_id in ids]
        texts += item_texts
    index = NgramIndex.build(texts, words=words, chars=chars)
    cache.mkdir(parents=True, exist_ok=True)
    partial = cache / f"{key}.{os.getpid()}.tmp.npz"
    np.savez(partial, hashes=index.hashes, items=index.items, owners=np.array(json.dumps(owners)))
    os.replace(partial, cached)
    return index, owners
