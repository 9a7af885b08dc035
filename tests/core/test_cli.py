"""The command line: one-line errors, the version, and a run that says how to load its release."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import QUICKSTART, REPO


def _zhiling(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zhiling.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_version_is_printed():
    result = _zhiling("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("zhiling 0.")


def test_run_releases_and_says_how_to_load(tmp_path):
    recipe = tmp_path / "q.yaml"
    recipe.write_text(
        QUICKSTART.read_text()
        .replace("../tests/", f"{REPO}/tests/")
        .replace("../releases", "releases")
    )
    result = _zhiling("-q", "run", recipe.name, "--workers", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "released quickstart 0.1.0: releases/quickstart/0.1.0" in result.stdout
    assert 'load_dataset("releases/quickstart/0.1.0"' in result.stdout
    again = _zhiling("-q", "run", str(recipe), "--workers", "1", cwd=tmp_path)
    assert "already released" in again.stdout


def test_a_user_error_is_one_line_without_traceback(tmp_path):
    result = _zhiling("run", str(tmp_path / "missing.yaml"))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ")
    assert "missing.yaml: cannot read recipe" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_check_accepts_the_shipped_recipes():
    result = _zhiling("check", *map(str, sorted((REPO / "recipes").glob("*.yaml"))))
    assert result.returncode == 0, result.stderr
    assert "quickstart.yaml: ok" in result.stdout


def test_plugins_lists_versions_hooks_and_components():
    result = _zhiling("plugins")
    assert "zhiling.plugins.filters.stopwords 0." in result.stdout
    assert "hooks: register_filters, stopwords_for_language" in result.stdout
    assert "filters: stopword-ratio" in result.stdout
