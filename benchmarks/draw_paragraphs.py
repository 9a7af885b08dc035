"""Draw random prose paragraphs from the debian-instruct packages for hand labelling.

Usage::

    python benchmarks/draw_paragraphs.py             # write the three files (gold left empty)
    python benchmarks/draw_paragraphs.py --keep-gold # redraw, keeping labels already written

The shape-chosen sets (``dev.jsonl``, ``heldout.jsonl``) were cut to exercise each
pattern, so they say little about how much of ordinary documentation the patterns
cover. This script draws paragraphs without looking at their wording: for each
language it lists every file that ``recipes/debian-instruct.yaml`` selects, draws
``FILES`` of them with a fixed seed, parses them with the recipe's own source
(``debian-docs``), pools their prose paragraphs (blocks of kind ``paragraph`` in the
package's language, 30 to 700 characters, so neither stray labels nor page-long
dumps) and draws ``PER_LANGUAGE`` of that pool with the same seed.

Each paragraph is written as the ``text-files`` form the extraction benchmark reads:
``# title``, then its heading path as ``##``/``###`` lines, then the paragraph, with
``source`` naming the .deb file, the path inside it and the block index. A seeded hash
of the id puts each paragraph in the dev or the held-out half.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

import yaml

from zhiling import Shard
from zhiling.plugins.sources import _deb
from zhiling.plugins.sources.debian_docs import DebianDocs, _selected

ROOT = Path(__file__).resolve().parent.parent
RECIPE = ROOT / "recipes" / "debian-instruct.yaml"
DATA = ROOT / "tests" / "data" / "extraction"
ALL = DATA / "random_paragraphs.jsonl"
HALVES = {"dev": DATA / "random_dev.jsonl", "held-out": DATA / "random_heldout.jsonl"}
SEED = 20261205
FILES = 400
PER_LANGUAGE = 160
SHORTEST, LONGEST = 30, 700


def half(paragraph_id: str) -> str:
    """Return "dev" or "held-out" from a seeded hash of the id: about half each."""
    digest = hashlib.sha256(f"{SEED}:{paragraph_id}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "held-out"


def files(recipe: dict) -> dict[str, list[tuple[dict, str]]]:
    """Return every (package entry, path inside) the recipe selects, per language."""
    source = recipe["sources"][0]
    cache = (RECIPE.parent / source["cache_dir"]).resolve()
    found: dict[str, list[tuple[dict, str]]] = {"zh": [], "en": []}
    for package in source["packages"]:
        deb = _deb.deb_path(cache, package["name"], str(package["version"]))
        if deb is None:
            sys.exit(f"{package['name']}: not in the cache; run `make dataset` once first")
        root = _deb.unpack(deb, cache / "unpacked" / deb.stem, package["name"])
        found[package["lang"]] += [(package, path) for path in _selected(root, package)]
    return found


def paragraphs(package: dict, path: str, cache: Path) -> list[dict]:
    """Return the prose paragraphs of one file, each in the benchmark's passage form."""
    entry = {**package, "include": [path]}
    entry.pop("exclude", None)
    reader = DebianDocs(
        packages=[entry], cache_dir=str(cache), download=False, shard=Shard(), base_dir=ROOT
    )
    deb = reader.inputs()[0].name
    found = []
    for document in reader:
        if document.get("drop_reason"):
            continue
        title = document["meta"].get("title") or ""
        for index, block in enumerate(document["blocks"]):
            text = document["text"][block["start"] : block["end"]].strip()
            lang = (block.get("attrs") or {}).get("lang", document["lang"])
            if block["kind"] != "paragraph" or not lang.startswith(package["lang"]):
                continue
            if not SHORTEST <= len(text) <= LONGEST:
                continue
            headings = [h for h in block.get("heading") or [] if h and h != title]
            lines = [f"# {title}"] if title else []
            lines += [f"{'#' * min(level + 2, 6)} {h}" for level, h in enumerate(headings)]
            found.append(
                {
                    "lang": package["lang"],
                    "text": "\n\n".join([*lines, text]),
                    "source": f"{deb}:{path}#{index}",
                    "license": document["meta"].get("license", ""),
                }
            )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep-gold", action="store_true", help="keep labels already written")
    args = parser.parse_args(argv)
    recipe = yaml.safe_load(RECIPE.read_text("utf-8"))
    cache = (RECIPE.parent / recipe["sources"][0]["cache_dir"]).resolve()
    old = {}
    if args.keep_gold and ALL.exists():
        old = {p["id"]: p["gold"] for p in map(json.loads, ALL.read_text("utf-8").splitlines())}
    drawn = []
    for lang, candidates in files(recipe).items():
        rng = random.Random(f"{SEED}:{lang}")
        pool = []
        for package, path in rng.sample(candidates, min(FILES, len(candidates))):
            pool += paragraphs(package, path, cache)
        pool.sort(key=lambda p: p["source"])
        for number, paragraph in enumerate(rng.sample(pool, PER_LANGUAGE)):
            paragraph_id = f"rand-{lang}-{number:03d}"
            drawn.append({"id": paragraph_id, **paragraph, "gold": old.get(paragraph_id, [])})
    lines = {name: [] for name in HALVES}
    for paragraph in drawn:
        lines[half(paragraph["id"])].append(json.dumps(paragraph, ensure_ascii=False))
    ALL.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in drawn), "utf-8")
    for name, path in HALVES.items():
        path.write_text("".join(line + "\n" for line in lines[name]), "utf-8")
        print(f"{path.name}: {len(lines[name])} paragraphs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
