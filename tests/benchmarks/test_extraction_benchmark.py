"""The benchmark's matching rule and the labelled sets it reads."""

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from zhiling import measure

ROOT = Path(__file__).parents[2]
SPEC = importlib.util.spec_from_file_location("extraction", ROOT / "benchmarks" / "extraction.py")
extraction = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(extraction)


def test_the_benchmark_matches_pairs_by_the_rule_zhiling_measure_uses():
    assert extraction.match is measure.match
    assert extraction.THRESHOLD == measure.THRESHOLD


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
