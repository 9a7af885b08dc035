"""Installed plugins: loaded from the ``zhiling`` entry-point group, listed, used, disabled.

The example plugin in ``tests/fixtures/example_plugin`` and a deliberately
broken package are really built and installed (into a private folder that
only subprocesses see), so these tests go through the same entry-point
machinery a user's ``pip install`` does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from zhiling.manager import DISABLE_VARIABLE
from zhiling.plugins.filters import stopwords

FIXTURES = Path(__file__).parents[1] / "fixtures"

RECIPE = """\
name: example-use
version: 1.0.0
sources:
  - read: text-files
    paths: [docs/fr/*.txt]
    lang: fr
    license: CC0-1.0
  - read: text-files
    paths: [docs/en/*.txt]
    lang: en
    license: CC0-1.0
steps:
  - segment: regex-words
    languages: [en, fr]
  - filter: stopword-ratio
    min_ratio: 0.1
  - filter: example-min-chars
    min_chars: 30
  - extract: purpose-method
targets:
  - publish: local-dir
    path: releases
"""
FRENCH = "Pour ouvrir le fichier, on clique sur le menu et on choisit la commande.\n"
ENGLISH = "To open a file, choose Open in the File menu and select the file.\n"


@pytest.fixture(scope="module")
def example(tmp_path_factory, pip_install):
    """Return the environment of a subprocess that has ``zhiling-example`` installed."""
    return pip_install(FIXTURES / "example_plugin", tmp_path_factory.mktemp("site") / "example")


def test_the_example_plugin_covers_a_language_the_built_ins_do_not():
    assert stopwords.builtin_stopwords("fr") is None


def test_plugins_lists_it_with_version_hooks_and_components(example, run_zhiling, tmp_path):
    done = run_zhiling("plugins", env=example, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    at = lines.index("example 0.1.0")
    assert lines[at + 1] == "  hooks: register_filters, stopwords_for_language"
    assert lines[at + 2] == "  filters: example-min-chars"


def test_a_recipe_uses_its_filter_and_its_stop_words(example, run_zhiling, tmp_path):
    for lang in ("fr", "en"):
        (tmp_path / "docs" / lang).mkdir(parents=True)
    (tmp_path / "docs" / "fr" / "menu.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "docs" / "en" / "menu.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "docs" / "en" / "short.txt").write_text("To go, run it.\n", encoding="utf-8")
    (tmp_path / "recipe.yaml").write_text(RECIPE, encoding="utf-8")
    done = run_zhiling("run", "recipe.yaml", "--workers", "1", env=example, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    release = tmp_path / "releases" / "example-use" / "1.0.0"
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    steps = {step["step"]: step for step in manifest["steps"]}
    # French is judged with the plugin's list and kept; without it the run would fail.
    assert steps["2 (filter 'stopword-ratio')"]["dropped"] == {}
    assert steps["3 (filter 'example-min-chars')"]["dropped"] == {"too_short": 1}
    assert manifest["plugins"]["zhiling-example"] == "0.1.0"
    rows = pq.read_table(release / "en" / "train-00000-of-00001.parquet").to_pylist()
    assert [row["instruction"] for row in rows] == ["How do I open a file?"]


def test_disabling_it_by_entry_point_name_removes_it(example, run_zhiling, tmp_path):
    env = example | {DISABLE_VARIABLE: "example"}
    listed = run_zhiling("plugins", env=env, cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "example 0.1.0" not in listed.stdout
    assert f"example (disabled by {DISABLE_VARIABLE})" in listed.stdout.splitlines()
    (tmp_path / "recipe.yaml").write_text(RECIPE, encoding="utf-8")
    checked = run_zhiling("check", "recipe.yaml", env=env, cwd=tmp_path)
    assert checked.returncode == 1
    assert "filter 'example-min-chars' is not installed" in checked.stderr


BROKEN_PYPROJECT = """\
[build-system]
requires = ["setuptools>=70.1"]
build-backend = "setuptools.build_meta"

[project]
name = "zhiling-broken"
version = "0.0.1"

[project.entry-points.zhiling]
broken-import = "zhiling_broken.missing_dependency"
broken-hook = "zhiling_broken.misspelt_hook"
broken-name = "zhiling_broken.taken_name"

[tool.setuptools]
packages = ["zhiling_broken"]
"""
BROKEN_MODULES = {
    "__init__.py": '"""Three ways to get a plugin wrong, one per entry point."""\n',
    "missing_dependency.py": "import zhiling_no_such_dependency  # noqa: F401\n",
    "misspelt_hook.py": (
        "from zhiling import hookimpl\n\n\n@hookimpl\ndef register_filter(register):\n    pass\n"
    ),
    "taken_name.py": (
        "from zhiling import hookimpl\n\n\n@hookimpl\n"
        "def register_filters(register):\n    register('stopword-ratio', object)\n"
    ),
}
BROKEN = ("broken-import", "broken-hook", "broken-name")


@pytest.fixture(scope="module")
def broken(tmp_path_factory, pip_install):
    """Return the environment of a subprocess that has three broken plugins installed."""
    package = tmp_path_factory.mktemp("broken-src")
    (package / "pyproject.toml").write_text(BROKEN_PYPROJECT, encoding="utf-8")
    (package / "zhiling_broken").mkdir()
    for name, text in BROKEN_MODULES.items():
        (package / "zhiling_broken" / name).write_text(text, encoding="utf-8")
    return pip_install(package, tmp_path_factory.mktemp("site") / "broken")


@pytest.mark.parametrize(
    ("plugin", "problem"),
    [
        ("broken-import", "failed to load: ModuleNotFoundError: No module named"),
        ("broken-hook", "implements unknown hook 'register_filter'; did you mean"),
        ("broken-name", "filter 'stopword-ratio' is registered twice"),
    ],
)
def test_a_broken_plugin_is_one_error_line_naming_it_and_the_way_out(
    broken, run_zhiling, tmp_path, plugin, problem
):
    others = ",".join(name for name in BROKEN if name != plugin)
    done = run_zhiling("plugins", env=broken | {DISABLE_VARIABLE: others}, cwd=tmp_path)
    assert done.returncode == 1
    (line,) = done.stderr.splitlines()
    assert line.startswith("Error: ")
    assert problem in line
    assert repr(plugin) in line
    assert DISABLE_VARIABLE in line


def test_disabling_every_broken_plugin_lets_zhiling_run(broken, run_zhiling, tmp_path):
    done = run_zhiling("plugins", env=broken | {DISABLE_VARIABLE: ",".join(BROKEN)}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    listed = [line for line in done.stdout.splitlines() if "broken" in line]
    assert listed == [f"{name} (disabled by {DISABLE_VARIABLE})" for name in sorted(BROKEN)]
