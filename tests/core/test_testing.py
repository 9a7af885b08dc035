"""zhiling.testing: the helpers plugin authors use to run one component on literal text."""

from __future__ import annotations

import json
from types import ModuleType

import pytest

from zhiling import PluginError, RecipeError, StepError, hookimpl
from zhiling.manager import DISABLE_VARIABLE
from zhiling.plugins.dedupers.exact import ExactDeduper
from zhiling.plugins.extractors.purpose_method import PurposeMethod
from zhiling.plugins.filters.stopwords import StopwordRatio
from zhiling.plugins.segmenters.regex_words import RegexWords
from zhiling.testing import (
    StandInHook,
    builtin_registry,
    components_of,
    document,
    extract,
    plugin_hook,
    read_file,
    run_step,
)

GUIDE = "# Files\n\nTo list files, run ls in the folder.\n\n1. Open a terminal.\n2. Run ls.\n"


def plugin(name: str, **hooks: object) -> ModuleType:
    """Return a module named ``name`` holding ``hooks`` as hook implementations."""
    module = ModuleType(name)
    for hook_name, function in hooks.items():
        setattr(module, hook_name, hookimpl(function))
    return module


def test_document_has_the_structure_the_text_files_source_finds():
    doc = document(GUIDE, lang="en")
    kinds = [block["kind"] for block in doc["blocks"]]
    assert kinds == ["heading", "paragraph", "list_item", "list_item"]
    heading, _paragraph, _first_item, second_item = doc["blocks"]
    # Spans hold the words only: no "#" before a title, no "2." before an item.
    assert doc["text"][heading["start"] : heading["end"]] == "Files"
    assert doc["text"][second_item["start"] : second_item["end"]] == "Run ls."
    assert second_item["attrs"]["ordered"] is True
    assert second_item["attrs"]["position"] == 2
    assert second_item["heading"] == ["Files"]
    assert doc["meta"] == {"source": "document.txt", "license": "CC0-1.0"}


def test_document_ids_are_stable_and_the_language_is_guessed():
    assert document(GUIDE)["id"] == document(GUIDE)["id"] != document(GUIDE + "More.\n")["id"]
    assert document("要列出文件，请运行 ls 命令。")["lang"] == "zh"
    assert document(GUIDE)["lang"] == "en"


def test_document_blocks_can_be_left_out_or_given():
    assert "blocks" not in document(GUIDE, blocks=False)
    given = [{"kind": "paragraph", "start": 0, "end": 7}]
    assert document(GUIDE, blocks=given)["blocks"] == given


def test_document_refuses_text_the_source_would_drop():
    with pytest.raises(ValueError, match="binary_content"):
        document("a\x00b")


def test_run_step_filters_and_counts_reasons():
    hook = StandInHook({"en": ["the", "a"]})
    records = [
        {"id": "prose", "lang": "en", "words": ["the", "cat", "sat"]},
        {"id": "soup", "lang": "en", "words": ["cheap", "phones"]},
        {"id": "empty", "lang": "en", "words": []},
    ]
    result = run_step(StopwordRatio(min_ratio=0.3, hook=hook), records)
    assert [record["id"] for record in result.records] == ["prose"]
    assert result.reasons() == {"too_few_stopwords": 1, "no_words": 1}
    assert [record["id"] for record, _reason in result.dropped] == ["soup", "empty"]


def test_run_step_segments_a_single_record():
    (record,) = run_step(RegexWords(), document("Run ls now.", lang="en")).records
    assert record["words"] == ["Run", "ls", "now"]


def test_run_step_runs_a_deduper_with_its_removals():
    records = [{"id": "a", "output": "x"}, {"id": "b", "output": "x"}]
    result = run_step(ExactDeduper(), records)
    assert len(result.records) == 1
    assert len(result.dropped) == 1


def test_an_extractor_that_finds_nothing_drops_the_document_as_a_run_would():
    result = run_step(PurposeMethod(), document("Nothing to see here.", lang="en"))
    assert result.records == []
    assert result.reasons() == {"no_output": 1}


def test_run_step_reports_a_failing_component_like_a_run():
    with pytest.raises(StepError, match=r"failed on record 'nowords'.*add a '- segment:'"):
        run_step(StopwordRatio(hook=StandInHook({"en": []})), {"id": "nowords", "lang": "en"})


def test_run_step_refuses_what_is_no_step():
    with pytest.raises(TypeError, match="is no step"):
        run_step(object(), [])


def test_extract_runs_an_extractor_on_literal_text():
    (pair,) = extract(PurposeMethod(), "要列出文件，请运行 ls 命令。", lang="zh")
    assert pair["instruction"] == "如何列出文件？"
    assert pair["output"] == "请运行 ls 命令。"
    assert pair["pattern"] == {"name": "purpose-method", "version": PurposeMethod.version}


def test_the_stand_in_hook_answers_like_the_relay():
    hook = StandInHook({"xx": ["a"]})
    assert hook.stopwords_for_language(language="xx") == frozenset({"a"})
    assert hook.stopwords_for_language(language="yy") is None
    with pytest.raises(TypeError):
        hook.stopwords_for_language("xx")  # type: ignore[misc]
    with pytest.raises(RecipeError, match="'yy'"):
        StopwordRatio(language="yy", hook=hook)


def test_plugin_hook_is_the_real_relay_with_extra_plugins():
    french = plugin("french", stopwords_for_language=lambda language: _fr(language))
    hook = plugin_hook(french)
    assert hook.stopwords_for_language(language="fr") == frozenset({"le", "la"})
    assert "the" in hook.stopwords_for_language(language="en")
    assert plugin_hook().stopwords_for_language(language="fr") is None


def _fr(language: str) -> frozenset[str] | None:
    return frozenset({"le", "la"}) if language == "fr" else None


def test_components_of_lists_what_a_plugin_registers():
    def register_filters(register):
        register("keep-all", object)
        register("keep-none", object)

    assert components_of(plugin("mine", register_filters=register_filters)) == {
        "filter": ["keep-all", "keep-none"]
    }


def test_components_of_rejects_a_misspelt_hook_naming_plugin_and_fix():
    with pytest.raises(PluginError) as raised:
        components_of(plugin("typo", register_filter=lambda register: None))
    message = str(raised.value)
    assert "'typo'" in message
    assert "did you mean 'register_filters'?" in message
    assert f"{DISABLE_VARIABLE}=typo" in message
    assert "\n" not in message


def test_components_of_rejects_a_name_a_built_in_has():
    def register_filters(register):
        register("stopword-ratio", object)

    with pytest.raises(PluginError, match="'stopword-ratio' is registered twice") as raised:
        components_of(plugin("clash", register_filters=register_filters))
    assert "plugin 'clash'" in str(raised.value)
    assert DISABLE_VARIABLE in str(raised.value)


def test_read_file_reads_one_file_with_any_source_taking_paths(tmp_path):
    lines = [{"text": "To list files, run ls.", "lang": "en"}, {"text": "Run pwd."}]
    path = tmp_path / "pairs.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    records = read_file(path, source="jsonl", registry=builtin_registry(), lang="de")
    assert [record["text"] for record in records] == ["To list files, run ls.", "Run pwd."]
    assert [record["lang"] for record in records] == ["en", "de"]


def test_read_file_names_the_options_a_source_has(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("text", encoding="utf-8")
    with pytest.raises(RecipeError, match=r"no option 'encoding'.*options: paths, license"):
        read_file(path, source="text-files", registry=builtin_registry(), encoding="latin-1")
    with pytest.raises(RecipeError, match="did you mean 'text-files'"):
        read_file(path, source="text-file", registry=builtin_registry())
