"""Compare language-id with the stop-word filter on the zh-declared Debian documents.

Run from the repository root: ``python benchmarks/langid_debian.py [--sample 20]``.

Reads every zh package of recipes/debian-instruct.yaml (from the recipe's package cache,
which ``make dataset`` fills), segments the documents as the recipe does and asks both
filters about each: the recipe's ``stopword-ratio`` (min_ratio as in the recipe) and
``language-id`` with its defaults (keep the declared language, min_confidence 0.5). Prints
how many each drops, where they disagree, what ``unit: block`` removes, the languages
language-id detected, its CPU time per document, and a seeded random sample of
disagreements to read by hand. Nothing is written.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

from zhiling.kinds import Shard
from zhiling.manager import make_plugin_manager
from zhiling.pipeline import DropLog, Pipeline
from zhiling.plugins.filters.language_id import LanguageId
from zhiling.recipe import load_recipe
from zhiling.registry import Registry

RECIPE = Path(__file__).resolve().parents[1] / "recipes" / "debian-instruct.yaml"


def zh_recipe(folder: Path) -> Path:
    """Write a copy of the recipe that reads only its zh packages, with the same steps."""
    data = yaml.safe_load(RECIPE.read_text("utf-8"))
    source = data["sources"][0]
    source["packages"] = [p for p in source["packages"] if p.get("lang") == "zh"]
    source["cache_dir"] = str((RECIPE.parent / source["cache_dir"]).resolve())
    data["steps"] = [s for s in data["steps"] if "segment" in s or "filter" in s][:3]
    path = folder / "zh-only.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=20, help="disagreements to print")
    parser.add_argument("--seed", type=int, default=20261205)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        registry = Registry(make_plugin_manager(installed=False))
        recipe = load_recipe(zh_recipe(Path(scratch)), registry)
        pipeline = Pipeline(recipe, registry, workdir=Path(scratch), drops=DropLog(None))
        segmenters = [s for s in pipeline.steps if s.step.kind.name == "segmenter"]
        stopwords = next(s.component for s in pipeline.steps if s.step.name == "stopword-ratio")
        language_id = LanguageId()
        by_block = LanguageId(unit="block")
        counts: Counter[str] = Counter()
        detected: Counter[str] = Counter()
        disagreements: list[tuple[str, str | None, str | None, str]] = []
        cpu = 0.0
        chars = 0
        for doc in Pipeline.chain(pipeline.read(Shard()), segmenters):
            counts["documents"] += 1
            by_stopwords = stopwords.reason_to_drop(doc)
            start = time.process_time()
            by_language = language_id.reason_to_drop(doc)
            cpu += time.process_time() - start
            chars += len(doc["text"])
            blocks = len(doc["blocks"])
            block_doc = {**doc, "meta": dict(doc["meta"])}
            dropped_whole = by_block.reason_to_drop(block_doc) is not None
            counts["unit block: documents dropped"] += dropped_whole
            counts["unit block: blocks"] += blocks
            counts["unit block: blocks dropped"] += block_doc["meta"].get(
                "language_id_dropped_blocks", 0
            )
            counts["stopword-ratio drops"] += by_stopwords is not None
            counts["language-id drops"] += by_language is not None
            counts["both drop"] += by_stopwords is not None and by_language is not None
            if by_language:
                detected[by_language.split()[2]] += 1
            if (by_stopwords is None) != (by_language is None):
                side = "only stopword-ratio" if by_stopwords else "only language-id"
                counts[side] += 1
                disagreements.append(
                    (doc["meta"]["source"], by_stopwords, by_language, doc["text"])
                )
    for key, value in counts.items():
        print(f"{key}: {value}")
    print(f"language-id detected: {dict(detected.most_common())}")
    speed = f"{counts['documents'] / cpu:.0f} docs/CPU s, {chars / cpu / 1e6:.1f} M chars/CPU s"
    print(f"language-id (unit document): {speed}")
    rng = random.Random(args.seed)
    for uri, stop, lang, text in rng.sample(disagreements, min(args.sample, len(disagreements))):
        print(f"\n--- {uri}\n    stopword-ratio: {stop}  language-id: {lang}")
        print("    " + text[:400].replace("\n", " / "))


if __name__ == "__main__":
    main()
