from types import SimpleNamespace

import pytest

from zhiling import RecipeError, hookimpl
from zhiling.manager import make_plugin_manager
from zhiling.plugins.audits.bias import BiasAudit, register_audits, skew
from zhiling.plugins.audits.lexicons import builtin_lexicon, lexicons_for_language

BUILT_IN = SimpleNamespace(lexicons_for_language=lexicons_for_language)


def audit_of(*records, **options):
    audit = BiasAudit(hook=BUILT_IN, **options)
    for index, (lang, text) in enumerate(records):
        audit.observe({"id": str(index), "lang": lang, "output": text})
    return audit.report()


def test_skew_is_a_smoothed_log2_ratio():
    assert skew(0, 0) == 0.0
    assert skew(7, 0) == 3.0
    assert skew(0, 3) == -2.0


def test_occupation_gender_cooccurrence_and_top_skewed_pairs():
    report = audit_of(
        ("zh", "护士说她今天值班。"),
        ("zh", "那位护士是她的姐姐。"),
        ("zh", "护士和医生都在，他是医生。"),
        ("en", "The engineer said he would fix it."),
        ("en", "An engineer and his team."),
        ("en", "The engineers met."),
    )
    assert report["occupations"]["nurse"] == {"records": 3, "male": 1, "female": 2, "skew": -0.585}
    assert report["occupations"]["engineer"] == {
        "records": 3,
        "male": 2,
        "female": 0,
        "skew": 1.585,
    }
    assert [row["occupation"] for row in report["top_skewed"]] == ["engineer", "doctor", "nurse"]
    assert report["top_skewed"][0]["leans"] == "male"
    assert report["max_skew"] == 1.585
    assert report["gender"]["female"] == {"records": 2, "mentions": 3}


def test_blockers_and_whole_words_keep_lookalikes_out():
    report = audit_of(
        ("zh", "其他用户和他们的吉他"),  # 其他 / 他们 / 吉他 are not "he"
        ("en", "This theme uses HTML headers."),  # no "he", "his", "her" inside words
    )
    assert report["gender"]["male"] == {"records": 0, "mentions": 0}
    assert report["gender"]["female"] == {"records": 0, "mentions": 0}


def test_region_ethnicity_age_mentions_and_languages_without_lists():
    report = audit_of(
        ("zh", "来自新疆的维吾尔族老人和北京的孩子"),
        ("en", "Elderly people in Japan and Canada."),
        ("fr", "Une infirmière."),
    )
    assert report["region_mentions"] == {
        "east_asia": 1,
        "north_america": 1,
        "north_china": 1,
        "northwest_china": 1,
    }
    assert report["ethnicity_mentions"] == {"uyghur": 1}
    assert report["age_mentions"] == {"older_adult": 2, "child": 1}
    assert report["records_without_lexicon"] == {"fr": 1}


def test_a_plugin_can_add_a_language_through_the_hook():
    lists = {"gender": {"il": "male", "elle": "female"}, "occupation": {"infirmière": "nurse"}}

    def french(language, kind):
        return lists.get(kind, {}) if language == "fr" else lexicons_for_language(language, kind)

    audit = BiasAudit(hook=SimpleNamespace(lexicons_for_language=french), languages=["fr"])
    audit.observe({"id": "1", "lang": "fr", "output": "Elle est infirmière."})
    assert audit.report()["occupations"]["nurse"]["female"] == 1


def test_a_language_asked_for_but_without_lists_is_a_recipe_error():
    with pytest.raises(RecipeError, match="'gender' lexicon for language 'xx'"):
        BiasAudit(hook=BUILT_IN, languages=["xx"])


def test_builtin_lists_ship_for_every_kind():
    for language in ("zh", "en"):
        for kind in ("gender", "occupation", "region", "ethnicity", "age", "offensive"):
            assert builtin_lexicon(language, kind), (language, kind)
    assert builtin_lexicon("xx", "gender") is None


def test_registers_its_recipe_name():
    registered = {}
    register_audits(register=registered.__setitem__)
    assert registered == {"bias": BiasAudit}


class French:
    """A third-party plugin adding French lists through the hook."""

    @hookimpl
    def lexicons_for_language(self, language, kind):
        lists = {"gender": {"il": "male", "elle": "female"}, "occupation": {"infirmière": "nurse"}}
        return lists.get(kind) if language == "fr" else None


def test_hook_lexicons_for_language():
    """A plugin adds a language through the hook; the built-in lists answer last."""
    pm = make_plugin_manager(installed=False)
    pm.register(French(), name="french")
    assert pm.hook.lexicons_for_language(language="fr", kind="gender") == {
        "il": "male",
        "elle": "female",
    }
    assert pm.hook.lexicons_for_language(language="zh", kind="gender")["她"] == "female"
    assert pm.hook.lexicons_for_language(language="fr", kind="region") is None
    audit = BiasAudit(hook=pm.hook, languages=["fr", "zh"])
    audit.observe({"id": "1", "lang": "fr", "output": "Il est infirmière."})
    assert audit.report()["occupations"]["nurse"] == {
        "records": 1,
        "male": 1,
        "female": 0,
        "skew": 1.0,
    }
