"""What hostile or broken input cannot do to a run: exhaust memory, abort it, or reach a path.

Each case is dropped with a reason in the drop log (naming the file or line) while
the rest of the input is released, or parsed in time linear in its size.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.conftest import working_directory
from zhiling.manager import make_plugin_manager
from zhiling.plugins.sources._html_blocks import parse_html
from zhiling.plugins.sources._structure import blocks_of
from zhiling.plugins.sources.text_files import MAX_PARAGRAPH_CHARS
from zhiling.run import run_recipe

RECIPE = """\
name: hostile
version: "1.0.0"
sources:
  - read: {source}
    paths: [{paths}]
    license: CC0-1.0
steps:
  - extract: purpose-method
"""


def run(tmp_path: Path, source: str, paths: str) -> tuple[dict, list[tuple[str, str]]]:
    """Run a one-source recipe; return the read step's counts and the (source, reason) drops."""
    recipe = tmp_path / "hostile.yaml"
    recipe.write_text(RECIPE.format(source=source, paths=paths))
    with working_directory(tmp_path):
        result = run_recipe(
            recipe, pm=make_plugin_manager(installed=False), workers=1, keep_dropped=True
        )
    release = tmp_path / result.destinations[0]  # relative to where the run was
    lines = (release / "dropped" / "dropped.jsonl").read_text().splitlines()
    drops = [(json.loads(x)["record"]["meta"]["source"], json.loads(x)["reason"]) for x in lines]
    return result.manifest["steps"][0], drops


def test_a_paragraph_of_9_mb_splits_in_linear_time_without_memory_error():
    """The block splitter no longer backtracks per character (it raised MemoryError at 8 MB)."""
    text = "heading\n\n" + ("word " * 1_800_000).strip() + "\n\nTo end, run exit.\n"
    started = time.perf_counter()
    blocks = blocks_of(text)
    assert time.perf_counter() - started < 2
    assert [b["kind"] for b in blocks][-1] == "paragraph"
    assert len(blocks) == 3


def test_a_file_with_a_paragraph_over_the_limit_is_dropped_naming_the_file(tmp_path):
    """One oversized paragraph costs its file, named in the drop log; other files release."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "dump.txt").write_text("x" * (MAX_PARAGRAPH_CHARS + 1) + "\n")
    (docs / "ok.txt").write_text("To list the files of a folder, run ls with the folder name.\n")
    read, drops = run(tmp_path, "text-files", "docs/*.txt")
    assert read["dropped"] == {"paragraph_too_long": 1}
    assert drops == [("docs/dump.txt", "paragraph_too_long")]
    assert read["out"] == 1


def test_jsonl_lines_with_a_meta_that_is_not_an_object_are_dropped_and_the_run_goes_on(tmp_path):
    """``meta`` as a list or a string used to abort the whole run with a TypeError."""
    lines = [
        {"text": "To print the date, run date.", "lang": "en", "meta": ["not", "a", "map"]},
        {"text": "To print the date, run date -u.", "lang": "en", "meta": "text"},
        {"text": "To show the time, run date +%T.", "lang": "en", "meta": {"k": 1}},
    ]
    (tmp_path / "docs.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    read, drops = run(tmp_path, "jsonl", "docs.jsonl")
    assert read["dropped"] == {"meta_not_object": 2}
    assert sorted(drops) == [
        ("docs.jsonl:1", "meta_not_object"),
        ("docs.jsonl:2", "meta_not_object"),
    ]
    assert read["out"] == 1


def test_a_lang_that_is_not_a_language_tag_never_reaches_a_path(tmp_path):
    """``lang`` names configs and shard files, so ``../x`` or ``a/b`` is dropped at the source."""
    langs = ["../../escaped", "a/b", "zh\n", "", "en"]
    lines = [
        {"text": f"To print the date, run date {i}.", "lang": lang} for i, lang in enumerate(langs)
    ]
    (tmp_path / "docs.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    read, drops = run(tmp_path, "jsonl", "docs.jsonl")
    # An empty lang falls back to the source's (here none: "und"), which is a valid tag.
    assert read["dropped"] == {"invalid_lang": 3}
    refused = sorted(source for source, reason in drops if reason == "invalid_lang")
    assert refused == ["docs.jsonl:1", "docs.jsonl:2", "docs.jsonl:3"]
    assert not list(tmp_path.rglob("*escaped*"))
    assert not (tmp_path / "escaped").exists()


def _parse_seconds(markup: str) -> float:
    started = time.perf_counter()
    parse_html(markup)
    return time.perf_counter() - started


def test_html_with_tens_of_thousands_of_unclosed_inline_tags_parses_in_linear_time():
    """50k unclosed tags and stray end tags (350 KB) took 62 s; four times as many stay linear."""
    page = "<html><body><p>" + "<b>x" * 50_000 + "</i>" * 50_000 + "</p></body></html>"
    small = _parse_seconds(page)
    assert small < 3
    large = _parse_seconds(page.replace("<b>x", "<b>x" * 4).replace("</i>", "</i>" * 4))
    # Quadratic parsing would take about 16 times as long; linear about 4.
    assert large < 10 * max(small, 0.05)
