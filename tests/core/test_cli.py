"""The command line: one-line errors, the version, and a run that says how to load its release."""

from __future__ import annotations

import argparse
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
    result = _zhiling("run", recipe.name, "--workers", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "released quickstart 0.1.0: releases/quickstart/0.1.0" in result.stdout
    assert 'load_dataset("releases/quickstart/0.1.0"' in result.stdout
    again = _zhiling("run", str(recipe), "--workers", "1", cwd=tmp_path)
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


def _commands(parser):
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return action


def test_every_command_argument_and_option_has_help_and_shows_its_default():
    from zhiling.cli import _parser

    parser = _parser()
    commands = _commands(parser)
    top = " ".join(parser.format_help().split())
    for choice in commands._choices_actions:
        # The summary is shown whole in the top-level help, not cut.
        assert choice.help in top, choice.help
    for name, command in commands.choices.items():
        assert command.description, f"{name} has no description"
        shown = " ".join(command.format_help().split())
        for action in command._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            assert action.help, f"{name} {action.dest} has no help"
            if action.default not in (None, False, [], argparse.SUPPRESS):
                assert "default" in action.help or f"(default: {action.default})" in shown, (
                    f"{name} {action.dest}: default {action.default!r} not shown"
                )
        assert "-q, --quiet" in shown
        assert "--progress-interval SECONDS" in shown


def test_the_help_of_a_command_renders_from_the_command_line():
    result = _zhiling("dedupe", "--help")
    assert result.returncode == 0
    assert "(default: deduped)" in result.stdout
    assert "(default: signature)" in result.stdout
