"""Split leakage of a written release: held-out records with a near-duplicate in train.

A model scored on a test record whose near-copy it was trained on is scored on
memory. With ``splits: {leakage: T}`` the run measures, for every language
config, the share of its validation and test records that have a MinHash
Jaccard similarity of at least ``T`` with a train record of the same config,
and the manifest keeps it (gates read it as ``distributions.leakage.<config>``).

The measure is the registered ``minhash`` deduper, run over the held-out
records with the config's train shards as the previous release it compares
against: a held-out record it removes as ``in_previous_release`` is one whose
cluster holds a train record. Shingles are 5 characters of instruction and
output in every language, with no template stripping, as
``benchmarks/dataset_quality.py`` measures.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from zhiling.kinds import KINDS
from zhiling.recipe import Step, build
from zhiling.records import Record
from zhiling.registry import Registry
from zhiling.release import ALL_CONFIG, ShardFile

OPTIONS = {
    "fields": ["instruction", "output"],
    "shingles": {"zh": "char:5", "*": "char:5"},
    "templates": [],
    # candidates for a lower similarity, verified at the threshold: LSH tuned for the
    # threshold itself misses about a third of the pairs just above it
    "lsh_threshold": 0.5,
}


def measure_leakage(
    registry: Registry, release_dir: Path, shards: list[ShardFile], threshold: float, workdir: Path
) -> dict[str, dict[str, Any]]:
    """Return per config: held-out records, those leaked, their share and the threshold."""
    import pyarrow.parquet as pq

    figures: dict[str, dict[str, Any]] = {}
    for config in sorted({shard.config for shard in shards} - {ALL_CONFIG}):
        mine = [shard for shard in shards if shard.config == config]
        train = workdir / f"leakage-{config}" / config
        train.mkdir(parents=True)
        for shard in mine:
            if shard.split == "train":
                os.link(release_dir / shard.path, train / Path(shard.path).name)
        held_out = [release_dir / shard.path for shard in mine if shard.split != "train"]

        def records(files: list[Path] = held_out) -> Iterator[Record]:
            for file in files:
                columns = ["id", "lang", "instruction", "output"]
                yield from pq.read_table(file, columns=columns).to_pylist()

        total = sum(pq.read_metadata(file).num_rows for file in held_out)
        leaked = 0
        if total and any(train.iterdir()):
            options = {**OPTIONS, "threshold": threshold, "against": [str(train.parent)]}
            step = Step(KINDS["deduper"], "minhash", options, "splits.leakage")
            deduper = build(step, registry, workdir=workdir, base_dir=workdir)
            for _ in deduper(records()):
                pass
            leaked = sum(reason == "in_previous_release" for _, reason in deduper.removed())
        figures[config] = {
            "held_out": total,
            "leaked": leaked,
            "share": round(leaked / total, 6) if total else 0.0,
            "threshold": threshold,
        }
    return figures
