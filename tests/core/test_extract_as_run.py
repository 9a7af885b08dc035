"""``zhiling extract`` runs a recipe's steps as ``zhiling run`` does: same records out.

Each test builds a release with ``run_recipe`` from a copy of a recipe whose
sources read one file, and compares it with what ``extract`` makes of that
file with the original recipe.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from zhiling import hookimpl, instruction_record
from zhiling.manager import make_plugin_manager
from zhiling.preview import choose_source, recipe_held_back, render, run_preview, source_options
from zhiling.recipe import load_recipe
from zhiling.registry import Registry
from zhiling.run import run_recipe

ROOT = Path(__file__).resolve().parents[2]
QUICKSTART = ROOT / "recipes" / "quickstart.yaml"
DEBIAN = ROOT / "recipes" / "debian-instruct.yaml"


class SentenceCount:
    """A third-party extractor: every document gives one pair, how many sentences it has."""

    name = "sentence-count"
    version = "1.0.0"

    def __init__(self) -> None:
        self.precision = {"zh": 0.95, "en": 0.95}

    def extract(self, document):
        sentences = document["text"].count("。") + document["text"].count(". ")
        yield instruction_record(
            document,
            instruction="这篇文档有多少个以句号结尾的句子？",
            output=f"这篇文档共有 {sentences} 个以句号结尾的句子。",
            spans=[(0, len(document["text"]))],
            pattern=self.name,
            version=self.version,
        )


class ThirdParty:
    @hookimpl
    def register_extractors(self, register):
        register("sentence-count", SentenceCount)


def registry_with(*plugins: object) -> Registry:
    pm = make_plugin_manager(installed=False)
    for plugin in plugins:
        pm.register(plugin)
    return Registry(pm)


def extracted(recipe_path: Path, file: Path, registry: Registry, **given) -> set[tuple]:
    recipe = load_recipe(recipe_path, registry)
    source = choose_source(recipe, registry, file, None)
    options = source_options(recipe, registry, source, given)
    preview = run_preview(recipe, registry, file, source=source, options=options)
    assert "held back" not in render(preview, color=False)
    return {pair(r) for r in preview.records}


def released(recipe_path: Path, file: Path, tmp_path: Path, source: dict, pm=None) -> set[tuple]:
    """Run a copy of the recipe that reads only ``file`` and return the released pairs."""
    spec = yaml.safe_load(recipe_path.read_text("utf-8"))
    spec["sources"] = [{**source, "paths": [str(file)]}]
    # A one-file release cannot meet a dataset's size gates, and its card template
    # lies beside the original recipe: neither is about the steps compared here.
    spec.pop("gates", None)
    spec.pop("card", None)
    spec["targets"] = [{"publish": "local-dir", "path": str(tmp_path / "releases")}]
    copy = tmp_path / "one-file.yaml"
    copy.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    result = run_recipe(copy, pm=pm, workers=1)
    folder = Path(result.destinations[0].split(" ")[0])
    rows = [
        row
        for path in sorted(folder.glob("all/*.parquet"))
        for row in pq.read_table(path).to_pylist()
    ]
    assert len(rows) == len({pair(r) for r in rows})
    return {pair(r) for r in rows}


def pair(record) -> tuple:
    """Return what must agree: the pair and its pattern (ids hash the file's URI).

    ``extract`` runs no deduper, so a pair the file holds twice is shown twice;
    callers compare sets.
    """
    return record["pattern"]["name"], record["instruction"], record["output"]


@pytest.mark.parametrize("name", ["zh/office.txt", "en/system.txt"])
def test_quickstart_extract_gives_what_run_releases(tmp_path, name):
    file = ROOT / "tests" / "data" / "quickstart" / name
    lang = name.split("/")[0]
    shown = extracted(QUICKSTART, file, registry_with())
    source = {"read": "text-files", "lang": lang, "license": "CC0-1.0"}
    assert shown == released(QUICKSTART, file, tmp_path, source)
    # The first extract step's pairs are no longer fed to the second and dropped.
    assert len(shown) >= 10


def test_debian_instruct_extract_applies_its_steps_to_an_html_file(tmp_path):
    file = ROOT / "tests" / "data" / "debian" / "debian_faq_pkgtools.zh-cn.html"
    registry = registry_with()
    shown = extracted(DEBIAN, file, registry, lang="zh", license="LicenseRef-Debian-FAQ")
    source = {"read": "html-files", "lang": "zh", "license": "LicenseRef-Debian-FAQ"}
    assert shown == released(DEBIAN, file, tmp_path, source)
    recipe = load_recipe(DEBIAN, registry)
    preview = run_preview(
        recipe, registry, file, source="html-files", options={"lang": "zh", "license": "x"}
    )
    # The page's five command descriptions; the recipe's other patterns find nothing here
    # (chaining past a first pattern is shown on quickstart and by the third-party test).
    assert [r["pattern"]["name"] for r in preview.records] == ["desc-command"] * 5


def test_a_third_party_extractor_after_the_built_ins_keeps_theirs_and_adds_its_own(tmp_path):
    spec = yaml.safe_load(QUICKSTART.read_text("utf-8"))
    at = spec["steps"].index({"filter": "pair-quality"})
    spec["steps"].insert(at, {"extract": "sentence-count"})
    spec["sources"] = [{"read": "text-files", "paths": ["x.txt"], "license": "CC0-1.0"}]
    recipe_path = tmp_path / "with-mine.yaml"
    recipe_path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    file = ROOT / "tests" / "data" / "quickstart" / "zh" / "files.txt"
    plugin = ThirdParty()
    registry = registry_with(plugin)
    shown = extracted(recipe_path, file, registry, lang="zh")
    records = run_preview(
        load_recipe(recipe_path, registry),
        registry,
        file,
        source="text-files",
        options={"lang": "zh", "license": "CC0-1.0"},
    ).records
    patterns = {r["pattern"]["name"] for r in records}
    assert "sentence-count" in patterns
    assert patterns - {"sentence-count"}, "the built-in patterns' pairs were dropped"
    pm = make_plugin_manager(installed=False)
    pm.register(plugin)
    source = {"read": "text-files", "lang": "zh", "license": "CC0-1.0"}
    assert shown == released(recipe_path, file, tmp_path, source, pm=pm)


class Unmeasured(SentenceCount):
    """The same pattern shipped without measured figures."""

    name = "unmeasured"

    def __init__(self) -> None:
        self.precision = {}


class UnmeasuredPlugin:
    @hookimpl
    def register_extractors(self, register):
        register("unmeasured", Unmeasured)


def test_a_pattern_min_precision_holds_back_is_named_by_extract_and_check(tmp_path):
    spec = yaml.safe_load(QUICKSTART.read_text("utf-8"))
    spec["steps"].insert(spec["steps"].index({"filter": "pair-quality"}), {"extract": "unmeasured"})
    recipe_path = tmp_path / "unmeasured.yaml"
    recipe_path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    registry = registry_with(UnmeasuredPlugin())
    recipe = load_recipe(recipe_path, registry)
    line = (
        "pattern 'unmeasured' is held back by min_precision in every language: "
        "it has no measured precision (see 'zhiling measure')"
    )
    assert recipe_held_back(recipe, registry) == [line]
    file = ROOT / "tests" / "data" / "quickstart" / "zh" / "office.txt"
    preview = run_preview(
        recipe, registry, file, source="text-files", options={"license": "CC0-1.0", "lang": "zh"}
    )
    shown = render(preview, color=False)
    assert "pattern 'unmeasured' (zh) is held back by min_precision: no measured precision" in shown
    assert "dropped by 15 (release_policy): below_min_precision: " in shown
    assert {r["pattern"]["name"] for r in preview.records} == {"purpose-method"}
    # The shipped recipes' patterns are all measured: nothing is held back.
    shipped = load_recipe(QUICKSTART, registry_with())
    assert recipe_held_back(shipped, registry_with()) == []
