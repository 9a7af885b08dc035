"""``zhiling diff``: records added, removed and changed between two releases."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhiling import ReleaseError
from zhiling.cli import main
from zhiling.diff import diff_releases, read_records
from zhiling.manager import make_plugin_manager
from zhiling.run import run_recipe

FILES_EN = "tests/data/quickstart/en/files.txt"


def build(recipe: Path, output: Path) -> Path:
    run_recipe(recipe, pm=make_plugin_manager(installed=False), workers=1, output=output)
    return output


@pytest.fixture
def two_releases(quickstart_project, tmp_path):
    """Build the quickstart, edit one English source in three ways, and build again."""
    old = build(quickstart_project, tmp_path / "old")
    source = quickstart_project.parents[1] / FILES_EN
    text = source.read_text(encoding="utf-8")
    edits = {
        "type the pwd command.": "type pwd and press Enter.",  # same question, new answer
        "To count the lines of a file, use the wc -l command.\n\n": "",  # removed
        "To unpack a tar.gz archive,": "To see the size of a directory, run du -sh.\n\n"
        "To unpack a tar.gz archive,",  # added
    }
    for before, after in edits.items():
        assert before in text
        text = text.replace(before, after)
    source.write_text(text, encoding="utf-8")
    return old, build(quickstart_project, tmp_path / "new")


def test_edits_are_reported_as_added_removed_and_changed(two_releases):
    old, new = two_releases
    diff = diff_releases(old, new)

    assert [row["instruction"] for row in diff.added] == ["How do I see the size of a directory?"]
    assert [row["instruction"] for row in diff.removed] == ["How do I count the lines of a file?"]
    [(before, after)] = diff.changed
    assert before["instruction"] == after["instruction"]
    assert "print the directory" in after["instruction"]
    assert "pwd and press Enter" in after["output"]
    uri = after["source"]["uri"]
    assert uri == "tests/data/quickstart/en/files.txt"
    assert diff.per_source() == {uri: {"added": 1, "removed": 1, "changed": 1}}
    # The other records of the edited document kept their text under new ids.
    same_document = [r for r in read_records(old).values() if r["source"]["uri"] == uri]
    assert diff.moved == len(same_document) - 2


def test_a_release_against_itself_has_no_differences(quickstart_release):
    diff = diff_releases(quickstart_release, quickstart_release)
    assert (diff.added, diff.removed, diff.changed, diff.moved) == ([], [], [], 0)


def test_records_in_two_configs_are_read_once(quickstart_release):
    records = read_records(quickstart_release)
    languages = {lang: sum(r["lang"] == lang for r in records.values()) for lang in ("zh", "en")}
    assert len(records) == languages["zh"] + languages["en"]


def test_the_cli_prints_counts_per_source_and_examples(two_releases, capsys):
    old, new = two_releases
    assert main(["diff", str(old), str(new), "--show", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("added 1, removed 1, changed 1")
    assert "en/files.txt: +1 -1 ~1" in out
    assert "~ " in out
    assert "(output changed)" in out


def test_a_folder_without_manifest_is_a_clear_error(tmp_path):
    with pytest.raises(ReleaseError, match=r"manifest\.json"):
        diff_releases(tmp_path, tmp_path)
