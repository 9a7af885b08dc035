"""Measure every built-in extraction pattern on the hand-labelled dev set.

Usage::

    python benchmarks/extraction.py            # print the tables
    python benchmarks/extraction.py --write    # also refresh precision.json and RESULTS.md
    python benchmarks/extraction.py --show faq # list the misses and false hits of one pattern
    python benchmarks/extraction.py --show overall --set "random dev"  # every pair and miss

Each passage of ``tests/data/extraction/dev.jsonl`` becomes a document (blocks rebuilt by
the ``text-files`` source), each pattern runs on it, and the ``pair-quality`` filter
judges its pairs, as a recipe with ``- extract: X`` then ``- filter: pair-quality`` would.

Matching rule (``zhiling.measure``, which ``zhiling measure`` shares): a predicted pair
matches a gold pair of the same passage when the character-level F1 of their *outputs*
is at least 0.6. Units are Han characters, one each, and runs of Latin letters or
digits, lower-cased, one each; punctuation and spaces
do not count, so 「使用 `cd ..`。」 and "Run `cd ..`." are judged on their words and
commands; a leading clause that restates the goal ("To X, ", 「要…，」) counts whether
kept or dropped. Pairs are matched one-to-one, greedily from the highest F1 down. Per pattern,
precision is its matched pairs over its pairs, and recall is the gold pairs labelled with
its shape that it matched. Overall, all patterns' pairs are pooled per passage, so two
patterns emitting the same pair count one hit and one false hit.

The random-paragraph sets (``random_dev.jsonl``, ``random_heldout.jsonl``) were drawn
without regard to shape and label how-to pairs only, so a descriptive pair ("What does X
do?") counts false there. Their figures are reported per set beside the shape-chosen ones;
precision.json pools them only for the patterns in ``HOW_TO``, which write how-to
questions and were built against them; the other patterns keep their shape-chosen figures.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

from zhiling import content_id
from zhiling.manager import make_plugin_manager
from zhiling.measure import THRESHOLD, match
from zhiling.plugins.sources.text_files import blocks_of
from zhiling.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "extraction"
SETS = {
    "dev": DATA / "dev.jsonl",
    "held-out": DATA / "heldout.jsonl",
    # Paragraphs drawn at random, not chosen by shape (benchmarks/draw_paragraphs.py).
    "random dev": DATA / "random_dev.jsonl",
    "random held-out": DATA / "random_heldout.jsonl",
    # A second draw, labelled by readers who had not seen the patterns (draw_paragraphs.py).
    "random held-out 2": DATA / "random_heldout2.jsonl",
    "random held-out 3": DATA / "random_heldout3.jsonl",
}
SHAPE_SETS = ("dev", "held-out")
#: Patterns measured on the random paragraphs too (see the docstring); a group row pools them.
HOW_TO = ("prose-purpose", "prose-means")
#: Rows that pool patterns. "prose patterns" is scored on the gold pairs labelled ``prose``;
#: the how-to group (every pattern that reads a how-to in running text) on all gold pairs,
#: since a reader labels a pair without caring which of these shapes it has.
GROUPS = {"prose patterns": HOW_TO, "how-to group": ("purpose-method", *HOW_TO)}
PRECISION = ROOT / "plugins" / "extractors" / "precision.json"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
SECTION = "## Extraction (issue 3)"
MACHINE = "2-core x86-64 VM, 24 GiB, CPython 3.11"
LANGS = ("zh", "en")
INTRO = (
    "Each pattern runs on every passage (blocks rebuilt by the `text-files` source) and its "
    "pairs pass the `pair-quality` filter. A pair is a hit when its output's character-level "
    f"F1 against a gold output of the same passage is at least {THRESHOLD}, matched one-to-one "
    "and greedily (see the script's docstring). *dev* was written in the style of the sources "
    "and labelled before the patterns existed, but the patterns were then written and tuned "
    "against it, so its figures are optimistic. *held-out* is real text cut from eight Debian "
    "packages, labelled by hand before any pattern ran on it; one round of general fixes "
    "followed from reading its misses, so its untouched first figures are kept below. "
    "*random dev* and *random held-out* are paragraphs drawn at random from the "
    "debian-instruct packages and labelled with their how-to pairs only (issue 14; "
    "tests/data/extraction/README.md), so descriptive pairs count false there. The first "
    "random held-out half was read while the prose patterns were tuned; *random held-out 2* "
    "was drawn later and labelled by readers who had not seen the patterns, and it is the "
    "held-out figure precision.json cites for them. The *how-to group* pools "
    "`purpose-method` and the prose patterns and is scored on every gold pair. "
    "precision.json and the release gate use *shape-chosen* (dev and held-out pooled), "
    "and for the prose patterns all four sets pooled."
)


def load(path: Path) -> list[dict]:
    """Read a labelled set; each passage gets the document a text-files source would make."""
    passages = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    for passage in passages:
        passage["document"] = {
            "id": content_id("passage", passage["id"]),
            "text": passage["text"],
            "lang": passage["lang"],
            "meta": {
                "source": passage.get("source", f"{path.name}#{passage['id']}"),
                "license": passage.get("license", "CC0-1.0"),
            },
            "blocks": blocks_of(passage["text"]),
        }
    return passages


def predictions(passages: list[dict]) -> tuple[dict, dict, Counter]:
    """Run every pattern and the quality filter; return kept pairs, versions and drops."""
    registry = Registry(make_plugin_manager(installed=False))
    quality = registry.get("filter", "pair-quality").factory(hook=registry.pm.hook)
    kept: dict[str, dict[str, list[dict]]] = {}
    versions: dict[str, str] = {}
    drops: Counter[str] = Counter()
    for component in registry.components("extractor"):
        extractor = component.factory()
        versions[extractor.name] = extractor.version
        for passage in passages:
            for record in extractor.extract(passage["document"]):
                reason = quality.reason_to_drop(record)
                if reason:
                    drops[f"{extractor.name}: {reason}"] += 1
                else:
                    kept.setdefault(extractor.name, {}).setdefault(passage["id"], []).append(record)
    return kept, versions, drops


def ratio(hit: int, total: int) -> float | None:
    return round(hit / total, 3) if total else None


def scored_on(name: str, pair: dict) -> bool:
    """Return whether the row ``name`` counts the gold ``pair`` in its recall.

    A pattern's row counts the pairs labelled with its shape, "prose patterns" those
    labelled ``prose``; "overall" and the how-to group count every pair.
    """
    if name in ("overall", "how-to group"):
        return True
    return pair["pattern"] == ("prose" if name == "prose patterns" else name)


def score(passages: list[dict], kept: dict, names: list[str]) -> dict:
    """Return precision/recall/F1 per pattern and language, and overall per language."""
    table: dict = {}
    groups = {"overall": list(kept)}
    groups |= {group: [n for n in members if n in names] for group, members in GROUPS.items()}
    for name in [*names, *groups]:
        for lang in LANGS:
            hits = found = gold_total = gold_hit = 0
            for passage in (p for p in passages if p["lang"] == lang):
                members = groups.get(name, [name])
                pool = [r for n in members for r in kept.get(n, {}).get(passage["id"], [])]
                gold = passage["gold"]
                matched = match(pool, gold)
                labelled = [j for j, g in enumerate(gold) if scored_on(name, g)]
                hits += len(matched)
                found += len(pool)
                gold_total += len(labelled)
                gold_hit += sum(1 for _, j in matched if j in labelled)
            p, r = ratio(hits, found), ratio(gold_hit, gold_total)
            f = round(2 * p * r / (p + r), 3) if p and r else None
            table.setdefault(name, {})[lang] = {
                "precision": p,
                "recall": r,
                "f1": f,
                "pairs": found,
                "gold": gold_total,
            }
    return table


def show(passages: list[dict], kept: dict, name: str) -> None:
    for passage in passages:
        members = list(kept) if name == "overall" else list(GROUPS.get(name, [name]))
        pool = [r for n in members for r in kept.get(n, {}).get(passage["id"], [])]
        gold = passage["gold"]
        matched = match(pool, gold)
        for i, record in enumerate(pool):
            if i not in {a for a, _ in matched}:
                print(f"FALSE {passage['id']}: {record['instruction']} → {record['output']!r}")
        for j, pair in enumerate(gold):
            if scored_on(name, pair) and j not in {b for _, b in matched}:
                print(f"MISS  {passage['id']}: {pair['instruction']} → {pair['output']!r}")


def table_lines(table: dict) -> list[str]:
    lines = [
        "| pattern | lang | precision | recall | F1 | pairs | gold |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, per_lang in table.items():
        for lang, m in per_lang.items():
            cells = [m["precision"], m["recall"], m["f1"]]
            shown = ["–" if v is None else f"{v:.3f}" for v in cells]
            label = f"**{name}**" if " " in name or name == "overall" else f"`{name}`"
            lines.append(f"| {label} | {lang} | {' | '.join(shown)} | {m['pairs']} | {m['gold']} |")
    return lines


def markdown(tables: dict[str, dict], date: str, counts: dict[str, Counter]) -> str:
    """Return the RESULTS.md section: how it was measured, then one table per set."""
    lines = [SECTION, "", f"{date}, {MACHINE}: `python benchmarks/extraction.py --write`.", ""]
    lines += [INTRO, ""]
    for name, table in tables.items():
        count = counts[name]
        lines += [f"### {name} ({count['zh']} zh and {count['en']} en passages)", ""]
        lines += [*table_lines(table), ""]
    return "\n".join(lines)


def write(tables: dict[str, dict], versions: dict, date: str, text: str) -> None:
    """Write precision.json (figures on all labelled passages) and the RESULTS.md section."""

    def figures(name: str) -> tuple[dict, dict]:
        """Return a pattern's pooled figures and the held-out table its gate cites."""
        if name in HOW_TO:
            return tables["all"][name], tables["random held-out 2"][name]
        return tables["shape-chosen"][name], tables["held-out"][name]

    data = {
        "measured": date,
        "sets": {
            name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in SETS.items()
        },
        "rule": (
            f"output character F1 >= {THRESHOLD}, one-to-one greedy; shape-chosen sets, "
            f"and the random paragraphs too for {', '.join(HOW_TO)}"
        ),
        "patterns": {
            name: {
                "version": versions[name],
                "languages": {
                    lang: {
                        **figures(name)[0][lang],
                        "held_out_precision": figures(name)[1][lang]["precision"],
                    }
                    for lang in LANGS
                },
            }
            for name in sorted(versions)
        },
    }
    PRECISION.write_text(
        json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8"
    )
    old = RESULTS.read_text("utf-8") if RESULTS.exists() else "# Benchmark results\n"
    before, _, after = old.partition(SECTION)
    rest = after[after.find("\n## ") + 1 :] if "\n## " in after else ""
    RESULTS.write_text(before.rstrip("\n") + "\n\n" + text + ("\n" + rest if rest else ""), "utf-8")


