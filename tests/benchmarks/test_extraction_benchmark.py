"""The benchmark's matching rule and the labelled sets it reads."""

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SPEC = importlib.util.spec_from_file_location("extraction", ROOT / "benchmarks" / "extraction.py")
extraction = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(extraction)


def test_units_count_han_characters_and_latin_words_not_punctuation():
    assert extraction.units("使用 `cd ..`。") == Counter({"使": 1, "用": 1, "cd": 1})
    assert extraction.f1("Run `cd ..`.", "Run `cd ..`.") == 1.0
    assert extraction.f1("Press F9.", "按 F9。") == pytest.approx(0.5)
    assert extraction.f1("abc", "按") == 0.0


def test_matching_is_one_to_one_and_takes_the_best_pairs_first():
    predicted = [{"output": "请运行 apt update"}, {"output": "请运行 apt update"}]
    gold = [{"output": "请运行：apt update"}, {"output": "完全不同的内容"}]
    assert extraction.match(predicted, gold) == [(0, 0)]
    assert extraction.match([{"output": "选择「视图 - 标尺」"}], gold) == []


@pytest.mark.parametrize("name", ["dev.jsonl", "heldout.jsonl"])
def test_labelled_sets_are_well_formed(name):
    passages = [
        json.loads(line)
        for line in (ROOT / "tests" / "data" / "extraction" / name).read_text("utf-8").splitlines()
    ]
    assert len({p["id"] for p in passages}) == len(passages)
    for passage in passages:
        assert passage["lang"] in ("zh", "en")
        assert passage["text"].strip()
        for pair in passage["gold"]:
            assert set(pair) == {"instruction", "output", "pattern"}
            assert pair["instruction"].strip()
            assert pair["output"].strip()


def test_dev_set_has_enough_passages_and_explicit_empty_cases():
    lines = (ROOT / "tests" / "data" / "extraction" / "dev.jsonl").read_text("utf-8").splitlines()
    passages = [json.loads(line) for line in lines]
    per_lang = Counter(p["lang"] for p in passages)
    empty = Counter(p["lang"] for p in passages if not p["gold"])
    assert per_lang["zh"] >= 150
    assert per_lang["en"] >= 150
    assert empty["zh"] >= 20
    assert empty["en"] >= 20
