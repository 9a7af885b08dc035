"""Guards of the architecture: hooks documented and tested, built-ins registered, API respected."""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import zhiling
from tests.conftest import REPO
from zhiling import hookspecs
from zhiling.kinds import KINDS
from zhiling.manager import DEFAULT_PLUGINS, make_plugin_manager, reject_unknown_hooks

HOOKS = {
    name: function
    for name, function in vars(hookspecs).items()
    if inspect.isfunction(function) and hasattr(function, "zhiling_spec")
}
PLUGIN_MODULES = sorted(
    "zhiling.plugins." + ".".join(path.relative_to(REPO / "plugins").with_suffix("").parts)
    for path in (REPO / "plugins").rglob("*.py")
    if path.name != "__init__.py" and not path.name.startswith("_")
)


def test_every_kind_has_its_registration_hook():
    assert {kind.hook for kind in KINDS.values()} <= set(HOOKS)


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_hook_has_a_docstring_and_a_documented_heading(name):
    function = HOOKS[name]
    assert len(inspect.getdoc(function) or "") > 80
    arguments = ", ".join(inspect.signature(function).parameters)
    assert f"### {name}({arguments})" in (REPO / "docs" / "plugins.md").read_text()


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_every_hook_has_a_test(name):
    tests = "\n".join(p.read_text() for p in (REPO / "tests").rglob("test_*.py"))
    assert re.search(rf"def test_hook_{name}\b", tests), f"no test_hook_{name}"


def test_built_in_plugins_are_exactly_the_plugin_modules():
    assert sorted(DEFAULT_PLUGINS) == PLUGIN_MODULES


def test_built_ins_pass_the_unknown_hook_check():
    reject_unknown_hooks(make_plugin_manager(installed=False))


@pytest.mark.parametrize("module", PLUGIN_MODULES)
def test_plugins_import_only_the_public_api(module):
    path = REPO / "plugins" / Path(*module.split(".")[2:]).with_suffix(".py")
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("zhiling"):
            if node.module == "zhiling":
                assert {alias.name for alias in node.names} <= set(zhiling.__all__), module
            else:
                assert node.module.startswith("zhiling.plugins." + module.split(".")[2]), (
                    f"{module} imports {node.module}: plugins use only `from zhiling import ...`"
                )
        if isinstance(node, ast.Import):
            assert not any(a.name.startswith("zhiling") for a in node.names), module


def test_the_wheel_holds_every_package_and_data_file(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("zhiling-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {"zhiling/__init__.py", "zhiling/py.typed", "zhiling/card_templates/template.md"}
    for folder in [REPO / "core", *(p for p in (REPO / "plugins").rglob("*") if p.is_dir())]:
        if (folder / "__init__.py").exists() and "__pycache__" not in folder.parts:
            relative = folder.relative_to(REPO).parts
            package = (
                ("zhiling", *relative[1:]) if relative[0] == "core" else ("zhiling", *relative)
            )
            expected.add("/".join(package) + "/__init__.py")
    expected.add("zhiling/plugins/filters/stopwords_data/zh.txt")
    assert expected <= names, sorted(expected - names)
