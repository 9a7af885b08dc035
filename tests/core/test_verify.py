"""``zhiling verify``: rebuild a release from its recipe and inputs, then compare."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from zhiling import ReleaseError, hookimpl
from zhiling.cli import main
from zhiling.manager import make_plugin_manager
from zhiling.run import run_recipe
from zhiling.verify import first_step_difference, verify_release

QUICKSTART = Path(__file__).resolve().parents[2] / "recipes" / "quickstart.yaml"


def verify(release: Path, recipe: Path | None = QUICKSTART):
    return verify_release(release, recipe, pm=make_plugin_manager(installed=False), workers=1)


def build(recipe: Path, output: Path) -> Path:
    run_recipe(recipe, pm=make_plugin_manager(installed=False), workers=1, output=output)
    return output


def test_the_quickstart_release_rebuilds_byte_for_byte(quickstart_release):
    result = verify(quickstart_release)
    assert result.identical, result.summary()
    assert result.changes == []
    assert result.step is None
    assert result.summary().startswith("identical")


def test_a_tampered_shard_is_named(release_copy):
    shard = release_copy / "zh" / "train-00000-of-00001.parquet"
    pq.write_table(pq.read_table(shard).slice(1), shard, compression="zstd")

    result = verify(release_copy)

    assert not result.identical
    assert result.files == ["zh/train-00000-of-00001.parquet"]
    assert result.step is None
    assert "first file that differs: zh/train-00000-of-00001.parquet" in result.summary()


def test_an_edited_input_names_the_first_step_that_changed(quickstart_project, tmp_path):
    release = build(quickstart_project, tmp_path / "release")
    source = quickstart_project.parents[1] / "tests/data/quickstart/en/files.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("To count the lines of a file, use the wc -l command.\n", ""))

    result = verify(release, quickstart_project)

    assert result.changes == ["input tests/data/quickstart/en/files.txt checksum differs"]
    # Same number of documents, but one of them has other text, so another id.
    assert result.step == "0 (read): 10 in, 10 out both times, but other records came out"
    assert result.files[0].endswith(".parquet")


class FewerStopwords:
    """A plugin that answers the stop-word look-up for English with a shorter list."""

    @hookimpl
    def stopwords_for_language(self, language):
        return frozenset({"the", "a"}) if language == "en" else None


def test_a_plugin_that_behaves_differently_names_its_step(quickstart_release):
    pm = make_plugin_manager(installed=False)
    pm.register(FewerStopwords(), name="fewer-stopwords")

    result = verify_release(quickstart_release, QUICKSTART, pm=pm, workers=1)

    assert result.changes == []
    assert result.step.startswith("3 (filter 'stopword-ratio'): 10 in, 8 out")
    assert "first step whose output differs: 3 (filter" in result.summary()


def test_equal_counts_with_other_records_are_a_difference():
    step = {"step": "2 (x)", "in": 5, "out": 4, "dropped": {"short": 1}, "fingerprint": "01"}
    assert first_step_difference([step], [step]) is None
    other = {**step, "fingerprint": "02"}
    assert first_step_difference([step, step], [other, step]) == (
        "2 (x): 5 in, 4 out (dropped short 1) both times, but other records came out"
    )
    fewer = {**step, "out": 3, "dropped": {"short": 2}}
    assert first_step_difference([step], [fewer]) == (
        "2 (x): 5 in, 4 out (dropped short 1) in the release, 5 in, 3 out (dropped short 2) rebuilt"
    )


def test_another_recipe_is_refused(quickstart_project, tmp_path):
    release = build(quickstart_project, tmp_path / "release")
    text = quickstart_project.read_text(encoding="utf-8")
    quickstart_project.write_text(text.replace("min_ratio: 0.15", "min_ratio: 0.2"))
    with pytest.raises(ReleaseError, match="is not the recipe that built"):
        verify(release, quickstart_project)


def test_the_cli_finds_the_recipe_by_its_recorded_name(release_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ReleaseError, match="pass it with --recipe"):
        verify(release_copy, None)
    monkeypatch.chdir(QUICKSTART.parents[1])
    assert main(["-q", "verify", str(release_copy), "--workers", "1"]) == 0


def test_a_recipe_run_from_another_folder_releases_beside_it_and_verifies_there(
    quickstart_project, tmp_path, monkeypatch
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["-q", "run", str(quickstart_project), "--workers", "1"]) == 0
    project = quickstart_project.parents[1]
    # recipes/quickstart.yaml says "path: ../releases": beside recipes/, whatever the cwd.
    release = project / "releases" / "quickstart" / "0.1.0"
    assert (release / "manifest.json").is_file()
    assert list(elsewhere.iterdir()) == []
    # verify finds recipes/quickstart.yaml from the release, not from the cwd.
    assert main(["-q", "verify", str(release), "--workers", "1"]) == 0
