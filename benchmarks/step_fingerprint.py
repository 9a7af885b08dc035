"""Cost of the per-step fingerprint that ``zhiling verify`` compares, per record and step.

Run: python benchmarks/step_fingerprint.py
"""

from __future__ import annotations

import time

from zhiling.pipeline import StepStats
from zhiling.records import content_id

RECORDS = 1_000_000


def main() -> None:
    records = [{"id": content_id("bench", i)} for i in range(RECORDS)]
    counted, fingerprinted = StepStats("counted"), StepStats("fingerprinted")
    start = time.perf_counter()
    for _record in records:
        counted.records_out += 1
    plain = time.perf_counter() - start
    start = time.perf_counter()
    for record in records:
        fingerprinted.passed(record)
    passed = time.perf_counter() - start
    extra = (passed - plain) / RECORDS * 1e9
    print(f"{RECORDS} records: count only {plain:.2f} s, count and fingerprint {passed:.2f} s")
    print(f"fingerprint overhead: {extra:.0f} ns per record per step")


if __name__ == "__main__":
    main()
