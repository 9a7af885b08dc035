"""Time the pipeline's step adapter: a cheap filter per record and in batches.

    python benchmarks/batch_steps.py [--records 300000]

The filter does almost nothing, so the figures are the adapter's own cost per
record (counting, fingerprints, chunking), which every step of a run pays.
"""

from __future__ import annotations

import argparse
import statistics
import time

from zhiling.testing import run_step


class Even:
    """Drop records with an even number; batches when ``batch_size`` is set."""

    def __init__(self, batch_size: int | None = None) -> None:
        if batch_size:
            self.batch_size = batch_size

    def reason_to_drop(self, record):
        return "even" if record["n"] % 2 == 0 else None

    def reasons_to_drop(self, records):
        return ["even" if record["n"] % 2 == 0 else None for record in records]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=300_000)
    args = parser.parse_args()
    records = [{"id": f"r{n}", "n": n} for n in range(args.records)]
    for size in (None, 1, 64, 1024):
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            kept = run_step(Even(size), records).records
            timings.append(time.perf_counter() - started)
        assert len(kept) == args.records // 2
        per = statistics.median(timings) / args.records * 1e9
        print(f"batch_size {size or 'none (per record)'}: {per:.0f} ns per record (median of 3)")


if __name__ == "__main__":
    main()
