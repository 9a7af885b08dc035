"""The manifest's input names: relative to the recipe, or as the source names them."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhiling import PluginError, Shard, file_sha256, hookimpl
from zhiling.manager import make_plugin_manager
from zhiling.recipe import load_recipe
from zhiling.registry import Registry
from zhiling.run import source_checksums


class CachedFiles:
    """Reads every file of a folder that may lie anywhere, like a download cache."""

    def __init__(self, *, cache: str, naming: str = "file-name", shard: Shard, base_dir: Path):
        self.files = sorted(Path(cache).iterdir())
        self.naming = naming

    def __iter__(self):
        return iter([])

    def inputs(self) -> list[Path]:
        return self.files

    def input_name(self, path: Path) -> str:
        return path.name if self.naming == "file-name" else self.naming


class Plugin:
    @hookimpl
    def register_sources(self, register):
        register("cached-files", CachedFiles)


def checksums(tmp_path: Path, sources: str) -> dict[str, str]:
    pm = make_plugin_manager(installed=False)
    pm.register(Plugin(), name="cached-files")
    registry = Registry(pm)
    project = tmp_path / "project" / "recipes"
    project.mkdir(parents=True)
    (project.parent / "texts").mkdir()
    (project.parent / "texts" / "a.txt").write_text("in the checkout\n")
    recipe = project / "r.yaml"
    recipe.write_text(f"name: r\nversion: 1.0.0\nsources:\n{sources}", encoding="utf-8")
    return source_checksums(load_recipe(recipe, registry), registry)


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    folder = tmp_path / "home" / ".cache" / "debs"
    folder.mkdir(parents=True)
    (folder / "a_1_all.deb").write_bytes(b"one")
    (folder / "b_2_all.deb").write_bytes(b"two")
    return folder


def test_a_source_names_inputs_outside_the_recipe_folder_without_machine_paths(tmp_path, cache):
    found = checksums(
        tmp_path,
        f"  - read: cached-files\n    cache: {cache}\n"
        "  - read: text-files\n    paths: [../texts/*.txt]\n    license: CC0-1.0\n",
    )
    assert found == {
        "a_1_all.deb": file_sha256(cache / "a_1_all.deb"),
        "b_2_all.deb": file_sha256(cache / "b_2_all.deb"),
        # a file source names the path relative to the recipe, without "../": the same in
        # every checkout, and what the released records carry as their source.uri
        "texts/a.txt": file_sha256(tmp_path / "project/texts/a.txt"),
    }


@pytest.mark.parametrize("name", ["../../home/.cache/a.deb", str(Path.cwd()), "a//b", ""])
def test_a_name_that_could_point_anywhere_is_refused(tmp_path, cache, name):
    with pytest.raises(PluginError, match=r"r\.yaml:\d+: read 'cached-files' gave the input name"):
        checksums(tmp_path, f"  - read: cached-files\n    cache: {cache}\n    naming: '{name}'\n")


def test_two_different_inputs_may_not_share_a_name(tmp_path, cache):
    with pytest.raises(PluginError, match="two inputs with different contents are both named 'x'"):
        checksums(tmp_path, f"  - read: cached-files\n    cache: {cache}\n    naming: x\n")
