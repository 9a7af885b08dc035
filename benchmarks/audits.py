"""Measure the audits: PII precision/recall per type on the labelled set, and throughput.

Run from the repository root: ``python benchmarks/audits.py [--records N]``.
Throughput is records per CPU second (``time.process_time``, one core; wall time
is unreliable on a shared machine) over instruction records made
from the quickstart texts (zh and en, about 40-150 characters per field),
one record in ten carrying a PII value from the labelled generator.
"""

from __future__ import annotations

import argparse
import random
import runpy
import time
from pathlib import Path
from types import SimpleNamespace

from zhiling.plugins.audits._pii_patterns import TYPES, Detector
from zhiling.plugins.audits.bias import BiasAudit
from zhiling.plugins.audits.lexicons import lexicons_for_language
from zhiling.plugins.audits.pii import DEFAULT_IP_IGNORE, PiiAudit
from zhiling.plugins.audits.toxicity import ToxicityAudit

ROOT = Path(__file__).resolve().parents[1]
CASES = runpy.run_path(str(ROOT / "benchmarks" / "pii_cases.py"))


def records(count: int, seed: int = 0) -> list[dict]:
    """Return ``count`` instruction records from the quickstart lines, 10% with PII."""
    rng = random.Random(seed)
    lines = {
        lang: [
            line.strip()
            for path in sorted((ROOT / "tests" / "data" / "quickstart" / lang).glob("*.txt"))
            for line in path.read_text("utf-8").splitlines()
            if len(line.strip()) > 20
        ]
        for lang in ("zh", "en")
    }
    result = []
    for index in range(count):
        lang = "zh" if index % 2 else "en"
        output = " ".join(rng.sample(lines[lang], 2))
        if index % 10 == 0:
            output += " " + CASES["positive"](rng, rng.choice(TYPES[2:]))
        result.append(
            {"id": f"r{index:07d}", "lang": lang, "instruction": rng.choice(lines[lang]),
             "input": "", "output": output}
        )  # fmt: skip
    return result


def rate(name: str, work, items: list[dict]) -> None:
    started = time.process_time()
    for item in items:
        work(item)
    elapsed = time.process_time() - started
    print(f"| {name} | {len(items)} | {elapsed:.2f} | {len(items) / elapsed:,.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--per-type", type=int, default=2_000)
    args = parser.parse_args()

    detector = Detector(TYPES, DEFAULT_IP_IGNORE)
    items = CASES["cases"](seed=2026, per_type=args.per_type, negatives=5 * args.per_type)
    scores = CASES["score"](detector.find, items)
    print(f"PII labelled set: {len(items)} texts ({args.per_type} per type, "
          f"{5 * args.per_type} look-alikes), seed 2026\n")  # fmt: skip
    print("| type | expected | found | precision | recall |\n|---|---|---|---|---|")
    for kind, row in scores.items():
        print(
            f"| {kind} | {row['expected']} | {row['found']} | "
            f"{row['precision']:.4f} | {row['recall']:.4f} |"
        )

    data = records(args.records)
    hook = SimpleNamespace(lexicons_for_language=lexicons_for_language)
    report_mode, redact_mode = PiiAudit(), PiiAudit(mode="redact")
    bias, toxicity = BiasAudit(hook=hook), ToxicityAudit(hook=hook)
    print("\n| audit | records | CPU seconds | records/s |\n|---|---|---|---|")
    rate("pii observe (report mode)", report_mode.observe, data)
    rate("pii apply + observe (redact)", lambda r: redact_mode.observe(redact_mode.apply(r)), data)
    rate("bias observe", bias.observe, data)
    rate("toxicity observe", toxicity.observe, data)
    print(f"\nredacted values: {redact_mode.report()['redacted']}, remaining after redaction: "
          f"{redact_mode.report()['remaining']}")  # fmt: skip


if __name__ == "__main__":
    main()
