"""``zhiling extract``: a recipe's per-record steps on one file, records shown with their spans."""

from __future__ import annotations

import io
import json

import pytest

from zhiling.cli import main
from zhiling.plugins.extractors.purpose_method import PurposeMethod
from zhiling.preview import _Style, excerpt, parse_options, source_options, wants_color
from zhiling.recipe import load_recipe
from zhiling.testing import builtin_registry

RECIPE = """\
name: preview
version: 1.0.0
sources:
  - read: text-files
    paths: [zh/*.txt]
    lang: zh
    license: CC0-1.0
  - read: text-files
    paths: [en/*.txt]
    lang: en
    license: CC0-1.0
steps:
  - segment: jieba
  - segment: regex-words
  - filter: stopword-ratio
    min_ratio: 0.2
  - extract: purpose-method
  - dedupe: exact
"""
GUIDE = (
    "# Frames\n\n"
    "Frames hold text. To delete a frame, click the border of the frame, and then press Delete.\n\n"
    "cheap phones best price buy now\n\n"
    "To delete a frame, click the border of the frame, and then press Delete.\n"
)


@pytest.fixture
def recipe(tmp_path):
    path = tmp_path / "recipe.yaml"
    path.write_text(RECIPE, encoding="utf-8")
    return path


def extract(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["extract", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_each_record_is_shown_with_its_pattern_and_marked_source(tmp_path, recipe, capsys):
    sample = tmp_path / "guide.txt"
    sample.write_text(GUIDE, encoding="utf-8")
    code, out, err = extract(capsys, "--recipe", str(recipe), str(sample))
    assert code == 0, err
    assert f"1. purpose-method {PurposeMethod.version}  guide.txt [" in out
    assert "  instruction: How do I delete a frame?" in out
    assert (
        "    │ Frames hold text. [[To delete a frame, click the border of the frame, "
        "and then press Delete.]]"
    ) in out
    # Deduplication is not run: the repeated sentence is shown twice.
    assert "2 records (purpose-method 2), 0 dropped; read with source 'text-files'" in out


def test_records_a_step_drops_are_listed_with_the_reason(tmp_path, recipe, capsys):
    noise = tmp_path / "noise.txt"
    noise.write_text("cheap phones best price buy now\n", encoding="utf-8")
    code, out, _err = extract(capsys, "--recipe", str(recipe), str(noise), "--lang", "en")
    assert code == 0
    assert "dropped by 3 (filter 'stopword-ratio'): too_few_stopwords: noise.txt (record " in out
    assert out.endswith("0 records (none), 1 dropped; read with source 'text-files'\n")


def test_many_drops_of_one_reason_are_listed_up_to_a_limit(tmp_path, recipe, capsys):
    lines = [{"text": f"cheap phones {n} best price", "lang": "en"} for n in range(12)]
    noise = tmp_path / "noise.jsonl"
    noise.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code, out, _err = extract(capsys, "--recipe", str(recipe), str(noise))
    assert code == 0
    listed = [line for line in out.splitlines() if line.startswith("dropped by")]
    assert len(listed) == 11
    assert listed[-1] == "dropped by 3 (filter 'stopword-ratio'): too_few_stopwords: 2 more"
    assert out.endswith("0 records (none), 12 dropped; read with source 'jsonl'\n")


def test_jsonl_files_are_read_by_the_jsonl_source_with_options(tmp_path, recipe, capsys):
    sample = tmp_path / "pages.jsonl"
    lines = [
        {"body": "要删除文件，请运行 rm 命令。这是一个常用的命令。", "lang": "zh"},
        {"body": "To print the working directory, type pwd and the name.", "lang": "en"},
    ]
    sample.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    code, out, err = extract(
        capsys, "--recipe", str(recipe), str(sample), "--option", "text_key=body"
    )
    assert code == 0, err
    assert "instruction: 如何删除文件？" in out
    assert "instruction: How do I print the working directory?" in out
    assert "    │ [[要删除文件，请运行 rm 命令。]]这是一个常用的命令。" in out
    assert "read with source 'jsonl'" in out


def test_colour_marks_spans_with_ansi_escapes(tmp_path, recipe, capsys):
    sample = tmp_path / "guide.txt"
    sample.write_text(GUIDE, encoding="utf-8")
    code, out, _err = extract(capsys, "--recipe", str(recipe), str(sample), "--color", "always")
    assert code == 0
    assert "\033[1;33mTo delete a frame" in out
    assert "[[" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--source", "html-page"],
            "--source: read 'html-page' is not installed; did you mean 'html-files'? (known: ",
        ),
        (["--source", "pdf"], "--source: read 'pdf' is not installed (known: "),
        (["--option", "encoding=latin-1"], "source 'text-files' has no option 'encoding'"),
        (["--option", "novalue"], "--option 'novalue' is not KEY=VALUE"),
    ],
)
def test_bad_arguments_are_one_error_line(tmp_path, recipe, capsys, args, message):
    sample = tmp_path / "guide.txt"
    sample.write_text(GUIDE, encoding="utf-8")
    code, _out, err = extract(capsys, "--recipe", str(recipe), str(sample), *args)
    assert code == 1
    (line,) = err.splitlines()
    assert line.startswith("Error: ")
    assert message in line


