"""List the pairs the how-to patterns make on random paragraphs nobody labelled.

Usage::

    python benchmarks/prose_pool.py -o pairs.tsv            # 1,000 paragraphs per language
    python benchmarks/prose_pool.py --per-language 500 -o pairs.tsv

The labelled random sets hold few how-to pairs, too few to show a new rule's false pairs.
This draws more paragraphs the same way (``draw_paragraphs.draw``, seed 777, none of a
labelled set), runs ``purpose-method`` and the prose patterns with ``pair-quality`` as the
extraction benchmark does, and writes every pair (pattern, paragraph id, question,
answer) as TSV. Diff the file before and after a change and read the new pairs: that is
how the fixes of issue 14 were checked ("2,000 other paragraphs" in RESULTS.md). Those
checks drew before the third held-out set existed; since its paragraphs are left out too,
today's draw differs from theirs in a few paragraphs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import draw_paragraphs
import extraction

SEED = 777
PATTERNS = ("prose-purpose", "prose-means", "purpose-method")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-language", type=int, default=1000)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    recipe = yaml.safe_load(draw_paragraphs.RECIPE.read_text("utf-8"))
    labelled = draw_paragraphs.drawn_sources(sorted(extraction.DATA.glob("random_*.jsonl")))
    drawn = draw_paragraphs.draw(recipe, SEED, args.per_language, "pool", labelled)
    with tempfile.TemporaryDirectory() as folder:
        pool = Path(folder) / "pool.jsonl"
        pool.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in drawn))
        kept, _, _ = extraction.predictions(extraction.load(pool))
    lines = [
        f"{name}\t{passage}\t{record['instruction']}\t{record['output']}"
        for name in PATTERNS
        for passage, records in sorted(kept.get(name, {}).items())
        for record in records
    ]
    args.output.write_text("".join(line + "\n" for line in lines), "utf-8")
    print(f"{args.output}: {len(lines)} pairs from {len(drawn)} paragraphs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
