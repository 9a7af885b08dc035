"""The offline card check: what the Hub and ``load_dataset`` would reject, found before upload."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from zhiling import ReleaseError, check_release
from zhiling.card_check import read_front_matter, release_problems
from zhiling.cli import main


def edit_card(release: Path, change) -> None:
    """Rewrite the card's front matter with ``change(metadata)`` applied."""
    readme = release / "README.md"
    body = readme.read_text(encoding="utf-8").split("---\n", 2)[2]
    metadata = read_front_matter(readme)
    change(metadata)
    front = yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True)
    readme.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def test_the_quickstart_card_agrees_with_its_files(quickstart_release, capsys):
    assert release_problems(quickstart_release) == []
    check_release(quickstart_release)
    assert main(["check-card", str(quickstart_release)]) == 0
    assert "agrees" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda m: m.update(license="not-a-licence"), "license 'not-a-licence' is no Hub"),
        (lambda m: m.update(license=["cc0-1.0", "GPL-3.0"]), "license 'GPL-3.0' is no Hub"),
        (lambda m: m.update(language=["zh", "zh-cn"]), "language 'zh-cn' is no ISO 639"),
        (lambda m: m.update(language=["zho", "qqq"]), "language 'qqq' is no ISO 639"),
        (lambda m: m.update(size_categories=["1K<n<10K"]), "which is 'n<1K'"),
        (lambda m: m["configs"][1].update(default=True), "2 configs are marked default"),
        (lambda m: m["configs"][0].pop("default"), "0 configs are marked default"),
        (lambda m: m["configs"].pop(), "zh/train-00000-of-00001.parquet belongs to no config"),
        (
            lambda m: m["configs"][2]["data_files"][0].update(path="zh/train-*-of-00002.parquet"),
            "config 'zh' split 'train': no file matches",
        ),
        (
            lambda m: m["dataset_info"][2]["splits"][0].update(num_examples=1),
            "dataset_info 'zh' split 'train' says 1 examples",
        ),
        (
            lambda m: m["dataset_info"].append({"config_name": "fr"}),
            "describes config 'fr', which configs lacks",
        ),
        (lambda m: m.update(license="other"), "lists 'other' but license_name is missing"),
        (
            lambda m: m.update(license=["cc0-1.0", "other"], license_name="x"),
            "lists 'other' but license_link is missing",
        ),
        # Plain YAML reads this; huggingface_hub, as the Hub does, refuses a key that is no text.
        (lambda m: m.update({2024: "year"}), "DatasetCard cannot read the card: TypeError"),
    ],
)
def test_each_mistake_is_named(release_copy, change, problem):
    edit_card(release_copy, change)
    problems = release_problems(release_copy)
    assert any(problem in line for line in problems), problems
    with pytest.raises(ReleaseError, match="card metadata is wrong"):
        check_release(release_copy)


def test_row_counts_come_from_the_parquet_footers(release_copy):
    shard = release_copy / "zh" / "train-00000-of-00001.parquet"
    table = pq.read_table(shard)
    pq.write_table(table.slice(0, table.num_rows - 2), shard)
    problems = release_problems(release_copy)
    rows = table.num_rows
    assert (
        f"dataset_info 'zh' split 'train' says {rows} examples; its files hold {rows - 2} rows"
        in problems
    )
    assert any(
        line.startswith("manifest.json lists zh/train-00000-of-00001.parquet") for line in problems
    )


def test_a_stray_shard_is_no_config_of_any(release_copy):
    shutil.copy(release_copy / "zh/test-00000-of-00001.parquet", release_copy / "zh/extra.parquet")
    assert release_problems(release_copy) == [
        "zh/extra.parquet belongs to no config",
        "zh/extra.parquet is not listed in manifest.json; remove it or rebuild the release",
    ]


def test_a_card_without_front_matter_is_refused(release_copy):
    (release_copy / "README.md").write_text("# no metadata\n", encoding="utf-8")
    with pytest.raises(ReleaseError, match="no '---' YAML front matter"):
        check_release(release_copy)


def test_the_manifest_is_compared_when_present(release_copy):
    manifest = json.loads((release_copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["en/train-00000-of-00001.parquet"] += 1
    (release_copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    [problem] = release_problems(release_copy)
    assert problem.startswith("manifest.json lists en/train-00000-of-00001.parquet")


@pytest.mark.parametrize(
    "data_files",
    [
        "zh/*.parquet",
        ["zh/train-00000-of-00001.parquet", "zh/test-*.parquet", "zh/validation-*"],
        {"train": "zh/train-*", "test": ["zh/test-*", "zh/validation-*"]},
    ],
)
def test_every_form_of_data_files_is_understood(release_copy, data_files):
    def one_config(metadata):
        metadata["configs"] = [{"config_name": "zh", "data_files": data_files}]
        metadata.pop("dataset_info")

    edit_card(release_copy, one_config)
    for folder in ("all", "en"):
        shutil.rmtree(release_copy / folder)
    (release_copy / "manifest.json").unlink()
    assert release_problems(release_copy) == []
    (release_copy / "zh").rename(release_copy / "zh-old")
    problems = release_problems(release_copy)
    assert any(problem.startswith("config 'zh' split 'train': no file") for problem in problems)
    assert "zh-old/test-00000-of-00001.parquet belongs to no config" in problems