def test_a_file_no_source_is_chosen_for_asks_for_one(tmp_path, capsys):
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(
        RECIPE.replace(
            "  - read: text-files\n    paths: [en/*.txt]",
            "  - read: jsonl\n    paths: [en/*.jsonl]",
        ),
        encoding="utf-8",
    )
    page = tmp_path / "page.xml"
    page.write_text("<p>To list files, run ls.</p>", encoding="utf-8")
    code, _out, err = extract(capsys, "--recipe", str(recipe), str(page))
    assert code == 1
    assert "no default source reads .xml files; pass --source NAME (installed: " in err
    code, out, err = extract(
        capsys, "--recipe", str(recipe), str(page), "--source", "text-files", "--lang", "en"
    )
    assert code == 0, err
    assert "read with source 'text-files'" in out


def test_excerpt_shows_whole_lines_and_joins_near_spans():
    text = "intro\nTo go, run it.\nthen this\nfar\naway\nend line here\n"
    spans = [(6, 11), (text.index("it."), text.index("it.") + 3)]
    spans.append((text.index("line"), text.index("line") + 4))
    assert excerpt(text, spans, _Style(color=False)) == [
        "[[To go]], run [[it.]]",
        "…",
        "end [[line]] here",
    ]
    blank_between = "# Q?\n\nAnswer.\n"
    assert excerpt(blank_between, [(0, 4), (6, 13)], _Style(color=False)) == [
        "[[# Q?]]",
        "",
        "[[Answer.]]",
    ]
    two_lines = [(text.index("run"), text.index("then") + 4)]
    assert excerpt(text, two_lines, _Style(color=False)) == ["To go, [[run it.]]", "[[then]] this"]


def test_the_file_is_read_with_the_options_the_recipes_uses_share(recipe):
    registry = builtin_registry()
    loaded = load_recipe(recipe, registry)
    # Both text-files uses set the licence; they disagree on the language, so it is guessed.
    assert source_options(loaded, registry, "text-files", {}) == {"license": "CC0-1.0"}
    given = {"lang": "en", "license": "MIT"}
    assert source_options(loaded, registry, "text-files", given) == given
    assert source_options(loaded, registry, "jsonl", {}) == {"license": "NOASSERTION"}


def test_options_are_read_as_yaml():
    assert parse_options(["text_key=body", "limit=3", "langs=[zh, en]"]) == {
        "text_key": "body",
        "limit": 3,
        "langs": ["zh", "en"],
    }


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_is_used_on_a_terminal_unless_no_color_is_set(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert wants_color("auto", Terminal())
    assert not wants_color("auto", io.StringIO())
    assert wants_color("always", io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_color("auto", Terminal())


def test_without_an_extract_step_the_documents_that_pass_are_listed(tmp_path, capsys):
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(RECIPE.split("  - extract:")[0], encoding="utf-8")
    sample = tmp_path / "notes[1].txt"
    sample.write_text(GUIDE, encoding="utf-8")
    code, out, err = extract(capsys, "--recipe", str(recipe), str(sample))
    assert code == 0, err
    assert out.startswith("1. kept: notes[1].txt (record ")
    assert "1 record (no pattern 1), 0 dropped" in out
