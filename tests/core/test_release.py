"""The quickstart release: loads with datasets, reruns byte for byte, never overwrites."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import datasets
import pytest
import yaml

from tests.conftest import QUICKSTART, build, quickstart_in
from zhiling import ReleaseError


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_every_config_and_split_loads_with_the_manifest_counts(quickstart):
    folder, result = quickstart
    configs = result.manifest["configs"]
    assert set(configs) == {"all", "en", "zh"}
    for config, splits in configs.items():
        assert set(splits) == {"train", "validation", "test"}
        for split, rows in splits.items():
            loaded = datasets.load_dataset(str(folder), config, split=split)
            assert loaded.num_rows == rows > 0
    assert sum(configs["all"].values()) == sum(configs["zh"].values()) + sum(configs["en"].values())


def test_rows_carry_provenance_and_chat_messages(quickstart):
    folder, _ = quickstart
    row = datasets.load_dataset(str(folder), "zh", split="train")[0]
    assert row["lang"] == "zh"
    assert row["license"] == "CC0-1.0"
    assert row["messages"] == [
        {"role": "user", "content": row["instruction"]},
        {"role": "assistant", "content": row["output"]},
    ]
    assert row["pattern"]["name"] == "purpose-method"
    # The URI is the input's path in the project, without the recipe's "../".
    assert row["source"]["uri"].startswith("tests/data/quickstart/zh/")
    source_text = (QUICKSTART.parents[1] / row["source"]["uri"]).read_text()
    start, end = row["source"]["spans"][0]
    assert row["output"].rstrip("。") in source_text[start:end]


def test_card_metadata_matches_the_shards(quickstart):
    folder, result = quickstart
    front = (folder / "README.md").read_text().split("---\n")[1]
    metadata = yaml.safe_load(front)
    assert [c["config_name"] for c in metadata["configs"] if c.get("default")] == ["all"]
    for info in metadata["dataset_info"]:
        counts = {s["name"]: s["num_examples"] for s in info["splits"]}
        assert counts == result.manifest["configs"][info["config_name"]]
    for config in metadata["configs"]:
        for files in config["data_files"]:
            assert all((folder / path).is_file() for path in files["path"])
    assert metadata["license"] == "cc0-1.0"
    assert metadata["size_categories"] == ["n<1K"]


def test_features_are_written_as_datasets_writes_them():
    from zhiling.card import features_yaml
    from zhiling.release import SCHEMA

    expected = datasets.Features.from_arrow_schema(SCHEMA)._to_yaml_list()
    assert features_yaml(SCHEMA) == expected


def test_manifest_records_recipe_plugins_sources_and_counts(quickstart):
    folder, result = quickstart
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest == json.loads(json.dumps(result.manifest))
    assert len(manifest["recipe"]["sha256"]) == 64
    assert manifest["plugins"]["zhiling"]
    assert "tests/data/quickstart/zh/files.txt" in manifest["sources"]
    steps = {step["step"].split(" ", 1)[1]: step for step in manifest["steps"]}
    assert steps["(filter 'stopword-ratio')"]["dropped"] == {"too_few_stopwords": 2}
    assert steps["(dedupe 'exact')"]["dropped"] == {"exact_duplicate": 2}
    for step in manifest["steps"]:
        assert (
            step["in"] - sum(step["dropped"].values()) <= step["out"] or "extract" in step["step"]
        )


def test_rebuild_is_byte_identical_and_reports_already_released(quickstart, tmp_path):
    folder, first = quickstart
    again = build(quickstart_in(tmp_path), tmp_path, workers=1)
    assert _files(tmp_path / "releases" / "quickstart" / "0.1.0") == _files(folder)
    repeat = build(quickstart_in(tmp_path), tmp_path, workers=1)
    assert "already released" in repeat.destinations[0]
    assert again.manifest["content_sha256"] == first.manifest["content_sha256"]


def test_keep_dropped_over_a_release_without_them_says_why_it_cannot(quickstart, tmp_path):
    folder, _ = quickstart
    target = tmp_path / "releases" / "quickstart" / "0.1.0"
    shutil.copytree(folder, target)
    with pytest.raises(ReleaseError, match="without dropped records, and a release is never"):
        build(quickstart_in(tmp_path), tmp_path, workers=1, keep_dropped=True)
    assert _files(target) == _files(folder)
    # A release that kept its dropped records is simply the same release again.
    shutil.rmtree(target)
    build(quickstart_in(tmp_path), tmp_path, workers=1, keep_dropped=True)
    kept = _files(target)
    again = build(quickstart_in(tmp_path), tmp_path, workers=1, keep_dropped=True)
    assert "already released" in again.destinations[0]
    assert _files(target) == kept
    assert kept["dropped/dropped.jsonl"]


def test_two_workers_give_the_same_release_as_one(quickstart, tmp_path):
    folder, _ = quickstart
    build(quickstart_in(tmp_path), tmp_path, workers=2)
    assert _files(tmp_path / "releases" / "quickstart" / "0.1.0") == _files(folder)


def test_a_different_build_of_the_same_version_is_refused(tmp_path):
    recipe = tmp_path / "recipe.yaml"
    text = (
        QUICKSTART.read_text()
        .replace("../tests/", f"{QUICKSTART.parent.parent}/tests/")
        .replace("../releases", "releases")
    )
    recipe.write_text(text)
    build(recipe, tmp_path, workers=1)
    recipe.write_text(text.replace("seed: 42", "seed: 7"))
    with pytest.raises(ReleaseError, match="never overwritten"):
        build(recipe, tmp_path, workers=1)
    assert sorted(p.name for p in (tmp_path / "releases" / "quickstart").iterdir()) == ["0.1.0"]


def test_release_policy_withholds_other_licences_and_languages(tmp_path):
    recipe = tmp_path / "recipe.yaml"
    text = (
        QUICKSTART.read_text()
        .replace("../tests/", f"{QUICKSTART.parent.parent}/tests/")
        .replace("../releases", "releases")
    )
    recipe.write_text(text.replace("allow: [CC0-1.0]", "allow: [CC0-1.0, MIT]") + "configs: [zh]\n")
    result = build(recipe, tmp_path, workers=1)
    (policy,) = [s for s in result.manifest["steps"] if s["step"].endswith("(release_policy)")]
    assert policy["dropped"] == {"language_not_configured": 51}
    assert set(result.manifest["configs"]) == {"all", "zh"}
    recipe.write_text(
        text.replace("license: CC0-1.0\n  - read", "license: MIT\n  - read", 1) + "configs: [zh]\n"
    )
    with pytest.raises(ReleaseError, match="would be empty") as failure:
        build(recipe, tmp_path, workers=1)
    assert "(release_policy): license_not_allowed 51, language_not_configured 51" in str(
        failure.value
    )
