"""Token statistics of a built release for a byte-level BPE tokenizer trained on the fly.

    python benchmarks/token_stats.py RELEASE_DIR [--vocab 16000]

Trains the tokenizer on the release's train split (instruction and output),
then runs the ``token-stats`` audit over every record of the ``all`` config,
each counted under the split of the file it is in, and prints the figures.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq
from tokenizers import Tokenizer, models, pre_tokenizers, trainers

from zhiling.plugins.audits.token_stats import TokenStats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release", type=Path)
    parser.add_argument("--vocab", type=int, default=16_000)
    args = parser.parse_args()
    rows, split_of = [], {}
    for path in sorted((args.release / "all").glob("*.parquet")):
        split = path.name.split("-", 1)[0]
        for row in pq.read_table(path, columns=["id", "instruction", "output", "lang"]).to_pylist():
            rows.append(row)
            split_of[row["id"]] = split
    train = [f"{r['instruction']}\n{r['output']}" for r in rows if split_of[r["id"]] == "train"]
    tokenizer = Tokenizer(models.BPE(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    trainer = trainers.BpeTrainer(
        vocab_size=args.vocab,
        special_tokens=["[UNK]"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    started = time.perf_counter()
    tokenizer.train_from_iterator(train, trainer=trainer)
    print(
        f"trained a {args.vocab}-token byte-level BPE on {len(train)} train records "
        f"in {time.perf_counter() - started:.1f} s"
    )
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "tokenizer.json"
        tokenizer.save(str(path))
        audit = TokenStats(tokenizer=str(path), split=split_of.__getitem__)
        started = time.perf_counter()
        for row in rows:
            audit.observe(row)
        report = audit.report()
        print(f"counted {len(rows)} records in {time.perf_counter() - started:.1f} s")
    tokens = report["units"]["tokens"]
    print(json.dumps({"all": tokens["all"], **tokens["by_language_split"]}, indent=1))
    plain = TokenStats()
    for row in rows:
        plain.observe(row)
    characters = plain.report()["units"]["characters"]["by_language"]
    for lang, figures in tokens["by_language"].items():
        ratio = characters[lang]["total"] / figures["total"]
        print(f"{lang}: {figures['total']} tokens, {ratio:.2f} characters per token")


if __name__ == "__main__":
    main()
