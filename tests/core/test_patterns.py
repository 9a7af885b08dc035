import json
import logging
from typing import ClassVar

import pytest

from zhiling import RecipeError, hookimpl, instruction_record
from zhiling.manager import make_plugin_manager
from zhiling.patterns import PatternGate, parse_min_precision
from zhiling.run import run_recipe


class Shouty:
    """A test pattern with a poor measured precision: it echoes every document."""

    name = "shouty"
    version = "1.0"
    languages = ("zh", "en")
    precision: ClassVar[dict[str, float]] = {"en": 0.5, "zh": 0.95}

    def extract(self, document):
        yield instruction_record(
            document,
            instruction=f"What does {document['meta']['source']} say?",
            output=document["text"][:40],
            spans=[(0, min(40, len(document["text"])))],
            pattern=self.name,
            version=self.version,
        )


class ShoutyPlugin:
    @hookimpl
    def register_extractors(self, register):
        register("shouty", Shouty)


def record(name, lang):
    return {"id": "x", "lang": lang, "pattern": {"name": name, "version": "1.0"}}


def test_min_precision_accepts_a_number_or_a_mapping():
    assert parse_min_precision(0.9, "r.yaml:3") == {"*": 0.9}
    assert parse_min_precision({"zh": 0.8, "en": 1}, "r.yaml:3") == {"zh": 0.8, "en": 1.0}
    assert parse_min_precision(None, "r.yaml:3") is None
    with pytest.raises(RecipeError, match=r"r.yaml:3: min_precision .* got 1.5 for 'zh'"):
        parse_min_precision({"zh": 1.5}, "r.yaml:3")
    with pytest.raises(RecipeError, match="got 'high'"):
        parse_min_precision("high", "r.yaml:3")


def test_gate_holds_back_low_and_unmeasured_patterns_and_counts_the_rest(caplog):
    gate = PatternGate([Shouty()], {"*": 0.9})
    with caplog.at_level(logging.WARNING, logger="zhiling.patterns"):
        assert gate.reason_to_drop(record("shouty", "en")) == "below_min_precision"
        assert gate.reason_to_drop(record("shouty", "en")) == "below_min_precision"
        assert gate.reason_to_drop(record("shouty", "zh")) is None
        assert gate.reason_to_drop(record("unknown", "zh")) == "below_min_precision"
    assert len([r for r in caplog.records if "'shouty' (en)" in r.getMessage()]) == 1
    section = gate.manifest()
    assert section["shouty"]["records"] == {"zh": 1}
    assert section["shouty"]["held_back"] == {"en": 2}
    assert "0.500 is below min_precision 0.90" in section["shouty"]["excluded"]["en"]
    assert "no measured precision" in section["unknown"]["excluded"]["zh"]


def test_without_a_gate_everything_is_released_and_counted():
    gate = PatternGate([Shouty()], None)
    assert gate.reason_to_drop(record("shouty", "en")) is None
    assert gate.manifest()["shouty"] == {
        "version": "1.0",
        "languages": ["en", "zh"],
        "precision": {"en": 0.5, "zh": 0.95},
        "records": {"en": 1},
    }


def test_run_excludes_the_imprecise_pattern_and_says_so(tmp_path):
    (tmp_path / "zh.txt").write_text("要显示或隐藏标尺，请选择「视图 - 标尺」。\n", "utf-8")
    (tmp_path / "en.txt").write_text("To show or hide the rulers, choose View - Rulers.\n", "utf-8")
    recipe = tmp_path / "gate.yaml"
    recipe.write_text(
        f"""name: gate
version: 0.1.0
min_precision: 0.9
sources:
  - read: text-files
    paths: [zh.txt]
    lang: zh
    license: CC0-1.0
  - read: text-files
    paths: [en.txt]
    lang: en
    license: CC0-1.0
steps:
  - extract: purpose-method
  - extract: shouty
targets:
  - publish: local-dir
    path: {tmp_path / "releases"}
""",
        "utf-8",
    )
    pm = make_plugin_manager(installed=False)
    pm.register(ShoutyPlugin(), name="shouty-plugin")
    result = run_recipe(recipe, pm=pm, workers=1)  # the test plugin lives in this process
    patterns = result.manifest["patterns"]
    assert patterns["shouty"]["records"] == {"zh": 1}
    assert "below min_precision" in patterns["shouty"]["excluded"]["en"]
    assert patterns["purpose-method"]["records"] == {"en": 1, "zh": 1}
    steps = {step["step"]: step for step in result.manifest["steps"]}
    assert steps["1 (extract 'purpose-method')"]["in"] == 2
    assert steps["2 (extract 'shouty')"]["in"] == 2  # both extractors saw both documents
    assert steps["3 (release_policy)"]["dropped"] == {"below_min_precision": 1}
    release = tmp_path / "releases" / "gate" / "0.1.0"
    card = (release / "README.md").read_text("utf-8")
    assert "| `shouty` | 1.0 | en | 0.500 | 0 | excluded: measured precision 0.500" in card
    assert json.loads((release / "manifest.json").read_text("utf-8"))["patterns"] == patterns
