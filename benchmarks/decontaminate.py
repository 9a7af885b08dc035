"""Measure the decontaminate filter: the choice of n, the index, throughput, pipeline cost.

    python benchmarks/decontaminate.py RELEASE_DIR [--documents 20000]

``RELEASE_DIR`` is a built release (debian-instruct); it is only read.

1. Choice of n: the test items of ``tests/data/decontaminate/items.jsonl``
   (written for this, in no Debian page) are indexed for several n; every
   release record that hits one is a false hit. Recall is measured on copies
   of each item planted into a release record: verbatim, full-width, and with
   one word (en) or one character (zh) replaced, at every position in turn.
2. The index: items cut from release records until it holds 1M n-grams; build
   time, bytes, and the peak memory of the build (tracemalloc).
3. Throughput: release records per second through ``reasons_to_drop`` against
   the 1M index, batches of 256.
4. Pipeline cost: ``zhiling run`` of a generated corpus (segment, extract,
   dedupe) with and without the step against the 1M index, best of two.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
import zlib
from pathlib import Path

import pyarrow.parquet as pq

from zhiling.manager import make_plugin_manager
from zhiling.plugins.filters._ngrams import NgramIndex, ngram_hashes
from zhiling.plugins.filters.decontaminate import Decontaminate
from zhiling.run import run_recipe

HERE = Path(__file__).resolve().parent
ITEMS = HERE.parent / "tests" / "data" / "decontaminate" / "items.jsonl"
sys.path.insert(0, str(HERE.parent / "tests" / "plugins" / "executors"))
from corpus import write_corpus  # noqa: E402

FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


def release_records(release: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted((release / "all").glob("*.parquet")):
        table = pq.read_table(path, columns=["instruction", "output", "lang", "source"])
        rows += table.to_pylist()
    return rows


def items() -> list[dict[str, str]]:
    return [json.loads(line) for line in ITEMS.read_text("utf-8").splitlines()]


def one_change_variants(text: str, zh: bool) -> list[str]:
    """Return ``text`` with each word (en) or each Han character (zh) replaced in turn."""
    if zh:
        return [text[:i] + "鑫" + text[i + 1 :] for i, c in enumerate(text) if c >= "\u4e00"]
    words = text.split()
    return [" ".join([*words[:i], "zebra", *words[i + 1 :]]) for i in range(len(words))]


def choose_n(records: list[dict[str, str]]) -> list[dict[str, object]]:
    texts = [r["instruction"] + "\n" + r["output"] for r in records]
    # Generic phrasing: how often a record shares an n-gram with a record of
    # another package (one of two package halves indexed, the other queried).
    package = [str((r["source"] or {}).get("uri", "")).split("/")[0] for r in records]
    half = {name for name in set(package) if zlib.crc32(name.encode()) % 2}
    indexed = [t for t, p in zip(texts, package, strict=True) if p in half]
    queried = [t for t, p in zip(texts, package, strict=True) if p not in half]
    rows = []
    for n in (6, 8, 10, 13, 16, 20):
        index = NgramIndex.build([i["question"] for i in items()], words=n, chars=n)
        queries = [ngram_hashes(t, words=n, chars=n) for t in texts]
        false_hits = sum(hit >= 0 for hit in index.first_hits(queries))
        other = NgramIndex.build(indexed, words=n, chars=n)
        cross = other.first_hits([ngram_hashes(t, words=n, chars=n) for t in queried])
        found = {"verbatim": [], "full_width": [], "one_change": []}
        host = texts[0]
        for item in items():
            zh = item["id"].startswith("zh")
            question = item["question"]
            plants = {
                "verbatim": [question],
                "full_width": ["".join(FULL_WIDTH.get(c, c) for c in question)],
                "one_change": one_change_variants(question, zh),
            }
            for kind, variants in plants.items():
                hashes = [ngram_hashes(host + "\n" + v, words=n, chars=n) for v in variants]
                found[kind] += [hit >= 0 for hit in index.first_hits(hashes)]
        rows.append(
            {
                "n": n,
                "false_hits": false_hits,
                "cross_package": round(sum(hit >= 0 for hit in cross) / len(cross), 3),
                **{k: round(sum(v) / len(v), 3) for k, v in found.items()},
            }
        )
    return rows


def big_index_items(records: list[dict[str, str]], target: int) -> list[str]:
    """Return seeded item-sized texts of release words until they hold ``target`` n-grams.

    Half the items are 60 Han characters, half 60 English words, drawn from
    the release's own characters and words, so the n-grams are distinct.
    """
    rng = random.Random(16)
    text = " ".join(r["output"] for r in records)
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    words = [w for w in text.split() if w.isascii() and w.isalpha()]
    chosen, total = [], 0
    while total < target:
        if len(chosen) % 2:
            item = "".join(rng.choice(han) for _ in range(60))
        else:
            item = " ".join(rng.choice(words) for _ in range(60))
        chosen.append(item)
        total += 48
    return chosen


RECIPE = """\
name: decon-bench
version: 0.1.0
sources:
  - read: jsonl
    paths: [corpus.jsonl]
    license: CC0-1.0
steps:
  - segment: jieba
  - segment: regex-words
  - extract: purpose-method
{step}  - dedupe: exact
targets:
  - publish: local-dir
    path: releases
