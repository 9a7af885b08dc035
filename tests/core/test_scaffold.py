"""``zhiling new-plugin``: the package installs, passes its own tests and runs in a recipe."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from zhiling import ZhilingError
from zhiling.cli import main
from zhiling.scaffold import SCAFFOLD_KINDS, new_plugin

RECIPE = """\
name: faq
version: 1.0.0
sources:
  - read: text-files
    paths: [docs/*.txt]
    license: CC0-1.0
steps:
  - extract: faq-heading
targets:
  - publish: local-dir
    path: releases
"""
FAQ_EN = (
    "# How do I list hidden files?\n\nRun ls -a in the folder you want to see.\n\n"
    "# Files\n\nEverything on the disk is a file.\n\n"
    "# Can I undo a deletion?\n\nNo.\n"
)
FAQ_ZH = "# 如何查看当前目录？\n\n在终端中输入 pwd 命令并按回车键。\n"


def pytest_run(*args: str, env: dict[str, str], cwd) -> subprocess.CompletedProcess[str]:
    """Run pytest in a subprocess; without auto-loaded plugins it starts three times faster."""
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]
    env = env | {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, check=False)


@pytest.fixture(scope="module")
def faq(tmp_path_factory, pip_install):
    """Scaffold the extractor ``faq-heading`` and install it; return its folder and environment."""
    folder = tmp_path_factory.mktemp("scaffold") / "zhiling-faq-heading"
    new_plugin("extractor", "faq-heading", folder)
    env = pip_install(folder, tmp_path_factory.mktemp("site") / "faq")
    return folder, env


def test_the_package_declares_its_entry_point(faq):
    folder, _env = faq
    project = (folder / "pyproject.toml").read_text(encoding="utf-8")
    assert '\nname = "zhiling-faq-heading"\n' in project
    assert '[project.entry-points.zhiling]\nfaq-heading = "zhiling_faq_heading"\n' in project
    module = (folder / "zhiling_faq_heading" / "__init__.py").read_text(encoding="utf-8")
    assert "@hookimpl\ndef register_extractors(register):" in module
    assert "ZHILING_DISABLE_PLUGINS=faq-heading" in (folder / "README.md").read_text("utf-8")


def test_its_own_tests_pass_against_the_installed_package(faq, tmp_path):
    folder, env = faq
    # Run from elsewhere so that the tests import the installed copy, not the source folder.
    done = pytest_run(str(folder / "tests"), env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "5 passed" in done.stdout


def test_a_recipe_loads_it_from_its_entry_point_and_releases_its_records(
    faq, run_zhiling, tmp_path
):
    _folder, env = faq
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "en.txt").write_text(FAQ_EN, encoding="utf-8")
    (tmp_path / "docs" / "zh.txt").write_text(FAQ_ZH, encoding="utf-8")
    (tmp_path / "recipe.yaml").write_text(RECIPE, encoding="utf-8")
    done = run_zhiling("run", "recipe.yaml", "--workers", "1", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    release = tmp_path / "releases" / "faq" / "1.0.0"
    rows = pq.read_table(release / "all" / "train-00000-of-00001.parquet").to_pylist()
    assert sorted((row["instruction"], row["output"]) for row in rows) == [
        ("How do I list hidden files?", "Run ls -a in the folder you want to see."),
        ("如何查看当前目录？", "在终端中输入 pwd 命令并按回车键。"),
    ]
    assert {row["pattern"]["name"] for row in rows} == {"faq-heading"}


def test_extract_previews_it_with_highlighted_spans(faq, run_zhiling, tmp_path):
    _folder, env = faq
    (tmp_path / "recipe.yaml").write_text(RECIPE, encoding="utf-8")
    (tmp_path / "sample.txt").write_text(FAQ_EN, encoding="utf-8")
    done = run_zhiling("extract", "--recipe", "recipe.yaml", "sample.txt", env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1. faq-heading 0.1.0" in done.stdout
    # The heading's span is its title: the "#" is shown but not marked.
    assert "    │ # [[How do I list hidden files?]]" in done.stdout
    assert "    │ [[Run ls -a in the folder you want to see.]]" in done.stdout
    assert "1 record (faq-heading 1), 0 dropped" in done.stdout


def test_sample_label_measure_loop_on_the_installed_plugin(faq, run_zhiling, tmp_path):
    folder, env = faq
    (tmp_path / "measure").mkdir()
    shutil.copy(folder / "measure" / "recipe.yaml", tmp_path / "measure" / "recipe.yaml")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "en.txt").write_text(FAQ_EN, encoding="utf-8")
    (tmp_path / "docs" / "zh.txt").write_text(FAQ_ZH, encoding="utf-8")
    recipe = "measure/recipe.yaml"
    done = run_zhiling(
        "sample", recipe, "-n", "4", "--seed", "1", "-o", "l.jsonl", env=env, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    passages = [json.loads(line) for line in (tmp_path / "l.jsonl").read_text("utf-8").splitlines()]
    assert len(passages) == 4  # every paragraph of the two files
    for passage in passages:  # label: a question heading and its answer make a pair
        question, answer = passage["context"]["heading"][-1], passage["text"].split("\n\n")[-1]
        if question.endswith(("?", "？")):
            passage["pairs"] = [
                {"instruction": question, "output": answer, "pattern": "faq-heading"}
            ]
    labelled = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in passages)
    (tmp_path / "l.jsonl").write_text(labelled, encoding="utf-8")
    done = run_zhiling(
        "measure",
        "--recipe",
        recipe,
        "l.jsonl",
        "--write-precision",
        "p.json",
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    # en: one pair found and right; "No." is too short for the pattern: a miss.
    assert "faq-heading       en        1.000   0.500      1     2" in done.stdout
    assert "faq-heading       zh        1.000   1.000      1     1" in done.stdout
    assert "miss (faq-heading) in docs/en.txt#143-146: Can I undo a deletion? → No." in done.stdout
    written = json.loads((tmp_path / "p.json").read_text("utf-8"))["patterns"]["faq-heading"]
    assert {lang: f["precision"] for lang, f in written["languages"].items()} == {
        "en": 1.0,
        "zh": 1.0,
    }


def test_every_kind_scaffolds_a_package_whose_tests_pass(tmp_path):
    folders = [tmp_path / kind for kind in SCAFFOLD_KINDS]
    for kind, folder in zip(SCAFFOLD_KINDS, folders, strict=True):
        new_plugin(kind, f"my-{kind}", folder)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(map(str, folders)))
    done = pytest_run(*(str(folder / "tests") for folder in folders), env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    # Four tests each, and the extractor's test of its shipped precision.
    assert f"{4 * len(SCAFFOLD_KINDS) + 1} passed" in done.stdout


def test_the_cli_writes_the_package_and_says_what_next(tmp_path, capsys):
    assert main(["new-plugin", "filter", "short-answers", "--dir", str(tmp_path / "p")]) == 0
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'p' / 'zhiling_short_answers' / '__init__.py'}" in out
    assert "pytest" in out.splitlines()[-1]


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        ("audit", "mine", "cannot scaffold a 'audit' plugin; choose one of extractor"),
        ("filter", "Mine_Too", "must be lower-case letters and digits"),
        ("filter", "stopword-ratio", "a built-in filter is already called 'stopword-ratio'"),
        ("extractor", "faq", "a built-in extractor is already called 'faq'"),
    ],
)
def test_bad_requests_are_clear_errors(tmp_path, kind, name, message):
    with pytest.raises(ZhilingError, match=message):
        new_plugin(kind, name, tmp_path / "p")
    assert not (tmp_path / "p").exists()


def test_it_never_writes_into_a_folder_with_files(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["new-plugin", "extractor", "my-faq", "--dir", str(tmp_path)]) == 1
    assert "already exists and is not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_the_default_folder_is_named_after_the_distribution(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    files = new_plugin("segmenter", "zhiling-words")
    assert files[0] == Path("zhiling-words", "pyproject.toml")
    assert (tmp_path / files[0]).is_file()


def test_the_templates_ship_in_the_wheel(tmp_path):
    root = Path(__file__).parents[2]
    source = tmp_path / "src"
    for folder in ("core", "plugins", "dataset_card"):
        shutil.copytree(
            root / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(root / name, source / name)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    command += ["--no-index", "--quiet", "--wheel-dir", str(tmp_path / "dist"), str(source)]
    subprocess.run(command, check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("zhiling-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = resources.files("zhiling") / "scaffold_templates"
    expected = {
        f"zhiling/scaffold_templates/{kind}/{entry.name}"
        for kind in SCAFFOLD_KINDS
        for entry in (templates / kind).iterdir()
    } | {
        "zhiling/scaffold_templates/pyproject.toml.tmpl",
        "zhiling/scaffold_templates/README.md.tmpl",
    }
    assert expected <= names
