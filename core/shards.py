"""The map stage: one shard's sources and per-record steps, spooled to disk for the reduce.

Shards may run in other processes or on other machines. Each rebuilds its
plugins and recipe from what is installed (components are never pickled),
and spools its records under a unique name that is renamed into place only
when complete, so a retried shard never duplicates or loses records.
"""

from __future__ import annotations

import os
import pickle
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from zhiling.kinds import Shard
from zhiling.manager import make_plugin_manager
from zhiling.pipeline import DropLog, Pipeline, StepStats
from zhiling.progress import CountFile
from zhiling.recipe import Recipe, build, load_recipe
from zhiling.records import Record
from zhiling.registry import Registry
from zhiling.workdir import finished_stats, stats_path, write_stats


@dataclass(frozen=True)
class ShardOutput:
    """What one shard's map stage hands back: its counts and, if detached, its spooled files."""

    stats: list[StepStats]
    files: dict[str, bytes] = field(default_factory=dict)

    def __str__(self) -> str:
        return " → ".join(f"{s.label} {s.records_in}/{s.records_out}" for s in self.stats)


@dataclass(frozen=True)
class MapTask:
    """The map stage of one shard, runnable in another process: it rebuilds its own plugins.

    A worker that can write into ``workdir`` spools there. A ``detached`` one
    (on another machine than the driver) spools into a scratch folder of its
    own and returns the files, which the driver lands in ``workdir``.
    """

    recipe_path: str
    workdir: str
    keep_dropped: bool
    detached: bool = False
    resume: bool = False

    def __call__(self, index: int, count: int) -> ShardOutput:
        registry = Registry(make_plugin_manager())
        recipe = load_recipe(self.recipe_path, registry)
        shard = Shard(index, count)
        if not self.detached:
            workdir = Path(self.workdir)
            return ShardOutput(
                run_map(recipe, registry, workdir, shard, self.keep_dropped, resume=self.resume)
            )
        with TemporaryDirectory(prefix="zhiling-shard-") as scratch:
            stats = run_map(recipe, registry, Path(scratch), shard, self.keep_dropped)
            spools = [shard_path(Path(scratch), index, what) for what in ("records", "dropped")]
            files = {path.name: path.read_bytes() for path in spools if path.exists()}
        return ShardOutput(stats, files)


@dataclass(frozen=True)
class StepRef:
    """One step of a recipe, picklable: a worker rebuilds its component from installed plugins."""

    recipe_path: str
    position: int
    workdir: str

    def build(self) -> Any:
        """Return the component of step ``position``, built as the driver built it."""
        registry = Registry(make_plugin_manager())
        recipe = load_recipe(self.recipe_path, registry)
        step = recipe.steps[self.position]
        return build(step, registry, workdir=Path(self.workdir), base_dir=recipe.base_dir)


def distribute(pipeline: Pipeline, runner: Any, recipe_path: str) -> None:
    """Hand each barrier step to the executor, which may run its parallel stages on workers."""
    distribute = getattr(runner, "distribute", None)
    if distribute is None:
        return
    for position, step in enumerate(pipeline.steps):
        if step in pipeline.reduce_steps and step.is_barrier:
            ref = StepRef(recipe_path, position, str(pipeline.workdir))
            step.component = distribute(step.component, ref)


def shard_path(workdir: Path, index: int, what: str) -> Path:
    """Return where shard ``index`` spools its ``records`` or ``dropped`` records."""
    return workdir / f"{what}-{index:05d}"


def partial_path(path: Path) -> Path:
    """Return a unique name beside ``path`` to write it under before renaming it into place."""
    # A unique name per attempt: a retried shard never appends to, or reads,
    # what a killed attempt left behind.
    return path.with_name(f"partial-{uuid.uuid4().hex}-{path.name}")


def run_map(
    recipe: Recipe,
    registry: Registry,
    workdir: Path,
    shard: Shard,
    keep_dropped: bool,
    *,
    resume: bool = False,
) -> list[StepStats]:
    """Read ``shard`` and run the steps before the first barrier, spooling records to disk.

    Spools appear under their final names only once complete (written aside,
    then renamed), so a shard that is retried after a crash is idempotent.
    Its counts are written last; with ``resume``, a shard that has them is
    not run again.
    """
    if resume and (done := finished_stats(workdir, shard.index)) is not None:
        return done
    records_path = shard_path(workdir, shard.index, "records")
    dropped_path = shard_path(workdir, shard.index, "dropped")
    records_partial, dropped_partial = partial_path(records_path), partial_path(dropped_path)
    drops = DropLog(dropped_partial if keep_dropped else None)
    pipeline = Pipeline(recipe, registry, workdir=workdir, drops=drops)
    source = pipeline.read(shard)
    stats = [source.stats, *(step.stats for step in pipeline.map_steps)]
    # The driver polls this file and shows all shards as one stage; a worker never draws.
    progress = CountFile(
        shard_path(workdir, shard.index, "progress"),
        lambda: {"in": stats[0].records_in, "out": stats[-1].records_out},
    )
    for step in pipeline.map_steps:
        step.progress = progress
    with records_partial.open("wb") as spool:
        for record in Pipeline.chain(source, pipeline.map_steps):
            pickle.dump(record, spool, protocol=pickle.HIGHEST_PROTOCOL)
    progress.done()
    drops.close()
    if dropped_partial.exists():
        os.replace(dropped_partial, dropped_path)
    os.replace(records_partial, records_path)
    write_stats(workdir, shard.index, stats, partial_path(stats_path(workdir, shard.index)))
    return stats


def land(output: ShardOutput, workdir: Path) -> list[StepStats]:
    """Write a detached shard's files into ``workdir``, atomically, and return its counts."""
    for name, data in output.files.items():
        partial = partial_path(workdir / name)
        partial.write_bytes(data)
        os.replace(partial, workdir / name)
    return output.stats


def read_spools(workdir: Path, count: int) -> Iterator[Record]:
    """Yield every shard's spooled records, in shard order."""
    for index in range(count):
        with shard_path(workdir, index, "records").open("rb") as spool:
            while True:
                try:
                    yield pickle.load(spool)
                except EOFError:
                    break


def merge_stats(per_shard: list[list[StepStats]]) -> list[StepStats]:
    """Add up the counts of the same steps over all shards."""
    merged = [StepStats(s.label) for s in per_shard[0]]
    for stats in per_shard:
        for total, part in zip(merged, stats, strict=True):
            total.merge(part)
    return merged
