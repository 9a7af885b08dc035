"""Records per second on Ray (1 and 2 workers) against the local executor, and dedup at 100k.

Usage: ``python benchmarks/ray_scaling.py [--documents 20000] [--dedup-documents 100000]``.

Every configuration runs in a fresh process (a Ray runtime's CPU count is
fixed when it starts) on the same seeded corpus, the generator the Ray tests
use: zh/en how-to documents with about 10% injected near-duplicates. A run is
the whole recipe (jieba, regex words, stop-word filter, extraction, MinHash
dedup, release); its rate is documents read per second of wall time, Ray's
start-up excluded but its per-task and per-shuffle costs included. Each
configuration's release hash is printed so that equal output can be checked.
The dedup figure times the MinHash deduper alone on 100k documents (``text``
field), with the engine's local stages and with the Ray stages.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RECIPE = """\
name: bench
version: 0.1.0
sources:
  - read: jsonl
    paths: [corpus.jsonl]
    license: CC0-1.0
steps:
{steps}targets:
  - publish: local-dir
    path: releases
"""
PIPELINE = """\
  - segment: jieba
  - segment: regex-words
  - filter: stopword-ratio
    min_ratio: 0.05
  - extract: purpose-method
  - dedupe: minhash
"""
DEDUP_ONLY = "  - dedupe: minhash\n    fields: [text]\n"


def write_corpus(folder: Path, documents: int, steps: str) -> Path:
    """Write the seeded corpus and a recipe over it into ``folder``; return the recipe."""
    path = REPO / "tests" / "plugins" / "executors" / "corpus.py"
    spec = importlib.util.spec_from_file_location("corpus", path)
    assert spec is not None
    assert spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    corpus.write_corpus(folder / "corpus.jsonl", documents)
    recipe = folder / "recipe.yaml"
    recipe.write_text(RECIPE.format(steps=steps), encoding="utf-8")
    return recipe


def start_ray(cpus: int) -> None:
    """Start a local Ray runtime with ``cpus`` CPUs and wait for its first task."""
    import ray

    ray.init(num_cpus=cpus, include_dashboard=False, logging_level="ERROR")
    ray.get(ray.remote(lambda: None).remote())


def run_one(config: str, recipe: Path) -> dict:
    """Build the release of ``recipe`` under ``config`` and return rate and content hash."""
    from zhiling.manager import make_plugin_manager
    from zhiling.run import run_recipe

    kind, _, count = config.partition(":")
    if kind == "ray":
        start_ray(int(count))
    os.chdir(recipe.parent / config.replace(":", "-"))
    options = {"executor": "ray"} if kind == "ray" else {"workers": int(count)}
    started = time.perf_counter()
    result = run_recipe(recipe, pm=make_plugin_manager(installed=False), **options)
    seconds = time.perf_counter() - started
    documents = result.manifest["steps"][0]["in"]
    return {
        "config": config,
        "seconds": round(seconds, 2),
        "docs_per_s": round(documents / seconds),
        "content_sha256": result.manifest["content_sha256"],
    }


def dedup_one(config: str, recipe: Path) -> dict:
    """Time the MinHash deduper alone over the corpus, with local or Ray stages."""
    from zhiling.plugins.executors.ray import RayExecutor
    from zhiling.shards import StepRef

    records = [json.loads(line) for line in (recipe.parent / "corpus.jsonl").open()]
    ref = StepRef(str(recipe), 0, tempfile.mkdtemp())
    deduper = ref.build()
    if config.startswith("ray"):
        start_ray(int(config.partition(":")[2]))
        deduper = RayExecutor().distribute(deduper, ref)
    started = time.perf_counter()
    kept = sum(1 for _ in deduper(records))
    seconds = time.perf_counter() - started
    return {
        "config": f"dedup {config}",
        "documents": len(records),
        "kept": kept,
        "seconds": round(seconds, 2),
        "docs_per_s": round(len(records) / seconds),
    }


def child(config: str, recipe: str, dedup: bool) -> list[dict]:
    """Run one configuration in a new interpreter and return what it printed."""
    command = [sys.executable, __file__, "--one", config, "--recipe", recipe]
    command += ["--dedup"] if dedup else []
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def main() -> None:
    """Run every configuration and print one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--dedup-documents", type=int, default=100_000)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--recipe", help=argparse.SUPPRESS)
    parser.add_argument("--dedup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure = dedup_one if args.dedup else run_one
        print(json.dumps(measure(args.one, Path(args.recipe))), flush=True)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch, "run")
        folder.mkdir()
        recipe = write_corpus(folder, args.documents, PIPELINE)
        for config in ("local:1", "local:2", "ray:1", "ray:2"):
            (folder / config.replace(":", "-")).mkdir()
            for line in child(config, str(recipe), dedup=False):
                print(json.dumps(line), flush=True)
        folder = Path(scratch, "dedup")
        folder.mkdir()
        recipe = write_corpus(folder, args.dedup_documents, DEDUP_ONLY)
        for config in ("local", "ray:2"):
            for line in child(config, str(recipe), dedup=True):
                print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
