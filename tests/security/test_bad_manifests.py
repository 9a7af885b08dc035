"""A manifest missing what a command reads is one error line, not a KeyError traceback."""

from __future__ import annotations

import json

import pytest

from zhiling.cli import main


@pytest.mark.parametrize(
    ("remove", "named"),
    [
        (("recipe",), "'recipe'"),
        (("recipe", "sha256"), "'recipe.sha256'"),
        (("recipe", "file"), "'recipe.file'"),
        (("sources",), "'sources'"),
        (("steps",), "'steps'"),
    ],
)
def test_verify_names_the_missing_manifest_key(release_copy, capsys, remove, named):
    path = release_copy / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    holder = manifest
    for key in remove[:-1]:
        holder = holder[key]
    del holder[remove[-1]]
    path.write_text(json.dumps(manifest), encoding="utf-8")
    assert main(["verify", str(release_copy)]) == 2  # an error, not "differs"
    error = capsys.readouterr().err
    assert error.startswith(f"Error: {path}: {named} is missing")
    assert error.count("\n") == 1
