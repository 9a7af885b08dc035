"""Per-licence shards: opt-in, one licence per file, card metadata still exact."""

from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from datasets import load_dataset

from zhiling import RecipeError
from zhiling.card import hub_metadata
from zhiling.manager import make_plugin_manager
from zhiling.recipe import load_recipe
from zhiling.registry import Registry
from zhiling.release import ReleaseWriter, license_slug
from zhiling.run import run_recipe

LICENSES = ["GPL-2.0-or-later", "GFDL-1.2-or-later", "MPL-2.0", "LicenseRef-Debian-FAQ"]


def records(count=40):
    for i in range(count):
        lang = "zh" if i % 2 else "en"
        yield {
            "id": f"r{i:03d}",
            "instruction": f"How do I do thing {i}?",
            "output": f"Run thing {i}.",
            "lang": lang,
            "license": LICENSES[i % len(LICENSES)],
        }


def write(tmp_path, by_license):
    work = tmp_path / f"work-{by_license}"
    work.mkdir()
    writer = ReleaseWriter(
        work, seed=1, fractions={"train": 0.8, "test": 0.2}, by_license=by_license
    )
    writer.add_all(records())
    out = tmp_path / f"release-{by_license}"
    return writer.finish(out), out


def test_each_shard_holds_one_licence_and_names_it(tmp_path):
    (shards, _), out = write(tmp_path, by_license=True)
    for shard in shards:
        column = pq.read_table(out / shard.path, columns=["license"]).column("license")
        assert set(column.to_pylist()) == {shard.license}
        assert f"-{license_slug(shard.license)}-00000-of-00001.parquet" in shard.path
    assert {s.license for s in shards if s.config == "all"} == set(LICENSES)
    assert sum(s.rows for s in shards if s.config == "all") == 40


def test_without_the_option_the_layout_is_unchanged(tmp_path):
    (shards, digest), _ = write(tmp_path, by_license=False)
    assert {s.path for s in shards if s.config == "en"} == {
        "en/train-00000-of-00001.parquet",
        "en/test-00000-of-00001.parquet",
    }
    (_, split_digest), _ = write(tmp_path, by_license=True)
    assert digest != split_digest  # the licence groups are part of the content hash


def test_card_metadata_lists_every_licence_shard_and_loads(tmp_path):
    (shards, _), out = write(tmp_path, by_license=True)
    metadata = hub_metadata(pretty_name="t", shards=shards, licenses=LICENSES, task_categories=())
    zh = next(c for c in metadata["configs"] if c["config_name"] == "zh")
    listed = sorted(path for files in zh["data_files"] for path in files["path"])
    assert listed == sorted(s.path for s in shards if s.config == "zh")
    info = next(i for i in metadata["dataset_info"] if i["config_name"] == "zh")
    card = "---\n" + yaml.safe_dump(metadata, sort_keys=False, allow_unicode=True) + "---\n"
    (out / "README.md").write_text(card, encoding="utf-8")
    for split in info["splits"]:
        loaded = load_dataset(str(out), "zh", split=split["name"])
        assert loaded.num_rows == split["num_examples"]


def test_recipe_key_must_be_a_boolean(tmp_path):
    recipe = tmp_path / "r.yaml"
    (tmp_path / "a.txt").write_text("To quit, press q.\n")
    base = "name: t\nversion: '1.0'\nsources:\n  - read: text-files\n    paths: [a.txt]\n"
    base += "    license: CC0-1.0\n"
    registry = Registry(make_plugin_manager(installed=False))
    recipe.write_text(base + "shard_by_license: yes please\n")
    with pytest.raises(RecipeError, match=r"r\.yaml:\d+: 'shard_by_license' must be true or false"):
        load_recipe(recipe, registry)
    recipe.write_text(base + "shard_by_license: true\n")
    assert load_recipe(recipe, registry).shard_by_license is True


def test_a_run_with_the_option_writes_licence_named_shards(tmp_path, monkeypatch):
    data = Path(__file__).parents[1] / "data" / "quickstart"
    recipe = tmp_path / "r.yaml"
    recipe.write_text(
        "name: t\nversion: '1.0'\nshard_by_license: true\nsources:\n"
        f"  - read: text-files\n    paths: ['{data}/en/*.txt']\n    lang: en\n"
        "    license: CC0-1.0\nsteps:\n  - extract: purpose-method\n"
    )
    monkeypatch.chdir(tmp_path)
    result = run_recipe(recipe, pm=make_plugin_manager(installed=False))
    assert result.manifest["files"]
    assert all("-cc0-1.0-" in path for path in result.manifest["files"])
