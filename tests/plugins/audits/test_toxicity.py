from types import SimpleNamespace

import pytest

from zhiling import RecipeError
from zhiling.plugins.audits.lexicons import lexicons_for_language
from zhiling.plugins.audits.toxicity import (
    OffensiveFilter,
    ToxicityAudit,
    register_audits,
    register_filters,
)

BUILT_IN = SimpleNamespace(lexicons_for_language=lexicons_for_language)
RECORDS = [
    {"id": "c", "lang": "zh", "output": "你这个傻逼，滚。"},
    {"id": "a", "lang": "en", "output": "What the fuck, you idiot."},
    {"id": "b", "lang": "zh", "output": "这是妈妈的电脑，请用 kill 命令结束进程。"},
    {"id": "d", "lang": "en", "output": "Kill the process, then shitake mushrooms."},
]


def test_counts_hits_by_category_and_keeps_sorted_sample_ids():
    audit = ToxicityAudit(hook=BUILT_IN, samples=1)
    for record in RECORDS:
        audit.observe(record)
    report = audit.report()
    assert report["hits"] == 3
    assert report["records_with_hits"] == 2
    assert report["by_category"] == {"insult": 2, "profanity": 1}
    assert report["by_language"] == {"en": 2, "zh": 1}
    assert report["sample_ids"] == ["a"]


def test_the_filter_drops_offensive_records_only():
    keep_all_but = OffensiveFilter(hook=BUILT_IN)
    assert [keep_all_but.reason_to_drop(r) for r in RECORDS] == [
        "offensive_language",
        "offensive_language",
        None,
        None,
    ]
    profanity_only = OffensiveFilter(hook=BUILT_IN, categories=["profanity"])
    assert profanity_only.reason_to_drop(RECORDS[0]) is None
    with pytest.raises(RecipeError, match="min_hits"):
        OffensiveFilter(hook=BUILT_IN, min_hits=0)


def test_registers_its_recipe_names():
    audits, filters = {}, {}
    register_audits(register=audits.__setitem__)
    register_filters(register=filters.__setitem__)
    assert audits == {"toxicity": ToxicityAudit}
    assert filters == {"offensive": OffensiveFilter}
