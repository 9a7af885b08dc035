"""Recipe checking: every mistake names file:line and suggests the fix, before data is read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import QUICKSTART, REPO
from zhiling import RecipeError
from zhiling.cli import main
from zhiling.manager import make_plugin_manager
from zhiling.recipe import load_recipe
from zhiling.registry import Registry


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = (
        QUICKSTART.read_text()
        .replace("../tests/", f"{REPO}/tests/")
        .replace("../releases", "releases")
    )
    assert old in text
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new, 1))
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.mark.parametrize(
    ("old", "new", "needle", "expected"),
    [
        (
            "- filter: stopword-ratio",
            "- filter: stopword-ration",
            "stopword-ration",
            "filter 'stopword-ration' is not installed; did you mean 'stopword-ratio'?",
        ),
        (
            "min_ratio: 0.15",
            "min_ration: 0.15",
            "min_ration",
            "has no option 'min_ration'; did you mean 'min_ratio'?",
        ),
        ("splits:", "split:", "split:", "unknown key 'split' in recipe; did you mean 'splits'?"),
        (
            "- extract: purpose-method",
            "- extrakt: purpose-method",
            "extrakt",
            "did you mean 'extract'?",
        ),
        ("- read: text-files\n", "- read: txt-files\n", "txt-files", "did you mean 'text-files'?"),
    ],
)
def test_check_names_file_line_and_a_suggestion(tmp_path, capsys, old, new, needle, expected):
    path = _broken(tmp_path, old, new)
    assert main(["check", str(path)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"Error: {path}:{_line_of(path, needle)}: ")
    assert expected in error
    assert error.count("\n") == 1


def test_a_missing_required_option_is_named(tmp_path):
    path = _broken(tmp_path, "    license: CC0-1.0\n", "")
    with pytest.raises(RecipeError, match="read 'text-files' needs option 'license'"):
        load_recipe(path, Registry(make_plugin_manager(installed=False)))


def test_split_fractions_must_add_up(tmp_path):
    path = _broken(tmp_path, "test: 0.1", "test: 0.3")
    with pytest.raises(RecipeError, match=r"broken.yaml:\d+: split fractions must .* add up to 1"):
        load_recipe(path, Registry(make_plugin_manager(installed=False)))


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nversion: 1.0\nsources: [\n")
    with pytest.raises(RecipeError, match=r"bad.yaml:\d+: not valid YAML"):
        load_recipe(path, Registry(make_plugin_manager(installed=False)))


def test_options_are_checked_by_building_the_component(tmp_path):
    path = _broken(tmp_path, "min_ratio: 0.15", "min_ratio: 3")
    with pytest.raises(RecipeError, match="min_ratio must be between 0 and 1"):
        load_recipe(path, Registry(make_plugin_manager(installed=False)))


@pytest.mark.parametrize("recipe", sorted((REPO / "recipes").glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_recipe_validates(recipe):
    loaded = load_recipe(recipe, Registry(make_plugin_manager(installed=False)))
    assert loaded.name == recipe.stem or loaded.name.endswith(recipe.stem)


def test_recipe_hash_ignores_comments_and_layout(tmp_path):
    registry = Registry(make_plugin_manager(installed=False))
    path = _broken(tmp_path, "name: quickstart", "# a comment\nname:   quickstart")
    other = tmp_path / "other"
    other.mkdir()
    original = _broken(other, "name: quickstart", "name: quickstart")
    assert load_recipe(path, registry).sha256 == load_recipe(original, registry).sha256
