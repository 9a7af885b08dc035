"""The manifest names what a recipe used; ``verify`` names the plugin or input that changed.

Plugins are really installed (through their entry point, into a private
folder that only the subprocesses see), as a user's ``pip install`` would.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import FIXTURES
from zhiling.cli import main

RECIPE = """\
name: used
version: 1.0.0
sources:
  - read: text-files
    paths: [docs/*.txt]
    lang: en
    license: CC0-1.0
steps:
  - segment: regex-words
  - extract: purpose-method
"""
TEXT = "To open a file, choose Open in the File menu and select the file.\n"
RELEASE = "releases/used/1.0.0"


def project(folder: Path, recipe: str = RECIPE) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "open.txt").write_text(TEXT, encoding="utf-8")
    (folder / "recipe.yaml").write_text(recipe, encoding="utf-8")
    return folder


def test_the_manifest_lists_the_components_the_recipe_uses(quickstart):
    manifest = quickstart[1].manifest
    components = manifest["components"]
    assert components["extractor purpose-method"]["plugin"] == "zhiling"
    assert components["release_target local-dir"] == components["source text-files"]
    assert "card_renderer zhiling.plugins.cards.template" in components
    assert "extractor man-option" not in components, "installed but not used"
    assert "executor local" not in components, "executors do not change a release"
    assert manifest["plugins"] == {"zhiling": components["source text-files"]["version"]}


def test_an_unused_plugin_leaves_verify_identical_and_a_changed_version_is_named(
    pip_install, hold_plugin, run_zhiling, tmp_path
):
    site = tmp_path / "site"
    env = pip_install(FIXTURES / "example_plugin", site)
    uses_example = RECIPE.replace("  - extract:", "  - filter: example-min-chars\n  - extract:")
    folder = project(tmp_path / "project", uses_example)
    built = run_zhiling("run", "recipe.yaml", "--workers", "1", env=env, cwd=folder)
    assert built.returncode == 0, built.stderr
    # Install another plugin the recipe does not use: the rebuild is still identical.
    paths = [env["PYTHONPATH"], hold_plugin["PYTHONPATH"]]
    both = {**env, "PYTHONPATH": os.pathsep.join(paths)}
    listed = run_zhiling("plugins", env=both, cwd=folder)
    assert "hold 0.1.0" in listed.stdout
    checked = run_zhiling("verify", RELEASE, "--workers", "1", env=both, cwd=folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("identical")
    # A new version of a plugin it does use is named.
    (metadata,) = site.glob("zhiling_example-*.dist-info/METADATA")
    metadata.write_text(metadata.read_text().replace("Version: 0.1.0", "Version: 0.2.0"))

    changed = run_zhiling("verify", RELEASE, "--workers", "1", env=both, cwd=folder)

    assert changed.returncode == 1, changed.stderr
    assert changed.stdout.splitlines()[:2] == [
        "differs:",
        "  changed since the release: plugin example-min-chars 0.1.0 → 0.2.0 (zhiling-example)",
    ]


def test_verify_exits_2_on_an_error_and_1_is_left_for_differences(tmp_path, capsys):
    assert main(["verify", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("Error: ")
