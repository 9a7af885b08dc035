"""Build zhiling/debian-instruct and print wall time, peak memory and record counts.

Run from the repository root: ``.venv/bin/python benchmarks/debian_dataset.py``.
Pass ``--cold`` to delete the package cache first, so the time includes
``apt-get download`` of every pinned package. The release goes to a scratch
folder, so an existing ``releases/`` is left alone.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

import yaml

from zhiling.plugins.sources._deb import default_cache
from zhiling.run import run_recipe

RECIPE = Path(__file__).resolve().parents[1] / "recipes" / "debian-instruct.yaml"


def package_cache() -> Path:
    """Return the folder the recipe's ``debian-docs`` source keeps its .deb files in."""
    source = yaml.safe_load(RECIPE.read_text(encoding="utf-8"))["sources"][0]
    cache = source.get("cache_dir")
    return RECIPE.parent / cache if cache else default_cache()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold", action="store_true", help="empty the package cache first")
    args = parser.parse_args()
    if args.cold:
        shutil.rmtree(package_cache(), ignore_errors=True)
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        os.chdir(scratch)
        result = run_recipe(RECIPE)
        elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    manifest = result.manifest
    print(f"wall time: {elapsed:.1f} s, peak RSS: {peak:.0f} MiB")
    for config, splits in sorted(manifest["configs"].items()):
        print(f"{config}: {sum(splits.values())} records {splits}")
    for step in manifest["steps"]:
        print(f"  {step['step']}: {step['in']} -> {step['out']} {step['dropped'] or ''}")


if __name__ == "__main__":
    main()
