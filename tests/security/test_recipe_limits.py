"""Hostile or careless recipes: each is refused with one line naming the file and line."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from zhiling.cli import main

BASE = (
    "name: {name}\n"
    "version: {version}\n"
    "sources:\n"
    "  - read: jsonl\n"
    "    paths: {paths}\n"
    "    license: CC0-1.0\n"
    "steps:\n"
    "  - extract: purpose-method\n"
)


def _recipe(tmp_path: Path, extra: str = "", **fields: str) -> Path:
    (tmp_path / "docs.jsonl").write_text('{"id": "d", "lang": "en", "text": "x"}\n')
    values = {"name": "safe", "version": "1.0.0", "paths": "[docs.jsonl]"} | fields
    path = tmp_path / "recipe.yaml"
    path.write_text(BASE.format(**values) + extra, encoding="utf-8")
    return path


def _check_error(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["check", str(path)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"Error: {path}:"), error
    assert error.count("\n") == 1, error
    return error


@pytest.mark.parametrize(
    "name",
    [
        '"../../../escaped"',
        '"/tmp/absolute"',
        '"org/../../x"',
        '"a/b/c"',
        '"back\\\\slash"',
        '"tab\\there"',
        '".hidden"',
        '"名字"',
        '"org/"',
    ],
)
def test_unsafe_release_names_are_refused(tmp_path, capsys, name):
    error = _check_error(_recipe(tmp_path, name=name), capsys)
    assert ":1: name " in error
    assert "ASCII segments" in error


@pytest.mark.parametrize("name", ["safe", "org/name", "debian-instruct", "a.b_c"])
def test_safe_release_names_pass(tmp_path, capsys, name):
    assert main(["check", str(_recipe(tmp_path, name=name))]) == 0


@pytest.mark.parametrize("version", ['"１.０"', '"1.²"', '"1"', '"1.0.0/../x"', '"v1.0"', '"1.0-"'])
def test_non_ascii_or_odd_versions_are_refused(tmp_path, capsys, version):
    error = _check_error(_recipe(tmp_path, version=version), capsys)
    assert ":2: version " in error


@pytest.mark.parametrize("version", ['"1.0"', "1.0.0", "2.1.3-rc.1", "1.0.0+build.7"])
def test_semver_like_versions_pass(tmp_path, version):
    assert main(["check", str(_recipe(tmp_path, version=version))]) == 0


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused_fast_in_little_memory(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text(BILLION_LAUGHS)
    assert len(BILLION_LAUGHS) < 600
    # A fresh process, so its peak memory (VmHWM, reset by exec unlike ru_maxrss) is the check's.
    code = (
        "import re, time\n"
        "from zhiling.cli import main\n"
        "start = time.perf_counter()\n"
        f"status = main(['check', {str(path)!r}])\n"
        "took = time.perf_counter() - start\n"
        "status_file = open('/proc/self/status').read()\n"
        "peak = re.search(r'VmHWM:\\s+(\\d+) kB', status_file).group(1)\n"
        "print(status, took, peak)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    status, took, peak_kib = done.stdout.split()
    assert status == "1"
    assert float(took) < 1.0
    assert int(peak_kib) < 300 * 1024  # the interpreter and zhiling's imports included
    assert done.stderr.startswith(f"Error: {path}:")
    assert "aliases expand to more than" in done.stderr
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize("shape", ["flow", "block"])
def test_deep_nesting_is_one_line_not_a_recursion_error(tmp_path, capsys, shape):
    if shape == "flow":
        depth = 10_000
        text = "name: " + "[" * depth + "]" * depth + "\n"
    else:  # indentation makes a deep block recipe large: 1,000 levels is 0.5 MB
        depth = 1_000
        text = "".join(" " * i + "k:\n" for i in range(depth)) + " " * depth + "k: 1\n"
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    start = time.perf_counter()
    error = _check_error(path, capsys)
    assert time.perf_counter() - start < 5
    assert "nested deeper than 64 levels" in error
    assert "Recursion" not in error


def test_oversized_recipe_is_refused_before_parsing(tmp_path, capsys):
    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * 1_100_000 + "\n")
    assert main(["check", str(path)]) == 1
    assert "at most 1,000,000 bytes" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("splits", "bad"),
    [
        ("{train: .nan, validation: 1.0}", "train"),
        ("{train: .inf, validation: -.inf}", "train, validation"),
        ("{train: true}", "train"),
        ("{train: 0.5, test: false, validation: 0.5}", "test"),
        ("{seed: true, train: 1.0}", "seed"),
    ],
)
def test_nan_infinite_and_boolean_split_fractions_are_refused(tmp_path, capsys, splits, bad):
    path = _recipe(tmp_path, extra=f"splits: {splits}\n")
    error = _check_error(path, capsys)
    assert f"recipe.yaml:{len(path.read_text().splitlines())}: splits need" in error
    assert f"(not {bad})" in error


def test_license_allow_as_text_is_refused_not_split_into_letters(tmp_path, capsys):
    path = _recipe(tmp_path, extra="license_policy:\n  allow: MIT\n")
    error = _check_error(path, capsys)
    assert f"recipe.yaml:{len(path.read_text().splitlines())}: 'allow' must be a list" in error


def test_a_string_where_an_option_takes_a_list_names_file_and_line(tmp_path, capsys):
    path = _recipe(tmp_path, paths="docs.jsonl")
    error = _check_error(path, capsys)
    assert "recipe.yaml:5: read 'jsonl' option 'paths' must be a list" in error


def test_a_string_for_an_optional_list_option_is_refused(tmp_path, capsys):
    path = _recipe(tmp_path, extra="audits:\n  - audit: pii\n    fields: instruction\n")
    error = _check_error(path, capsys)
    assert "recipe.yaml:11: audit 'pii' option 'fields' must be a list" in error


def test_missing_card_template_is_found_by_check(tmp_path, capsys):
    path = _recipe(tmp_path, extra="card: cards/missing.md\n")
    error = _check_error(path, capsys)
    assert f"recipe.yaml:9: card template {tmp_path / 'cards' / 'missing.md'} not found" in error


def test_missing_card_template_stops_run_before_reading_data(tmp_path, capsys):
    path = _recipe(tmp_path, extra="card: missing.md\n")
    # A source file that cannot be read shows that no data was touched first.
    (tmp_path / "docs.jsonl").write_bytes(b"\xff\xfe not json\n")
    assert main(["run", str(path), "-q"]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"Error: {path}:9: card template")
    assert error.count("\n") == 1
    assert not (tmp_path / "releases").exists()
