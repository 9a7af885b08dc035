"""Running recipes: failures name their step, plugin and record; bad input is dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import working_directory
from zhiling import RecipeError, StepError, hookimpl
from zhiling.manager import make_plugin_manager
from zhiling.run import run_recipe

RECIPE = """\
name: tiny
version: "1.0"
sources:
  - read: text-files
    paths: [docs/*]
    license: CC0-1.0
steps:
  - segment: regex-words
  - segment: jieba
{extra}  - extract: purpose-method
"""


def _corpus(tmp_path: Path, extra: str = "") -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("To list the files of a folder, run ls with the folder name.\n")
    (docs / "b.txt").write_text("要查看磁盘的剩余空间，请运行 df -h 命令。\n", encoding="utf-8")
    (docs / "c.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (docs / "d.txt").write_bytes("To stop a service, run systemctl stop.".encode("utf-16"))
    (docs / "e.txt").write_bytes(b"To see the date, run date.\n\xff\xfe broken")
    recipe = tmp_path / "tiny.yaml"
    recipe.write_text(RECIPE.format(extra=extra))
    return recipe


class Explodes:
    """A filter that fails on the Chinese document, to test error reporting."""

    def reason_to_drop(self, record):
        if record.get("lang") == "zh":
            raise ValueError("cannot handle this one")
        return None


class ExplodingPlugin:
    @hookimpl
    def register_filters(self, register):
        register("explodes", Explodes)


def test_binary_and_non_utf8_files_are_dropped_with_reasons(tmp_path):
    recipe = _corpus(tmp_path)
    with working_directory(tmp_path):
        result = run_recipe(
            recipe, pm=make_plugin_manager(installed=False), workers=1, keep_dropped=True
        )
    read = result.manifest["steps"][0]
    assert read["in"] == 5
    assert read["out"] == 2
    assert read["dropped"] == {"binary_content": 2, "not_utf8": 1}
    dropped = tmp_path / "releases/tiny/1.0/dropped/dropped.jsonl"
    reasons = sorted(
        (json.loads(line)["record"]["meta"]["source"], json.loads(line)["reason"])
        for line in dropped.read_text().splitlines()
    )
    assert ("docs/c.bin", "binary_content") in reasons
    assert ("docs/e.txt", "not_utf8") in reasons
    assert result.manifest["configs"]["all"] == {"train": 2}


def test_a_raising_plugin_names_step_plugin_and_record_and_leaves_no_release(tmp_path):
    recipe = _corpus(tmp_path, extra="  - filter: explodes\n")
    pm = make_plugin_manager(installed=False)
    pm.register(ExplodingPlugin(), name="exploding-test-plugin")
    with working_directory(tmp_path), pytest.raises(StepError) as failure:
        run_recipe(recipe, pm=pm, workers=1)
    message = str(failure.value)
    assert "step 3 (filter 'explodes')" in message
    assert "plugin 'exploding-test-plugin'" in message
    assert "ValueError: cannot handle this one" in message
    from zhiling import document_id

    text = (tmp_path / "docs/b.txt").read_text(encoding="utf-8")
    assert repr(document_id("docs/b.txt", text)) in message
    assert not (tmp_path / "releases").exists()


def test_a_document_without_words_is_a_clear_step_error(tmp_path):
    recipe = _corpus(tmp_path)
    recipe.write_text(
        recipe.read_text().replace(
            "  - segment: regex-words\n  - segment: jieba\n", "  - filter: stopword-ratio\n"
        )
    )
    with working_directory(tmp_path), pytest.raises(StepError, match="add a '- segment:' step"):
        run_recipe(recipe, pm=make_plugin_manager(installed=False), workers=1)


def test_jsonl_lines_that_are_not_documents_are_dropped(tmp_path):
    data = tmp_path / "docs.jsonl"
    data.write_text(
        '{"text": "To print the date, run date.", "lang": "en"}\nnot json\n{"body": "wrong key"}\n'
    )
    recipe = tmp_path / "j.yaml"
    recipe.write_text(
        'name: j\nversion: "1.0"\nsources:\n  - read: jsonl\n    paths: [docs.jsonl]\n'
        "    license: CC0-1.0\nsteps:\n  - extract: purpose-method\n"
    )
    with working_directory(tmp_path):
        result = run_recipe(recipe, pm=make_plugin_manager(installed=False), workers=1)
    assert result.manifest["steps"][0]["dropped"] == {"invalid_json": 1, "no_text": 1}
    assert result.manifest["configs"]["en"] == {"train": 1}


def test_a_source_matching_no_file_names_the_recipe_line(tmp_path):
    recipe = _corpus(tmp_path)
    recipe.write_text(recipe.read_text().replace("docs/*", "nowhere/*.txt"))
    with working_directory(tmp_path), pytest.raises(RecipeError) as failure:
        run_recipe(recipe, pm=make_plugin_manager(installed=False), workers=1)
    assert str(failure.value).startswith(f"{recipe}:4: source read 'text-files': no file matches")
