"""Publish a release to the loopback Hub stand-in and load it back with `datasets`.

Run from the repository root, after ``make dataset``::

    python benchmarks/publish_roundtrip.py [RELEASE] [--repo zhiling/debian-instruct]

The stand-in is the test suite's ``tests/hub_server.py``; ``zhiling publish`` and
``load_dataset`` run in child processes whose environment points the real
``huggingface_hub`` and ``datasets`` clients at it (they read it at import). Printed:
publish time, the commit and tag, that a second publish is refused, the rows per config
and split that ``load_dataset(repo, config, revision=tag)`` returns against the release's
manifest, and whether the token appears in any request the server saw. What this does
not prove is in the README ("What the offline tests prove").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hub_server  # noqa: E402  (the stand-in lives with the tests)

TOKEN = "hf_zhilingBenchmarkToken0123456789"
LOAD = """
import json, sys
from datasets import load_dataset
repo, tag, configs = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
print(json.dumps({c: {s: len(d) for s, d in load_dataset(repo, c, revision=tag).items()}
                  for c in configs}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("release", nargs="?", default="releases/zhiling/debian-instruct/1.0.0")
    parser.add_argument("--repo", default="zhiling/debian-instruct")
    args = parser.parse_args()
    manifest = json.loads((Path(args.release) / "manifest.json").read_text(encoding="utf-8"))
    tag = f"v{manifest['version']}"
    with hub_server.FakeHub(TOKEN) as server, tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "HF_ENDPOINT": server.url,
            "HF_HOME": home,
            "HF_TOKEN": TOKEN,
            "HF_HUB_DISABLE_XET": "1",
            "HF_HUB_DISABLE_TELEMETRY": "1",
            "HF_DATASETS_CACHE": f"{home}/datasets",
        }
        publish = [
            sys.executable,
            "-m",
            "zhiling.cli",
            "publish",
            args.release,
            "--repo",
            args.repo,
        ]
        started = time.perf_counter()
        first = subprocess.run(publish, env=env, capture_output=True, text=True, check=True)
        print(f"publish: {time.perf_counter() - started:.1f} s, {first.stdout.strip()}")
        again = subprocess.run(publish, env=env, capture_output=True, text=True)
        print(f"second publish refused: {again.returncode != 0}")
        configs = [name for name in manifest["configs"] if name != "all"]
        started = time.perf_counter()
        loaded = subprocess.run(
            [sys.executable, "-c", LOAD, args.repo, tag, ",".join(configs)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        rows = json.loads(loaded.stdout.strip().splitlines()[-1])
        print(f"load_dataset: {time.perf_counter() - started:.1f} s, rows {rows}")
        print(
            "rows agree with the manifest:", all(rows[c] == manifest["configs"][c] for c in configs)
        )
        print("token in a request line:", any(TOKEN in path for _, path in server.requests))


if __name__ == "__main__":
    main()
