"""``zhiling sample``: random passages with their headings and provenance, fixed by the seed."""

from __future__ import annotations

import json

import pytest

from zhiling.cli import main
from zhiling.errors import ZhilingError
from zhiling.recipe import load_recipe
from zhiling.sample import paragraphs, sample_passages
from zhiling.testing import builtin_registry

RECIPE = """\
name: sampled
version: 1.0.0
sources:
  - read: text-files
    paths: [docs/*.txt]
    lang: en
    license: CC0-1.0
  - read: jsonl
    paths: [notes.jsonl]
    license: CC0-1.0
"""


@pytest.fixture
def recipe(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for number in range(4):
        sections = "".join(
            f"## Part {part}\n\nParagraph {number}.{part} says something.\n\n"
            f"- item {number}.{part}\n\n"
            for part in range(5)
        )
        (docs / f"guide{number}.txt").write_text(f"# Guide {number}\n\n{sections}", "utf-8")
    notes = [
        {"id": "n1", "lang": "en", "text": "First note.\n\nSecond note.\n"},
        {"id": "n2", "lang": "zh-CN", "text": "第一条笔记。\n\n第二条笔记。\n"},
    ]
    lines = "".join(json.dumps(note, ensure_ascii=False) + "\n" for note in notes)
    (tmp_path / "notes.jsonl").write_text(lines, "utf-8")
    path = tmp_path / "recipe.yaml"
    path.write_text(RECIPE, encoding="utf-8")
    return load_recipe(path, builtin_registry())


def draw(recipe, **options):
    return sample_passages(recipe, builtin_registry(), **options)


def test_the_same_seed_draws_the_same_passages_and_another_seed_others(recipe):
    first = draw(recipe, count=5, seed=7)
    assert first == draw(recipe, count=5, seed=7)
    assert [p["id"] for p in first] != [p["id"] for p in draw(recipe, count=5, seed=8)]
    assert len(first) == 5
    assert all(p["pairs"] == [] for p in first)


def test_a_passage_keeps_its_headings_title_and_where_it_lies_in_its_document(recipe, tmp_path):
    passages = draw(recipe, count=30, seed=1)  # every paragraph there is
    assert len(passages) == 24
    by_id = {p["id"]: p for p in passages}
    passage = by_id["docs/guide2.txt#" + _span_of(tmp_path, "guide2.txt", "Paragraph 2.3")]
    assert passage["text"] == "Guide 2\n\nPart 3\n\nParagraph 2.3 says something."
    assert passage["context"] == {"title": "", "heading": ["Guide 2", "Part 3"]}
    assert passage["lang"] == "en"
    provenance = passage["provenance"]
    assert provenance["uri"] == provenance["input"] == "docs/guide2.txt"
    assert provenance["license"] == "CC0-1.0"
    start, end = provenance["span"]
    whole = (tmp_path / "docs" / "guide2.txt").read_text("utf-8")
    assert whole[start:end] == "Paragraph 2.3 says something."
    # Blocks are spans of the passage's own text: headings, then the paragraph.
    kinds = [(b["kind"], passage["text"][b["start"] : b["end"]]) for b in passage["blocks"]]
    assert kinds == [
        ("heading", "Guide 2"),
        ("heading", "Part 3"),
        ("paragraph", "Paragraph 2.3 says something."),
    ]
    # A source without blocks gives its blank-line paragraphs.
    notes = [p["text"] for p in passages if p["provenance"]["uri"].startswith("notes.jsonl")]
    assert sorted(notes) == ["First note.", "Second note.", "第一条笔记。", "第二条笔记。"]


def test_a_language_can_be_drawn_alone(recipe):
    chinese = draw(recipe, count=5, seed=2, languages=("zh",))
    assert [(p["lang"], p["text"]) for p in chinese] == [
        ("zh-CN", "第一条笔记。"),
        ("zh-CN", "第二条笔记。"),
    ]
    with pytest.raises(ZhilingError, match="no blocks of kind paragraph to draw in fr"):
        draw(recipe, count=5, seed=2, languages=("fr",))


def _span_of(tmp_path, name: str, words: str) -> str:
    text = (tmp_path / "docs" / name).read_text("utf-8")
    start = text.index(words)
    return f"{start}-{text.index(chr(10), start)}"


def test_other_kinds_and_following_blocks_can_be_drawn(recipe):
    (item,) = draw(recipe, count=1, seed=3, kinds=("list_item",))
    assert item["blocks"][-1]["kind"] == "list_item"
    (wider,) = draw(recipe, count=1, seed=3, blocks=2)
    assert [b["kind"] for b in wider["blocks"]][-2:] == ["paragraph", "list_item"]


def test_the_command_writes_jsonl_and_never_overwrites_labels(recipe, tmp_path, capsys):
    out = tmp_path / "label.jsonl"
    args = ["sample", str(recipe.path), "-n", "3", "--seed", "5", "-o", str(out)]
    assert main(args) == 0
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert lines == draw(recipe, count=3, seed=5)
    assert "wrote 3 passages" in capsys.readouterr().out
    assert main(args) == 1
    assert "already exists; it may hold labels" in capsys.readouterr().err


def test_bad_counts_are_refused(recipe):
    with pytest.raises(ZhilingError, match="-n must be at least 1"):
        draw(recipe, count=0, seed=1)


def test_paragraphs_of_plain_text():
    text = "one\n\n  two\nstill two  \n\n\nthree"
    assert [text[b["start"] : b["end"]] for b in paragraphs(text)] == [
        "one",
        "two\nstill two",
        "three",
    ]