"""


def pipeline_seconds(folder: Path, step: str) -> float:
    recipe = folder / "recipe.yaml"
    recipe.write_text(RECIPE.format(step=step), encoding="utf-8")
    best = float("inf")
    for attempt in range(2):
        out = folder / f"out-{bool(step)}-{attempt}"
        recipe_copy = out / "recipe.yaml"
        out.mkdir()
        recipe_copy.write_text(recipe.read_text("utf-8"), encoding="utf-8")
        (out / "corpus.jsonl").symlink_to(folder / "corpus.jsonl")
        started = time.perf_counter()
        import os

        here = os.getcwd()
        os.chdir(out)
        try:
            run_recipe(recipe_copy, pm=make_plugin_manager(installed=False), workers=1)
        finally:
            os.chdir(here)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release", type=Path)
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--ngrams", type=int, default=1_000_000)
    parser.add_argument("--skip-pipeline", action="store_true")
    parser.add_argument(
        "--debian", action="store_true", help="also time the debian-instruct build with the step"
    )
    parser.add_argument("--debian-only", action="store_true", help="only time that build")
    args = parser.parse_args()
    records = release_records(args.release)
    print(f"{len(records)} release records")
    if args.debian_only:
        with tempfile.TemporaryDirectory() as scratch:
            bench = Path(scratch) / "big.jsonl"
            with bench.open("w", encoding="utf-8") as out:
                for n, text in enumerate(big_index_items(records, args.ngrams)):
                    out.write(json.dumps({"id": f"b{n}", "text": text}, ensure_ascii=False) + "\n")
            debian_cost(Path(scratch), bench)
        return
    for row in choose_n(records):
        print("choose n:", json.dumps(row))

    texts = big_index_items(records, args.ngrams)
    started = time.perf_counter()
    index = NgramIndex.build(texts, words=13, chars=13)
    build = time.perf_counter() - started
    tracemalloc.start()  # a second build, traced: tracing slows it down
    NgramIndex.build(texts, words=13, chars=13)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    size = index.hashes.nbytes + index.items.nbytes
    print(
        f"index: {len(texts)} items, {len(index):,} n-grams, built in {build:.2f} s, "
        f"{size / 2**20:.1f} MiB, build peak {peak / 2**20:.0f} MiB"
    )

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        bench = folder / "big.jsonl"
        with bench.open("w", encoding="utf-8") as out:
            for number, text in enumerate(texts):
                out.write(json.dumps({"id": f"b{number}", "text": text}, ensure_ascii=False) + "\n")
        options = {"benchmarks": [{"name": "big", "path": str(bench), "fields": ["text"]}]}
        started = time.perf_counter()
        step = Decontaminate(**options, cache_dir=str(folder / "cache"))
        cold = time.perf_counter() - started
        started = time.perf_counter()
        step = Decontaminate(**options, cache_dir=str(folder / "cache"))
        warm = time.perf_counter() - started
        print(f"filter built from JSONL in {cold:.2f} s; from the cache in {warm:.3f} s")
        sample = records[:20_000]
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            for i in range(0, len(sample), 256):
                step.reasons_to_drop(sample[i : i + 256])
            timings.append(time.perf_counter() - started)
        rate = len(sample) / statistics.median(timings)
        print(f"throughput: {rate:,.0f} records/s ({len(sample)} release records, median of 3)")

        if args.skip_pipeline:
            return
        write_corpus(folder / "corpus.jsonl", args.documents)
        decon = (
            "  - filter: decontaminate\n    benchmarks:\n      - name: big\n"
            f"        path: {bench}\n        fields: [text]\n"
            f"    cache_dir: {folder / 'cache'}\n"
        )
        without = pipeline_seconds(folder, "")
        with_step = pipeline_seconds(folder, decon)
        print(
            f"pipeline, {args.documents} documents: {without:.2f} s without, "
            f"{with_step:.2f} s with the step ({with_step / without:.2f}x)"
        )
        if args.debian:
            debian_cost(folder, bench)


DEBIAN = HERE.parent / "recipes" / "debian-instruct.yaml"


def debian_cost(folder: Path, bench: Path) -> None:
    """Time the debian-instruct build as it is and with the step after pair-quality."""
    import yaml

    recipe = yaml.safe_load(DEBIAN.read_text("utf-8"))
    # Beside the original, so its relative paths (package cache, card template) hold;
    # removed again below.
    plain = DEBIAN.parent / ".bench-debian-plain.yaml"
    plain.write_text(yaml.safe_dump(recipe, allow_unicode=True), "utf-8")
    at = next(i for i, s in enumerate(recipe["steps"]) if s.get("filter") == "pair-quality")
    step = {"filter": "decontaminate", "cache_dir": str(folder / "cache")}
    step["benchmarks"] = [{"name": "big", "path": str(bench), "fields": ["text"]}]
    recipe["steps"].insert(at + 1, step)
    stepped = DEBIAN.parent / ".bench-debian-decontaminate.yaml"
    stepped.write_text(yaml.safe_dump(recipe, allow_unicode=True), "utf-8")
    try:
        times = _time_builds(folder, plain, stepped)
    finally:
        plain.unlink()
        stepped.unlink()
    for name in ("with", "with, cached index"):
        print(f"debian-instruct {name}: {times[name] / times['without']:.2f}x the time without")


def _time_builds(folder: Path, plain: Path, stepped: Path) -> dict[str, float]:
    import os

    here = os.getcwd()
    times = {}
    # The first build with the step also builds the index (cold cache); the second loads it.
    for name, path in (("without", plain), ("with", stepped), ("with, cached index", stepped)):
        out = folder / f"debian-{len(times)}"
        out.mkdir()
        os.chdir(out)
        try:
            started = time.perf_counter()
            result = run_recipe(path, pm=make_plugin_manager(installed=False))
            times[name] = time.perf_counter() - started
        finally:
            os.chdir(here)
        print(f"debian-instruct {name} the step: {times[name]:.1f} s")
        for counts in result.manifest["steps"]:
            if "decontaminate" in counts["step"]:
                print(f"  {counts['step']}: {counts['in']} in, dropped {counts['dropped']}")
    return times


if __name__ == "__main__":
    main()
