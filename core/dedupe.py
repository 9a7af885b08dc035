"""``zhiling dedupe PATH``: remove near-duplicates from a file or release without a recipe.

The input is a JSON Lines file, a Parquet file or a release folder (its
``all`` config). The deduper is the registered ``minhash`` component, built
exactly as a recipe step would build it, so the command and a recipe give the
same survivors. Kept records go to ``kept.jsonl`` in input order; every
removed record goes to ``removed.jsonl`` with its reason, survivor and cluster.
Both are written beside the output folder first and moved in only when the
run succeeds, and an output folder that is, holds or lies in the input is
refused, so a failed or mistaken run never empties earlier files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import IO, Any, cast

from zhiling.errors import RecipeError
from zhiling.inputs import jsonl_lines, parquet_rows
from zhiling.kinds import KINDS
from zhiling.manager import make_plugin_manager
from zhiling.outputs import files_into, refuse_overlap
from zhiling.pipeline import StepStats
from zhiling.progress import Stage, stage
from zhiling.recipe import Step, build
from zhiling.records import Record
from zhiling.registry import Registry


def read_records(path: Path) -> Iterator[Record]:
    """Yield the records of a JSONL file, a Parquet file or a release folder.

    Records without an ``id`` get ``file:line`` (JSONL) or ``file:row``.
    """
    if path.is_dir():
        files = sorted((path / "all").glob("*.parquet")) or sorted(path.rglob("*.parquet"))
        if not files:
            raise RecipeError(f"{path} holds no Parquet files: is it a release folder?")
        for file in files:
            yield from _parquet(file)
    elif path.suffix == ".parquet":
        yield from _parquet(path)
    elif path.is_file():
        yield from _jsonl(path)
    else:
        raise RecipeError(f"{path} does not exist")


def _jsonl(path: Path) -> Iterator[Record]:
    for number, _, item in jsonl_lines(path):
        if item is not None:
            item.setdefault("id", f"{path.name}:{number}")
            yield cast(Record, item)


def _parquet(path: Path) -> Iterator[Record]:
    for row, item in enumerate(parquet_rows(path), start=1):
        item.setdefault("id", f"{path.name}:{row}")
        yield cast(Record, item)


def dedupe_path(
    path: Path, out_dir: Path, options: dict[str, Any], *, progress: bool = True
) -> dict[str, Any]:
    """Dedupe ``path`` into ``out_dir`` with the minhash deduper built from ``options``.

    Returns the counts and the deduper's report.
    """
    registry = Registry(make_plugin_manager())
    step = Step(KINDS["deduper"], "minhash", options, "zhiling dedupe")
    stats = [StepStats("read"), StepStats("kept")]
    if not path.exists():
        raise RecipeError(f"{path} does not exist")
    refuse_overlap(path, out_dir)
    shown: Stage | None = stage("dedupe read", unit="records") if progress else None

    def counted() -> Iterator[Record]:
        for record in read_records(path):
            stats[0].records_in += 1
            stats[0].records_out += 1
            if shown is not None:
                shown.advance()
            yield record

    outputs = ("kept.jsonl", "removed.jsonl")
    with (
        TemporaryDirectory(prefix="zhiling-dedupe-") as scratch,
        files_into(out_dir, outputs) as staging,
    ):
        deduper = build(step, registry, workdir=Path(scratch), base_dir=Path.cwd())
        with (staging / "kept.jsonl").open("w", encoding="utf-8") as kept:
            for record in deduper(counted()):
                stats[1].records_in += 1
                stats[1].records_out += 1
                _write(kept, record)
        with (staging / "removed.jsonl").open("w", encoding="utf-8") as ledger:
            for record, reason in deduper.removed():
                stats[1].dropped[reason] += 1
                entry = {"id": record["id"], "reason": reason, **record["meta"]["dedup"]}
                _write(ledger, {**entry, "record": record})
    if shown is not None:
        shown.close(note=f"{stats[1].records_out:,} kept")
    report = deduper.report() if callable(getattr(deduper, "report", None)) else {}
    return {"read": stats[0].records_in, "kept": stats[1].records_out, "report": report}


def _write(handle: IO[str], item: Any) -> None:
    handle.write(json.dumps(item, ensure_ascii=False, sort_keys=True, default=str) + "\n")
