"""Read JSONL and Parquet data files, turning every bad input into one line naming file and line.

Invalid UTF-8, a line that is not a JSON object and a file that is not
Parquet all stop the command with a ``ZhilingError``: the commands that use
this module write derived datasets, and silently skipping or copying a line
they cannot read could drop data or let personal data through unredacted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from zhiling.errors import ZhilingError


def jsonl_lines(path: Path) -> Iterator[tuple[int, str, dict[str, Any] | None]]:
    """Yield ``(line number, text, object)`` for each line; blank lines give ``None``."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ZhilingError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    with handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ZhilingError(
                    f"{path}:{number}: not UTF-8 text (byte {exc.start + 1} of the line)"
                ) from exc
            if not line.strip():
                yield number, line, None
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ZhilingError(f"{path}:{number}: not JSON: {exc.msg}") from exc
            if not isinstance(item, dict):
                raise ZhilingError(f"{path}:{number}: expected a JSON object")
            yield number, line, item


def parquet_rows(path: Path, batch_size: int = 8192) -> Iterator[dict[str, Any]]:
    """Yield the rows of a Parquet file, naming the file (and rows read) if it is broken."""
    row = 0
    try:
        for batch in open_parquet(path).iter_batches(batch_size=batch_size):
            for item in batch.to_pylist():
                row += 1
                yield item
    except (pa.ArrowException, OSError) as exc:
        raise ZhilingError(f"{path}: unreadable Parquet after row {row}: {_one_line(exc)}") from exc


def open_parquet(path: Path) -> pq.ParquetFile:
    """Open ``path`` as Parquet, or raise one line saying it is not Parquet."""
    try:
        return pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise ZhilingError(f"{path}: not a Parquet file: {_one_line(exc)}") from exc


def read_parquet(path: Path) -> pa.Table:
    """Read the whole Parquet file ``path`` as a table, naming it if it is broken."""
    try:
        return open_parquet(path).read()
    except (pa.ArrowException, OSError) as exc:
        raise ZhilingError(f"{path}: unreadable Parquet: {_one_line(exc)}") from exc


def _one_line(exc: BaseException) -> str:
    """Return Arrow's message on one line; it often ends in blank lines."""
    return " ".join(str(exc).split())
