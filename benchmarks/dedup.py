"""Benchmark near-duplicate removal: zhiling's MinHash deduper against a plain datasketch loop.

    python benchmarks/dedup.py --docs 100000 --text-dir DIR --cache DIR [--million]

Builds a seeded zh+en corpus whose ground truth is known: base texts are
collages of fragments of real text (the Debian Reference's Chinese and English
plain-text editions when ``--text-dir`` holds ``debian-reference.{zh-cn,en}.txt.gz``,
otherwise the quickstart texts in ``tests/data``), and a fifth of the corpus
are variants of a base: 2–10% character (zh) or word (en) edits, clauses
reordered, full-width letters, changed punctuation and spacing, and
traditional characters for some Chinese ones. Each engine runs in its own
process so that its peak RSS is its own. A removal is correct when the removed
text and its survivor come from the same base.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FULL_WIDTH = {c: chr(ord(c) + 0xFEE0) for c in "abcdefghijklmnopqrstuvwxyz0123456789"}
PUNCT_SWAP = {"，": ",", ",": "，", "。": ".", "：": ":", ":": "：", "（": "(", "）": ")"}


def load_sources(text_dir: Path | None) -> tuple[str, list[str]]:
    """Return the Chinese source as one string without spaces and the English one as words."""
    found = text_dir and (text_dir / "debian-reference.zh-cn.txt.gz").exists()
    if found:
        zh = gzip.decompress((text_dir / "debian-reference.zh-cn.txt.gz").read_bytes()).decode()
        en = gzip.decompress((text_dir / "debian-reference.en.txt.gz").read_bytes()).decode()
    else:
        data = ROOT / "tests" / "data" / "quickstart"
        zh = "".join(p.read_text("utf-8") for p in sorted((data / "zh").glob("*.txt")))
        en = " ".join(p.read_text("utf-8") for p in sorted((data / "en").glob("*.txt")))
    zh_text = "".join(re.findall(r"[\u4e00-\u9fff，。：、；！？（）A-Za-z0-9]+", zh))
    return zh_text, re.findall(r"[A-Za-z][A-Za-z'-]*|[0-9]+|[.,:;()]", en)


def base_text(rng: random.Random, lang: str, zh: str, en: list[str]) -> str:
    """Return a collage of random fragments of the source text."""
    if lang == "zh":
        target, parts = rng.randint(30, 150), []
        while sum(map(len, parts)) < target:
            start = rng.randrange(len(zh) - 20)
            parts.append(zh[start : start + rng.randint(6, 20)])
        return "，".join(parts) + "。"
    target, words = rng.randint(12, 60), []
    while len(words) < target:
        start = rng.randrange(len(en) - 8)
        words.extend(en[start : start + rng.randint(3, 8)])
    return " ".join(words)


def variant(rng: random.Random, text: str, lang: str, zh: str, en: list[str], trad: dict) -> str:
    """Return a near-duplicate of ``text``: edits, and maybe reordering, width, script changes."""
    rate = rng.uniform(0.02, 0.10)
    units = list(text) if lang == "zh" else text.split(" ")
    edited: list[str] = []
    for unit in units:
        roll = rng.random()
        pick = zh[rng.randrange(len(zh))] if lang == "zh" else en[rng.randrange(len(en))]
        if roll < rate / 3:
            edited.append(pick)
        elif roll < 2 * rate / 3:
            continue
        elif roll < rate:
            edited.extend([unit, pick])
        else:
            edited.append(unit)
    out = ("" if lang == "zh" else " ").join(edited)
    if rng.random() < 0.3:
        clauses = re.split(r"(?<=[，。,.])", out)
        rng.shuffle(clauses)
        out = ("" if lang == "zh" else " ").join(c.strip() for c in clauses if c.strip())
    if rng.random() < 0.3:
        out = "".join(FULL_WIDTH.get(c, c) if rng.random() < 0.5 else c for c in out)
        out = "".join(PUNCT_SWAP.get(c, c) for c in out).replace(" ", "  ")
    if lang == "zh" and rng.random() < 0.2:
        out = "".join(trad.get(c, c) for c in out)
    return out


def build_corpus(path: Path, docs: int, seed: int, text_dir: Path | None) -> None:
    """Write ``docs`` JSON lines ``{id, lang, text, group}`` to ``path``."""
    rng = random.Random(seed)
    zh, en = load_sources(text_dir)
    pairs = (ROOT / "plugins/dedupers/t2s_data/t2s.txt").read_text("utf-8").splitlines()
    trad = {}
    for line in pairs:
        trad.setdefault(line[1], line[0])
    rows, group = [], 0
    while len(rows) < docs:
        lang = "zh" if rng.random() < 0.5 else "en"
        text = base_text(rng, lang, zh, en)
        rows.append({"lang": lang, "text": text, "group": group})
        if rng.random() < 0.12:
            for _ in range(rng.choice([1, 1, 1, 2, 3])):
                rows.append(
                    {"lang": lang, "text": variant(rng, text, lang, zh, en, trad), "group": group}
                )
        group += 1
    rows = rows[:docs]
    rng.shuffle(rows)
    with path.open("w", encoding="utf-8") as out:
        for index, row in enumerate(rows):
            out.write(json.dumps({"id": f"d{index:07d}", **row}, ensure_ascii=False) + "\n")


def read_corpus(path: Path):
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def run_zhiling(corpus: Path, options: dict) -> list[tuple[str, str]]:
    """Dedupe ``corpus`` with the minhash plugin; return (removed id, survivor id) pairs."""
    import tempfile

    from zhiling.manager import make_plugin_manager
    from zhiling.plugins.dedupers.minhash import MinHashDeduper

    pm = make_plugin_manager(installed=False)
    with tempfile.TemporaryDirectory() as scratch:
        deduper = MinHashDeduper(
            fields=["text"], hook=pm.hook, workdir=Path(scratch), base_dir=ROOT, **options
        )
        for _ in deduper(read_corpus(corpus)):
            pass
        return [(r["id"], r["meta"]["dedup"]["survivor"]) for r, _ in deduper.removed()]


def run_datasketch(corpus: Path, options: dict) -> list[tuple[str, str]]:
    """The loop most tools run: one MinHash per text, query the LSH, insert if nothing matched."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=options.get("threshold", 0.7), num_perm=128)
    removed = []
    for row in read_corpus(corpus):
        text = row["text"]
        if row["lang"] == "zh":
            shingles = {text[i : i + 5] for i in range(max(len(text) - 4, 1))}
        else:
            words = text.lower().split()
            shingles = {" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1))}
        minhash = MinHash(num_perm=128)
        minhash.update_batch([s.encode("utf-8") for s in shingles])
        found = lsh.query(minhash)
        if found:
            removed.append((row["id"], min(found)))
        else:
            lsh.insert(row["id"], minhash)
    return removed


def child(args: argparse.Namespace) -> None:
    import datasketch  # noqa: F401  (imports are not part of the timed run)

    from zhiling.plugins.dedupers import minhash  # noqa: F401

    options = json.loads(args.options)
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    started = time.perf_counter()
    engine = run_zhiling if args.engine == "zhiling" else run_datasketch
    removed = engine(Path(args.corpus), options)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    found = {"seconds": seconds, "cpu_seconds": cpu, "peak_mib": usage.ru_maxrss / 1024}
    print(json.dumps({**found, "load": os.getloadavg()[0], "removed": removed}))


def score(corpus: Path, removed: list[tuple[str, str]]) -> dict:
    """Return precision, recall and F1 of the removals, overall and per language."""
    group, lang = {}, {}
    sizes: Counter = Counter()
    for row in read_corpus(corpus):
        group[row["id"]], lang[row["id"]] = row["group"], row["lang"]
        sizes[(row["lang"], row["group"])] += 1
    result = {}
    for which in ("all", "zh", "en"):
        mine = [(d, s) for d, s in removed if which in ("all", lang[d])]
        right = sum(group[d] == group[s] for d, s in mine)
        truth = sum(n - 1 for (code, _), n in sizes.items() if which in ("all", code))
        precision = right / len(mine) if mine else 1.0
        recall = right / truth if truth else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[which] = {"precision": precision, "recall": recall, "f1": f1, "removed": len(mine)}
    return result


def measure(engine: str, corpus: Path, options: dict, docs: int) -> dict:
    command = [sys.executable, __file__, "--child", engine, "--corpus", str(corpus)]
    done = subprocess.run(
        [*command, "--options", json.dumps(options)], capture_output=True, check=True
    )
    found = json.loads(done.stdout)
    scores = score(corpus, [tuple(pair) for pair in found["removed"]])
    return {
        "engine": engine,
        "docs": docs,
        "options": options,
        "docs_per_s": docs / found["seconds"],
        "seconds": found["seconds"],
        "cpu_seconds": found["cpu_seconds"],
        "load": found["load"],
        "peak_mib": found["peak_mib"],
        "scores": scores,
    }


def table_row(result: dict) -> str:
    s = result["scores"]
    cells = [
        result["engine"],
        f"{result['docs']:,}",
        json.dumps(result["options"], ensure_ascii=False),
        f"{result['docs_per_s']:,.0f}",
        f"{result['docs'] / result['cpu_seconds']:,.0f}",
        f"{result['load']:.1f}",
        f"{result['peak_mib']:,.0f}",
    ]
    for which in ("all", "zh", "en"):
        cells.append(
            f"{s[which]['precision']:.4f} / {s[which]['recall']:.3f} / {s[which]['f1']:.3f}"
        )
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--text-dir", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=Path("benchmark-cache"))
    parser.add_argument(
        "--million", action="store_true", help="also run zhiling on 1,000,000 texts"
    )
    parser.add_argument("--sweep", action="store_true", help="compare shingle sizes and thresholds")
    parser.add_argument("--skip-datasketch", action="store_true")
    parser.add_argument("--child", choices=["zhiling", "datasketch"])
    parser.add_argument("--corpus")
    parser.add_argument("--options", default="{}")
    args = parser.parse_args()
    if args.child:
        args.engine = args.child
        return child(args)
    args.cache.mkdir(parents=True, exist_ok=True)
    runs = [(args.docs, "zhiling", {})]
    if args.sweep:
        runs = [
            (
                args.docs,
                "zhiling",
                {"threshold": t, "shingles": {"zh": f"char:{n}", "*": f"word:{w}"}},
            )
            for n, w in ((2, 2), (3, 3), (4, 3), (5, 3))
            for t in (0.4, 0.5, 0.7)
        ]
    if not args.skip_datasketch:
        runs.append((args.docs, "datasketch", {"threshold": 0.7}))
    if args.million:
        runs.append((1_000_000, "zhiling", {}))
    scores = "| all P / R / F1 | zh P / R / F1 | en P / R / F1 |"
    print(f"| engine | docs | options | docs/s | docs/CPU-s | load | peak RSS MiB {scores}")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for docs, engine, options in runs:
        corpus = args.cache / f"corpus-{docs}-{args.seed}.jsonl"
        if not corpus.exists():
            build_corpus(corpus, docs, args.seed, args.text_dir)
        print(table_row(measure(engine, corpus, options, docs)), flush=True)


if __name__ == "__main__":
    main()
