"""Audit an existing dataset without a recipe: a release folder, a Parquet or a JSONL file.

``zhiling audit PATH`` runs installed audits (by default ``pii``, ``bias`` and
``toxicity``, with default options) and the release distributions over every
row, and prints a summary. In a release folder only the ``all`` config is
counted, since the language configs repeat its rows. ``--redact OUT`` also
writes a copy of PATH with the ``pii`` audit's redaction applied to every data
file: only the matched text changes; other fields, other files and JSONL lines
without PII are copied byte for byte. The copy is written beside OUT and
renamed to OUT only when every file is redacted, so a failure (a corrupt
shard, a line that is not JSON) leaves no unredacted copy behind; such input
stops both commands with one line naming the file and line.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pluggy
import pyarrow as pa
import pyarrow.parquet as pq

from zhiling.errors import ZhilingError
from zhiling.inputs import jsonl_lines, parquet_rows, read_parquet
from zhiling.kinds import KINDS
from zhiling.outputs import new_output, refuse_overlap
from zhiling.pipeline import AuditRunner, DropLog
from zhiling.recipe import Step, build
from zhiling.records import Record
from zhiling.registry import Registry
from zhiling.release import ALL_CONFIG
from zhiling.report import Distributions

DEFAULT_AUDITS = ("pii", "bias", "toxicity")
DATA_SUFFIXES = (".parquet", ".jsonl")
SPLITS = ("train", "validation", "test")


def data_files(path: Path) -> tuple[list[Path], list[Path]]:
    """Return the files to count and every data file under ``path``, both sorted."""
    if path.is_file():
        if path.suffix not in DATA_SUFFIXES:
            raise ZhilingError(f"{path}: not a Parquet or JSONL file (.parquet, .jsonl)")
        return [path], [path]
    if not path.is_dir():
        raise ZhilingError(f"{path}: no such file or folder")
    every = sorted(p for p in path.rglob("*") if p.suffix in DATA_SUFFIXES and p.is_file())
    if not every:
        raise ZhilingError(f"{path}: holds no .parquet or .jsonl file")
    release = (path / "manifest.json").is_file() and (path / ALL_CONFIG).is_dir()
    counted = [p for p in every if p.parent == path / ALL_CONFIG] if release else every
    return counted, every


def read_rows(path: Path) -> Iterator[Record]:
    """Yield the rows of one Parquet or JSONL file; a line that is no JSON object is an error."""
    if path.suffix == ".parquet":
        yield from parquet_rows(path, batch_size=10_000)  # type: ignore[misc]
        return
    for _, _, row in jsonl_lines(path):
        if row is not None:
            yield row  # type: ignore[misc]


def _split(path: Path) -> str:
    name = path.name.split("-", 1)[0].split(".", 1)[0]
    return name if name in SPLITS else "unknown"


def audit_dataset(
    path: Path, pm: pluggy.PluginManager, *, audits: tuple[str, ...] = DEFAULT_AUDITS
) -> dict[str, Any]:
    """Return the report of the dataset at ``path``: distributions and each audit's figures."""
    registry = Registry(pm)
    built = []
    for name in audits:
        step = Step(KINDS["audit"], name, {}, "zhiling audit")
        built.append((step, build(step, registry), registry.get("audit", name).plugin))
    runner = AuditRunner(1, built, DropLog(None))
    distributions = Distributions()
    counted, _ = data_files(path)
    for file in counted:
        split = _split(file)
        for row in runner(read_rows(file)):
            distributions.add(dict(row), split)
    return {
        "path": str(path),
        "files": [str(file.relative_to(path) if path.is_dir() else file.name) for file in counted],
        "distributions": distributions.report(),
        "audits": {step.name: audit.report() for step, audit, _ in built},
    }


def redact_copy(path: Path, out: Path, pm: pluggy.PluginManager) -> dict[str, int]:
    """Write ``path`` to ``out`` with PII redacted; return how many values of each type."""
    if out.exists():
        raise ZhilingError(f"{out} exists; choose a new path for the redacted copy")
    refuse_overlap(path, out)
    links = sorted(p for p in path.rglob("*") if p.is_symlink()) if path.is_dir() else []
    if links:
        raise ZhilingError(f"{links[0]}: is a symbolic link; a redacted copy holds only files")
    step = Step(KINDS["audit"], "pii", {"mode": "redact"}, "zhiling audit --redact")
    redactor = build(step, Registry(pm))
    _, files = data_files(path)
    with new_output(out, folder=path.is_dir()) as staging:
        if path.is_dir():
            staging.rmdir()
            shutil.copytree(path, staging, symlinks=True)
            targets = [(file, staging / file.relative_to(path)) for file in files]
        else:
            targets = [(path, staging)]
        for source, target in targets:
            (_redact_parquet if source.suffix == ".parquet" else _redact_jsonl)(
                source, target, redactor
            )
    return {name: row["redacted"] for name, row in redactor.report()["by_type"].items()}


def _redact_parquet(source: Path, target: Path, redactor: Any) -> None:
    table = read_parquet(source)
    rows = [redactor.apply(row) for row in table.to_pylist()]
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), target, compression="zstd")


def _redact_jsonl(source: Path, target: Path, redactor: Any) -> None:
    with target.open("w", encoding="utf-8") as writer:
        for _, line, row in jsonl_lines(source):
            changed = redactor.apply(row) if row is not None else row
            if changed is row:
                writer.write(line)
            else:
                writer.write(json.dumps(changed, ensure_ascii=False) + "\n")


def summary(report: dict[str, Any]) -> str:
    """Return a few readable lines: record counts and each audit's headline numbers."""
    figures = report["distributions"]
    languages = ", ".join(f"{k} {v}" for k, v in figures["by_language"].items())
    files = len(report["files"])
    lines = [
        f"audited {figures['records']} records in {files} file(s) of {report['path']}",
        f"  languages: {languages or 'none'}",
    ]
    for name, audit in report["audits"].items():
        numbers = [f"{k}={v:g}" for k, v in audit.items() if isinstance(v, (int, float))]
        lines.append(f"  {name}: {' '.join(numbers)}")
    return "\n".join(lines)
