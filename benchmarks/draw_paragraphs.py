"""Draw random prose paragraphs from the debian-instruct packages for hand labelling.

Usage::

    python benchmarks/draw_paragraphs.py             # write the three files (gold left empty)
    python benchmarks/draw_paragraphs.py --keep-gold # redraw, keeping labels of paragraphs redrawn
    python benchmarks/draw_paragraphs.py --fresh 3   # draw held-out set 3 (seed SEED + 2)

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
of the id puts each paragraph in the dev or the held-out half. The labelled files are the
record: the recipe's file selection has changed since they were drawn, so a redraw today
yields other paragraphs.

``--fresh N`` draws held-out set N, ``random_heldoutN.jsonl``, with seed ``SEED + N - 1``
and without any paragraph of an earlier draw. The first held-out half was looked at
once the prose patterns were tuned (see RESULTS.md), so a figure that no one tuned
against needs paragraphs no one had read: these were labelled by readers who had not
seen the patterns, before any pattern ran on them.
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
FRESH_PER_LANGUAGE = 120
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


def draw(recipe: dict, seed: int, per_language: int, prefix: str, skip: set[str]) -> list[dict]:
    """Draw ``per_language`` paragraphs per language with ``seed``, none from ``skip``'s sources."""
    cache = (RECIPE.parent / recipe["sources"][0]["cache_dir"]).resolve()
    drawn = []
    for lang, candidates in files(recipe).items():
        rng = random.Random(f"{seed}:{lang}")
        pool = []
        for package, path in rng.sample(candidates, min(FILES, len(candidates))):
            pool += paragraphs(package, path, cache)
        pool = sorted((p for p in pool if p["source"] not in skip), key=lambda p: p["source"])
        for number, paragraph in enumerate(rng.sample(pool, per_language)):
            drawn.append({"id": f"{prefix}-{lang}-{number:03d}", **paragraph, "gold": []})
    return drawn


def write(path: Path, passages: list[dict]) -> None:
    """Write passages one JSON object per line and say how many."""
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in passages), "utf-8")
    print(f"{path.name}: {len(passages)} paragraphs")


def drawn_sources(paths: list[Path]) -> set[str]:
    """Return the sources of every paragraph in these drawn files, for a new draw to skip."""
    return {p["source"] for f in paths for p in map(json.loads, f.read_text("utf-8").splitlines())}


def fresh_path(number: int) -> Path:
    """Return the file of the ``number``-th random held-out set (the first is a half)."""
    return DATA / f"random_heldout{number}.jsonl"


def fresh(recipe: dict, number: int) -> int:
    """Draw held-out set ``number`` with its own seed, no paragraph of an earlier draw."""
    path = fresh_path(number)
    if number < 2 or path.exists():
        sys.exit(f"{path.name}: sets are numbered from 2, and one that exists holds labels")
    earlier = drawn_sources([ALL, *(fresh_path(n) for n in range(2, number))])
    write(path, draw(recipe, SEED + number - 1, FRESH_PER_LANGUAGE, f"rand{number}", earlier))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep-gold", action="store_true", help="keep labels already written")
    parser.add_argument(
        "--fresh", type=int, metavar="N", help="draw held-out set N (2, 3, …) of fresh paragraphs"
    )
    args = parser.parse_args(argv)
    recipe = yaml.safe_load(RECIPE.read_text("utf-8"))
    if args.fresh:
        return fresh(recipe, args.fresh)
    # Labels follow their paragraph's source and text, never its number: a redraw after the
    # sources or the recipe changed draws other paragraphs, and they must come out unlabelled.
    old = {}
    if args.keep_gold and ALL.exists():
        old = {
            (p["source"], p["text"]): p["gold"]
            for p in map(json.loads, ALL.read_text("utf-8").splitlines())
        }
    drawn = [
        {**p, "gold": old.get((p["source"], p["text"]), [])}
        for p in draw(recipe, SEED, PER_LANGUAGE, "rand", set())
    ]
    write(ALL, drawn)
    for name, path in HALVES.items():
        write(path, [p for p in drawn if half(p["id"]) == name])
    return 0


if __name__ == "__main__":
    sys.exit(main())
