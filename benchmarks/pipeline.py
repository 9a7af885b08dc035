"""Records per second through the quickstart steps, against plain jieba segmentation.

Builds a seeded corpus of N documents (default 100,000; half Chinese, half
English) by shuffling the paragraphs of the quickstart texts, then times, in
the same process and on the same text:

1. the floors: ``jieba.lcut`` over every document, and the segmentation the
   recipe itself does (jieba for Chinese, one regex for English), nothing else;
2. the whole quickstart recipe (segment, stop-word filter, extract, exact
   dedup, Parquet release, card, manifest) with one worker, and with two.

Usage: ``python benchmarks/pipeline.py [--documents N] [--languages zh,en]``. The target is a
pipeline costing at most 1.5x the floor.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import tempfile
import time
from pathlib import Path

import jieba
import regex

from zhiling.manager import make_plugin_manager
from zhiling.run import run_recipe

WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’][\p{L}]+)*|\p{N}+")
REPO = Path(__file__).resolve().parent.parent
TEXTS = REPO / "tests" / "data" / "quickstart"
RECIPE = """\
name: bench
version: "1.0"
sources:
  - read: jsonl
    paths: [corpus.jsonl]
    license: CC0-1.0
steps:
  - segment: jieba
  - segment: regex-words
  - filter: stopword-ratio
    min_ratio: 0.15
  - extract: purpose-method
  - dedupe: exact
splits: {seed: 1, train: 0.9, validation: 0.05, test: 0.05}
"""


def corpus(documents: int, languages: tuple[str, ...], seed: int = 7) -> list[dict[str, str]]:
    """Return ``documents`` documents made of shuffled quickstart paragraphs, numbered apart."""
    rng = random.Random(seed)
    paragraphs = {
        lang: [
            p
            for f in sorted((TEXTS / lang).glob("*.txt"))
            for p in f.read_text(encoding="utf-8").split("\n\n")
            if p.strip()
        ]
        for lang in ("zh", "en")
    }
    docs = []
    for number in range(documents):
        lang = languages[number % len(languages)]
        chosen = rng.sample(paragraphs[lang], k=rng.randint(3, 6))
        suffix = f"（第 {number} 版）" if lang == "zh" else f" (revision {number})"
        docs.append({"text": "\n\n".join(p.strip() + suffix for p in chosen), "lang": lang})
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--languages", default="zh,en", help="comma-separated: zh, en or both")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    docs = corpus(args.documents, tuple(args.languages.split(",")))
    megabytes = sum(len(d["text"].encode()) for d in docs) / 1e6

    started = time.perf_counter()
    for doc in docs:
        jieba.lcut(doc["text"])
    floor = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        if doc["lang"] == "zh":
            jieba.lcut(doc["text"])
        else:
            WORD.findall(doc["text"])
    mixed = time.perf_counter() - started
    print(f"corpus: {len(docs):,} documents ({args.languages}), {megabytes:.1f} MB")
    print(f"jieba alone:        {floor:7.1f} s  {len(docs) / floor:9,.0f} docs/s")
    print(f"jieba zh + regex en:{mixed:7.1f} s  {len(docs) / mixed:9,.0f} docs/s")

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        with (folder / "corpus.jsonl").open("w", encoding="utf-8") as out:
            for doc in docs:
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        (folder / "bench.yaml").write_text(RECIPE)
        os.chdir(folder)
        for workers in (1, 2):
            started = time.perf_counter()
            result = run_recipe(
                folder / "bench.yaml", pm=make_plugin_manager(installed=False), workers=workers
            )
            elapsed = time.perf_counter() - started
            (folder / "releases" / "bench" / "1.0").rename(folder / f"release-{workers}")
            rows = sum(result.manifest["configs"]["all"].values())
            print(
                f"pipeline, {workers} worker{'s' if workers > 1 else ' '}: {elapsed:7.1f} s  "
                f"{len(docs) / elapsed:9,.0f} docs/s  {elapsed / floor:4.2f}x jieba, "
                f"{elapsed / mixed:4.2f}x jieba+regex  "
                f"({rows:,} records released)"
            )


if __name__ == "__main__":
    main()
