"""Time what hostile input costs now that it is bounded (issue 12).

Usage::

    python benchmarks/hostile_input.py

Prints, for inputs that used to exhaust memory or take minutes: splitting a 9 MB
paragraph into blocks, parsing HTML with 50,000 and 200,000 unclosed inline tags and
stray end tags, reading a 100 MiB gzip man-page bomb at the default limit, and
`zhiling check` on a billion-laughs recipe (wall time and peak memory of that process).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from zhiling.plugins.sources._html_blocks import parse_html
from zhiling.plugins.sources._structure import blocks_of
from zhiling.plugins.sources.debian_docs import parse_file

LAUGHS = "\n".join(
    ["name: bomb", 'version: "1.0"', "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    + ["sources: *a8", ""]
)


def seconds(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def gzip_bomb(megabytes: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunk = bytes(1024 * 1024)
    return b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


def main() -> None:
    paragraph = ("word " * 1_800_000).strip()
    print(
        f"blocks_of, one {len(paragraph) / 1e6:.1f} MB paragraph: "
        f"{seconds(lambda: blocks_of(paragraph)):.2f} s"
    )
    for tags in (50_000, 200_000):
        page = "<html><body><p>" + "<b>x" * tags + "</i>" * tags + "</p></body></html>"
        print(
            f"parse_html, {tags:,} unclosed tags and stray end tags "
            f"({len(page) / 1e3:,.0f} KB): {seconds(lambda page=page: parse_html(page)):.2f} s"
        )
    bomb = gzip_bomb(100)
    took = seconds(lambda: parse_file("usr/share/man/man1/bomb.1.gz", bomb))
    print(f"gzip man page, {len(bomb):,} bytes inflating to 100 MiB: dropped in {took:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        recipe = Path(folder) / "bomb.yaml"
        recipe.write_text(LAUGHS, encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "zhiling.cli", "check", str(recipe)],
            capture_output=True,
            text=True,
            check=False,
        )
        took = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"zhiling check, {len(LAUGHS)}-byte alias bomb: exit {done.returncode} in {took:.2f} s, "
        f"peak {peak:.0f} MiB; {done.stderr.strip().splitlines()[-1]}"
    )


if __name__ == "__main__":
    main()