def speed(passages: list[dict], repeat: int = 5) -> str:
    """Return the throughput of all patterns plus the filter, best of ``repeat`` runs."""
    predictions(passages[:20])  # load jieba and the stop-word lists before timing
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        predictions(passages)
        best = min(best, time.perf_counter() - started)
    chars = sum(len(p["text"]) for p in passages)
    return (
        f"All patterns plus `pair-quality` on the {len(passages)} labelled passages "
        f"({chars:,} characters): best of {repeat} runs {best:.2f} s, "
        f"{len(passages) / best:,.0f} passages/s, {chars / best:,.0f} characters/s."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--write", action="store_true", help="refresh precision.json and RESULTS.md"
    )
    parser.add_argument(
        "--show", metavar="PATTERN", help="list the misses and false hits of a pattern"
    )
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    parser.add_argument(
        "--set", choices=[*SETS, "shape-chosen", "all"], default="all", help="for --show"
    )
    args = parser.parse_args(argv)
    loaded = {name: load(path) for name, path in SETS.items()}
    loaded["shape-chosen"] = [p for name in SHAPE_SETS for p in loaded[name]]
    loaded["all"] = [passage for name in SETS for passage in loaded[name]]
    kept, versions, drops = predictions(loaded["all"])
    if args.show:
        show(loaded[args.set], kept, args.show)
        return 0
    names = sorted(versions)
    tables = {name: score(passages, kept, names) for name, passages in loaded.items()}
    counts = {name: Counter(p["lang"] for p in passages) for name, passages in loaded.items()}
    shown = {name: table for name, table in tables.items() if name != "all"}
    text = markdown(shown, args.date, counts) + "\n" + speed(loaded["all"]) + "\n"
    print(text)
    print("Dropped by pair-quality:", dict(sorted(drops.items())), file=sys.stderr)
    if args.write:
        write(tables, versions, args.date, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
