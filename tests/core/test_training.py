import json

import pytest

from zhiling import RecipeError, ReleaseError
from zhiling.manager import make_plugin_manager
from zhiling.recipe import load_recipe
from zhiling.registry import Registry
from zhiling.training import default_output, train_release


def test_a_folder_without_manifest_is_not_a_release(tmp_path):
    with pytest.raises(ReleaseError, match=r"no manifest\.json"):
        train_release(tmp_path, options={"from_config": "tiny"})


def test_an_existing_output_is_never_overwritten(tmp_path):
    release = tmp_path / "demo" / "1.0.0"
    release.mkdir(parents=True)
    (release / "manifest.json").write_text(json.dumps({"name": "demo"}), encoding="utf-8")
    default_output(release).mkdir()
    (default_output(release) / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ReleaseError, match="exists"):
        train_release(
            release, options={"from_config": "tiny"}, pm=make_plugin_manager(installed=False)
        )
    assert (default_output(release) / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert default_output(release).name == "1.0.0-reference"


def test_bad_trainer_options_fail_when_the_recipe_is_checked(tmp_path):
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    recipe = tmp_path / "r.yaml"
    recipe.write_text(
        "name: r\nversion: '1.0'\nsources:\n  - read: text-files\n    paths: [a.txt]\n"
        "    lang: en\n    license: CC0-1.0\ntrain:\n  use: sft\n  from_config: huge\n",
        encoding="utf-8",
    )
    with pytest.raises(RecipeError, match=r"r\.yaml:9.*tiny, small"):
        load_recipe(recipe, Registry(make_plugin_manager(installed=False)))
