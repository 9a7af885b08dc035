"""Measure the quality figures of a built instruction release, per language.

Usage::

    python benchmarks/dataset_quality.py releases/zhiling/debian-instruct/2.0.0
    python benchmarks/dataset_quality.py RELEASE --json figures.json

For each language (the ``lang`` column) it prints: records; the ten most common question
frames with their shares; the share of the most common opening (first three words in
English, first four characters in Chinese); instructions that appear with more than one
different output; answer length p10/p50/p90 and the share under 20 characters; the share
of records whose output is also another record's output; near-duplicate clusters and the
records that removing them would drop; split leakage; and PII placeholders.

Question frame: the instruction with its content abstracted, as the ``question-frames``
audit counts it (``zhiling.plugins.audits._frames``): "what does … do in …'s …?".

Near-duplicates: MinHash with 128 permutations over 5-character shingles of instruction +
output (folded as the ``minhash`` deduper folds them, no template stripping), candidate
pairs from LSH bands for Jaccard 0.5, kept when the signature estimate reaches 0.8,
joined into clusters; "removable" is the records beyond one per cluster. Leakage: the
share of validation and test records that have such a pair with a train record.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from zhiling.plugins.audits._frames import frame
from zhiling.plugins.dedupers import _minhash_engine as engine
from zhiling.plugins.dedupers._minhash_text import Sketcher

THRESHOLD = 0.8
#: Candidate pairs come from LSH bands for this lower similarity, then are verified at
#: THRESHOLD: bands tuned for 0.8 itself miss about a third of the pairs at 0.84.
LSH_THRESHOLD = 0.5
NUM_PERM = 128

PLACEHOLDER = re.compile(r"<(?:EMAIL|PHONE|IP|ID_CARD|CREDIT_CARD|URL|NAME|[A-Z_]+)_\d+>")


def opening(instruction: str, lang: str) -> str:
    """Return the opening: the first four characters in Chinese, three words in English."""
    if lang == "zh":
        return instruction.strip()[:4]
    return " ".join(re.findall(r"[\w'’-]+", instruction.lower())[:3])


def read_release(folder: Path) -> list[dict[str, Any]]:
    """Return every row of the release's language configs, with its split from the file name."""
    rows = []
    for path in sorted(folder.glob("*/*.parquet")):
        if path.parent.name == "all":
            continue
        split = path.name.split("-", 1)[0]
        columns = ["id", "instruction", "output", "lang", "source"]
        for row in pq.read_table(path, columns=columns).to_pylist():
            row["split"] = split
            rows.append(row)
    rows.sort(key=lambda row: row["id"])
    return rows


def near_duplicates(rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """Return each row's cluster survivor and the verified near-duplicate pairs."""
    sketcher = Sketcher(
        fields=["instruction", "output"],
        lang_field="lang",
        shingles={"*": "char:5", "zh": "char:5"},
        templates=[],
        simplify=True,
        num_perm=NUM_PERM,
        seed=1,
        stopwords=lambda: (),
    )
    sigs = np.concatenate(
        [sketcher.signatures(rows[i : i + 8192]) for i in range(0, len(rows), 8192)]
    ) if rows else np.zeros((0, NUM_PERM), np.uint32)  # fmt: skip
    lengths = np.array([len(row["output"]) for row in rows], dtype=np.int64)
    rank = engine.priority_rank([row["id"] for row in rows], lengths)
    bands, per_band = engine.optimal_bands(LSH_THRESHOLD, NUM_PERM)
    pairs = engine.verify(engine.candidate_pairs(sigs, bands, per_band, rank), sigs, THRESHOLD)
    return engine.clusters(pairs, rank), pairs


def percentile(values: list[int], q: float) -> int:
    return int(np.percentile(values, q)) if values else 0


def measure(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the figures of one language's rows."""
    lang = rows[0]["lang"] if rows else ""
    total = len(rows)
    frames = Counter(frame(row["instruction"], lang) for row in rows)
    openings = Counter(opening(row["instruction"], lang) for row in rows)
    answers: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        answers[row["instruction"]].add(row["output"])
    ambiguous = [text for text, outputs in answers.items() if len(outputs) > 1]
    ambiguous_records = sum(1 for row in rows if row["instruction"] in set(ambiguous))
    outputs = Counter(row["output"] for row in rows)
    shared_output = sum(n for n in outputs.values() if n > 1)
    lengths = [len(row["output"]) for row in rows]
    survivor, pairs = near_duplicates(rows)
    sizes = np.bincount(survivor, minlength=total)
    held_out = {i for i, row in enumerate(rows) if row["split"] != "train"}
    leaked = set()
    for left, right in pairs.tolist():
        for mine, other in ((left, right), (right, left)):
            if mine in held_out and rows[other]["split"] == "train":
                leaked.add(mine)
    placeholders = sum(
        len(PLACEHOLDER.findall(row["instruction"] + "\n" + row["output"])) for row in rows
    )
    return {
        "records": total,
        "frames": [(text, n, n / total) for text, n in frames.most_common(10)],
        "top_opening": (*openings.most_common(1)[0], openings.most_common(1)[0][1] / total)
        if rows
        else ("", 0, 0.0),
        "ambiguous_instructions": len(ambiguous),
        "ambiguous_records": ambiguous_records,
        "answer_length": {q: percentile(lengths, q) for q in (10, 50, 90)},
        "under_20": sum(n < 20 for n in lengths) / total if total else 0.0,
        "identical_output_share": shared_output / total if total else 0.0,
        "near_duplicate_clusters": int(np.count_nonzero(sizes > 1)),
        "near_duplicate_removable": int(np.count_nonzero(survivor != np.arange(total))),
        "held_out": len(held_out),
        "leaked": len(leaked),
        "leakage": len(leaked) / len(held_out) if held_out else 0.0,
        "pii_placeholders": placeholders,
    }


def render(lang: str, figures: dict[str, Any]) -> str:
    lines = [f"## {lang}: {figures['records']:,} records", "", "| frame | records | share |"]
    lines.append("|---|---:|---:|")
    lines += [f"| `{text}` | {n:,} | {share:.1%} |" for text, n, share in figures["frames"]]
    text, n, share = figures["top_opening"]
    lengths = figures["answer_length"]
    lines += [
        "",
        f"- most common opening: `{text}` {n:,} ({share:.1%})",
        f"- instructions with more than one output: {figures['ambiguous_instructions']:,} "
        f"({figures['ambiguous_records']:,} records)",
        f"- answer length p10/p50/p90: {lengths[10]}/{lengths[50]}/{lengths[90]} characters; "
        f"under 20: {figures['under_20']:.1%}",
        f"- records whose output another record shares: {figures['identical_output_share']:.1%}",
        f"- near-duplicate clusters (J ≥ {THRESHOLD}): {figures['near_duplicate_clusters']:,}, "
        f"removable records: {figures['near_duplicate_removable']:,}",
        f"- leakage: {figures['leaked']:,} of {figures['held_out']:,} validation/test records "
        f"({figures['leakage']:.2%}) have a near-duplicate in train",
        f"- PII placeholders: {figures['pii_placeholders']:,}",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("release", type=Path, help="a release folder (with <config>/*.parquet)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    rows = read_release(args.release)
    if not rows:
        print(f"{args.release}: no Parquet rows under <config>/", file=sys.stderr)
        return 1
    by_lang: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_lang[row["lang"]].append(row)
    figures = {lang: measure(by_lang[lang]) for lang in sorted(by_lang)}
    for lang, values in figures.items():
        print(render(lang, values))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
