"""The committed debian-instruct card is exactly what the build renders from its manifest.

Rebuilding the dataset takes packages from the network, so the test renders the
card from the committed ``manifest.json`` and ``report.json`` (written by the same
build) instead.
"""

import json
import re
from pathlib import Path

import pytest
import yaml

from zhiling import CardContext
from zhiling.card import read_template
from zhiling.manager import make_plugin_manager
from zhiling.plugins.cards.template import render
from zhiling.recipe import load_recipe
from zhiling.registry import Registry
from zhiling.release import license_slug

ROOT = Path(__file__).parents[2]
# {config}/{split}-{licence}-{index}-of-{count}.parquet; split names have no hyphen.
SHARD = re.compile(r"[^/]+/[^-/]+-(?P<slug>.+)-\d{5}-of-\d{5}\.parquet")
CARD = ROOT / "dataset_card" / "debian-instruct"


@pytest.fixture(scope="module")
def built():
    readme = (CARD / "README.md").read_text(encoding="utf-8")
    manifest = json.loads((CARD / "manifest.json").read_text(encoding="utf-8"))
    _, front, _ = readme.split("---\n", 2)
    return readme, manifest, yaml.safe_load(front)


@pytest.fixture(scope="module")
def report():
    return json.loads((CARD / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def recipe():
    registry = Registry(make_plugin_manager(installed=False))
    return load_recipe(ROOT / "recipes" / "debian-instruct.yaml", registry)


def test_committed_card_comes_from_the_current_recipe(built, recipe):
    _, manifest, _ = built
    assert manifest["recipe"]["sha256"] == recipe.sha256, (
        "recipes/debian-instruct.yaml changed since the card was built: run `make dataset-card`"
    )


def in_build_order(manifest, recipe):
    """Return ``manifest`` with configs and splits in the order the build holds them.

    ``manifest.json`` is written with sorted keys; during the build, configs come
    in shard order (languages, then ``all``) and splits in recipe order.
    """
    configs = manifest["configs"]
    ordered = {
        name: {split: configs[name][split] for split in recipe.splits if split in configs[name]}
        for name in sorted(configs, key=lambda name: (name == "all", name))
    }
    return {**manifest, "configs": ordered}


def test_committed_card_is_what_the_template_renders(built, report, recipe):
    readme, manifest, metadata = built
    manifest = in_build_order(manifest, recipe)
    context = CardContext(
        name=manifest["name"],
        version=manifest["version"],
        pretty_name=recipe.pretty_name,
        description=recipe.description,
        template=read_template(recipe.card),
        metadata=metadata,
        manifest=manifest,
        report=report,
    )
    assert render(context) == readme


def test_card_metadata_matches_the_manifest_files_and_counts(built):
    _, manifest, metadata = built
    for config in metadata["configs"]:
        name = config["config_name"]
        listed = sorted(path for files in config["data_files"] for path in files["path"])
        assert listed == sorted(p for p in manifest["files"] if p.startswith(f"{name}/"))
    for info in metadata["dataset_info"]:
        counts = {s["name"]: s["num_examples"] for s in info["splits"]}
        assert counts == manifest["configs"][info["config_name"]]
    assert sorted(metadata["language"]) == ["en", "zh"]


def test_charts_the_card_shows_are_committed(report):
    assert report["charts"]
    for path in report["charts"].values():
        assert (CARD / path).is_file(), path


def test_no_shard_mixes_licences(built):
    _, manifest, _ = built
    slugs = {license_slug(spdx) for spdx in manifest["licenses"]}
    for path in manifest["files"]:
        named = SHARD.fullmatch(path)
        assert named, path
        assert named["slug"] in slugs, path
