"""``zhiling measure``: precision and recall of a recipe's extractors on labelled passages.

The labelled file below is small enough to score by hand (see each passage's comment).
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from zhiling.cli import main
from zhiling.errors import ZhilingError
from zhiling.measure import f1, load_labelled, match, measure, units
from zhiling.plugins.extractors.purpose_method import PurposeMethod
from zhiling.precision import shipped_precision
from zhiling.recipe import load_recipe
from zhiling.testing import builtin_registry

# The stop-word filter would drop every passage if it ran: measure leaves out the
# filters before the first extractor, since a passage is not a whole document.
RECIPE = """\
name: measured
version: 1.0.0
sources:
  - read: text-files
    paths: [unused/*.txt]
    license: CC0-1.0
steps:
  - segment: jieba
  - segment: regex-words
  - filter: stopword-ratio
    min_ratio: 0.99
  - extract: purpose-method
  - extract: faq
  - filter: pair-quality
  - dedupe: exact
"""
PM = "purpose-method"
PASSAGES = [
    # en: found and labelled alike: a hit.
    {
        "id": "delete",
        "lang": "en",
        "text": "To delete a frame, click the border of the frame, and then press Delete.",
        "pairs": [
            {
                "instruction": "How do I delete a frame?",
                "output": "Click the border of the frame, then press Delete.",
                "pattern": PM,
            }
        ],
    },
    # en: found, labelled as holding nothing: a false pair.
    {"id": "list", "lang": "en", "text": "To list files, run ls in the folder.", "pairs": []},
    # en: labelled, nothing found: a miss of purpose-method.
    {
        "id": "frames",
        "lang": "en",
        "text": "Frames hold text.",
        "pairs": [{"instruction": "What do frames hold?", "output": "Text.", "pattern": PM}],
    },
    # en: found but unlike the label (no pattern named): a false pair and a miss of all.
    {
        "id": "print",
        "lang": "en",
        "text": "To print a page, choose File - Print.",
        "pairs": [{"instruction": "How do I print?", "output": "Open the printer dialog box."}],
    },
    # zh: a hit.
    {
        "id": "ruler",
        "lang": "zh",
        "text": "要显示或隐藏标尺，选择「视图 - 标尺」。",
        "pairs": [
            {
                "instruction": "如何显示或隐藏标尺？",
                "output": "选择「视图 - 标尺」。",
                "pattern": PM,
            }
        ],
    },
]


@pytest.fixture
def files(tmp_path):
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(RECIPE, encoding="utf-8")
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in PASSAGES), encoding="utf-8"
    )
    return recipe, labelled


def test_figures_per_pattern_and_language_are_those_counted_by_hand(files):
    recipe_path, labelled = files
    registry = builtin_registry()
    result = measure(load_recipe(recipe_path, registry), registry, load_labelled(labelled))
    en, zh = result.score(PM, "en"), result.score(PM, "zh")
    # en: 3 pairs found (delete, list, print), 1 matches; 2 labels name the pattern, 1 found.
    assert (en.pairs, en.hits, en.precision, en.gold, en.recall) == (3, 1, 0.333, 2, 0.5)
    assert (zh.pairs, zh.hits, zh.precision, zh.recall) == (1, 1, 1.0, 1.0)
    # all: every label counts, the one without a pattern too.
    overall = result.score("all", "en")
    assert (overall.precision, overall.gold, overall.recall) == (0.333, 3, 0.333)
    assert result.score("faq", "en").pairs == 0
    falses = sorted((p, passage) for p, passage, _, _ in result.false_pairs)
    assert falses == [(PM, "list"), (PM, "print")]
    assert sorted((p, passage) for p, passage, _, _ in result.misses) == [
        ("", "print"),
        (PM, "frames"),
    ]


def test_the_command_prints_the_table_and_writes_the_precision_a_plugin_ships(files, capsys):
    recipe, labelled = files
    shipped = labelled.parent / "precision.json"
    other = {"version": "2.0.0", "languages": {"en": {"precision": 0.97}}}
    shipped.write_text(json.dumps({"measured": "2026-01-01", "patterns": {"mine": other}}))
    code = main(
        ["measure", "--recipe", str(recipe), str(labelled), "--write-precision", str(shipped)]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "purpose-method    en        0.333   0.500      3     2" in out
    assert "no pairs and no labels: faq" in out
    assert "false pair (purpose-method) in list: How do I list files? → " in out
    assert "miss (purpose-method) in frames: What do frames hold? → Text." in out
    written = json.loads(shipped.read_text("utf-8"))
    assert written["patterns"]["mine"] == other  # patterns not measured now are kept
    assert set(written["patterns"]) == {"mine", PM}
    assert shipped_precision(shipped, PM, PurposeMethod.version) == {"en": 0.333, "zh": 1.0}
    assert shipped_precision(shipped, PM, "0.0.1") == {}  # another version is unmeasured
    assert shipped_precision(shipped.parent / "missing.json", PM, PurposeMethod.version) == {}


def test_a_malformed_label_is_named_with_its_file_and_line(files, capsys):
    recipe, labelled = files
    lines = labelled.read_text("utf-8").splitlines()
    broken = json.loads(lines[1])
    broken["pairs"] = [{"instruction": "How?", "output": " "}]
    lines[1] = json.dumps(broken)
    labelled.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["measure", "--recipe", str(recipe), str(labelled)]) == 1
    err = capsys.readouterr().err
    assert f"{labelled}:2: pair 1 needs non-empty 'instruction' and 'output' strings" in err
    empty = labelled.with_name("empty.jsonl")
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(ZhilingError, match="no labelled passages"):
        load_labelled(empty)


def test_units_count_han_characters_and_latin_words_not_punctuation():
    assert units("使用 `cd ..`。") == Counter({"使": 1, "用": 1, "cd": 1})
    assert f1("Run `cd ..`.", "Run `cd ..`.") == 1.0
    assert f1("Press F9.", "按 F9。") == pytest.approx(0.5)
    # Units: run, cd | 使, 用, cd, 命, 令; one in common: P 1/2, R 1/5, F1 2/7.
    assert f1("Run `cd ..`.", "使用 cd .. 命令") == pytest.approx(2 / 7)
    assert f1("abc", "按") == 0.0


def test_a_leading_goal_clause_may_be_kept_or_dropped():
    # A reader kept the clause, the pattern dropped it (random held-out 3, en-100): the same
    # answer. Without the clause the F1 would be 0.56, under the threshold.
    kept = "To change the status of the snap grip only for the current action, drag an object."
    assert f1("Drag an object.", kept) == 1.0
    assert f1("请按 Ctrl 键。", "要只为当前操作更改吸附网格的状态，请按 Ctrl 键。") == 1.0
    # Only a leading clause: one inside the answer is part of it.
    assert f1("Drag an object.", "Drag an object to change the status of the snap grip.") < 0.6


def test_matching_is_one_to_one_and_takes_the_best_pairs_first():
    predicted = [{"output": "请运行 apt update"}, {"output": "请运行 apt update"}]
    gold = [{"output": "请运行：apt update"}, {"output": "完全不同的内容"}]
    assert match(predicted, gold) == [(0, 0)]
    assert match([{"output": "选择「视图 - 标尺」"}], gold) == []


def test_the_built_in_labelled_sets_score_as_the_benchmark_scores_them(tmp_path):
    root = Path(__file__).resolve().parents[2]
    script = root / "benchmarks" / "extraction.py"
    spec = importlib.util.spec_from_file_location("extraction", script)
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    heldout = root / "tests" / "data" / "extraction" / "heldout.jsonl"
    passages = benchmark.load(heldout)
    kept, versions, _drops = benchmark.predictions(passages)
    expected = benchmark.score(passages, kept, sorted(versions))
    registry = builtin_registry()
    steps = "".join(f"  - extract: {name}\n" for name in sorted(versions))
    recipe = tmp_path / "all.yaml"
    recipe.write_text(RECIPE.split("steps:")[0] + f"steps:\n{steps}  - filter: pair-quality\n")
    result = measure(load_recipe(recipe, registry), registry, load_labelled(heldout))
    for name, per_lang in expected.items():
        if name not in versions and name != "overall":
            continue  # a group row of the benchmark's own (the prose patterns pooled)
        for lang, figures in per_lang.items():
            score = result.score("all" if name == "overall" else name, lang)
            assert score.figures() == figures, (name, lang)
