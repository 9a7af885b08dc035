"""docs/writing-plugins.md is followed to the letter, so the tutorial cannot go stale.

The page marks each fenced block: ``<!-- file: PATH -->`` blocks are written to
PATH, ``<!-- excerpt: PATH -->`` blocks must appear in PATH as it stands at
that point, and ``<!-- run -->`` blocks hold ``$ command`` lines, each followed
by output that must appear, line for line, in what the command prints
(``...`` matches anything within a line). Blocks run in page order in one
temporary folder; ``pip install -e`` becomes a private install that only the
tutorial's subprocesses see.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).parents[2] / "docs" / "writing-plugins.md"
BLOCK = re.compile(
    r"(?:<!-- (?P<marker>file|excerpt|run)(?:: (?P<path>\S+))? -->\n)?"
    r"^```(?P<lang>\w*)\n(?P<body>.*?)^```$",
    re.M | re.S,
)
ASSIGNMENT = re.compile(r"[A-Z_]+=")


def blocks() -> list[re.Match[str]]:
    return list(BLOCK.finditer(DOC.read_text(encoding="utf-8")))


def test_every_code_block_is_checked():
    unmarked = [m["body"].splitlines()[0] for m in blocks() if not m["marker"]]
    assert unmarked == [], "each block needs a <!-- file/excerpt/run --> marker"
    assert {m["marker"] for m in blocks()} == {"file", "excerpt", "run"}


def test_the_tutorial_works_as_written(tmp_path, tmp_path_factory, pip_install):
    site = tmp_path_factory.mktemp("site") / "tutorial"
    env: dict[str, str] = {}
    for match in blocks():
        path = tmp_path / (match["path"] or "")
        if match["marker"] == "file":
            path.write_text(match["body"], encoding="utf-8")
        elif match["marker"] == "excerpt":
            assert match["body"] in path.read_text(encoding="utf-8"), f"not in {match['path']}"
        else:
            for command, expected in commands(match["body"]):
                if command.startswith("pip install -e "):
                    package = re.sub(r"\[.*\]$", "", shlex.split(command)[-1])
                    env = pip_install(tmp_path / package, site, editable=True)
                    continue
                output = run(command, tmp_path, env)
                assert_lines_appear(expected, output, command)


def commands(body: str) -> list[tuple[str, list[str]]]:
    """Split a console block into its ``$`` commands and the output shown after each."""
    found: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], []))
        else:
            found[-1][1].append(line.rstrip())
    return found


def run(command: str, cwd: Path, env: dict[str, str]) -> str:
    words = shlex.split(command)
    extra = {}
    while ASSIGNMENT.match(words[0]):
        key, _, value = words.pop(0).partition("=")
        extra[key] = value
    program, *args = words
    if program == "zhiling":
        argv = [sys.executable, "-m", "zhiling.cli", *args]
    elif program == "pytest":
        argv = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args]
        extra["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # starts three times faster
    else:
        pytest.fail(f"the tutorial runs {program!r}, which this test cannot stand in for")
    done = subprocess.run(
        argv, capture_output=True, text=True, cwd=cwd, env=env | extra, check=False
    )
    assert done.returncode == 0, f"$ {command}\n{done.stdout}{done.stderr}"
    return done.stdout


def assert_lines_appear(expected: list[str], output: str, command: str) -> None:
    """Assert that ``expected`` matches a run of consecutive lines of ``output``."""
    patterns = [
        re.compile(".*".join(map(re.escape, line.split("..."))) + r"\Z") for line in expected
    ]
    lines = [line.rstrip() for line in output.splitlines()]
    for start in range(len(lines) - len(patterns) + 1):
        window = lines[start : start + len(patterns)]
        if all(p.match(line) for p, line in zip(patterns, window, strict=True)):
            return
    shown = "\n".join(expected)
    pytest.fail(f"$ {command} printed:\n{output}\nwhich does not contain:\n{shown}")
