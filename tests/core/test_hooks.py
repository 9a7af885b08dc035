"""Each hook, exercised through a fresh plugin manager the way a third-party plugin uses it."""

from __future__ import annotations

import pytest

from tests.conftest import QUICKSTART, REPO
from zhiling import PluginError, hookimpl
from zhiling.card import CardContext
from zhiling.kinds import KINDS
from zhiling.manager import make_plugin_manager, reject_unknown_hooks
from zhiling.recipe import load_recipe
from zhiling.registry import Registry


class Shouting:
    """A filter dropping records written in capitals."""

    def reason_to_drop(self, record):
        return "shouting" if record.get("text", "").isupper() else None


def _registry_with(plugin: object, name: str = "third-party") -> Registry:
    pm = make_plugin_manager(installed=False)
    pm.register(plugin, name=name)
    return Registry(pm)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_registration_hook_adds_a_component_owned_by_its_plugin(kind):
    class Plugin:
        pass

    def register_things(register):
        register(f"my-{kind}", Shouting)

    setattr(Plugin, KINDS[kind].hook, staticmethod(hookimpl(register_things)))
    registry = _registry_with(Plugin())
    component = registry.get(kind, f"my-{kind}")
    assert component.plugin == "third-party"
    assert component.factory is Shouting


def _run_quickstart_with(tmp_path, plugin, old="", new=""):
    recipe = tmp_path / "recipe.yaml"
    text = (
        QUICKSTART.read_text()
        .replace("../tests/", f"{REPO}/tests/")
        .replace("../releases", "releases")
    )
    recipe.write_text(text.replace(old, new) if old else text)
    pm = make_plugin_manager(installed=False)
    pm.register(plugin, name="third-party")
    from tests.conftest import working_directory
    from zhiling.run import run_recipe

    with working_directory(tmp_path):
        return run_recipe(recipe, pm=pm, workers=1)


def test_hook_register_sources():
    registry = Registry(make_plugin_manager(installed=False))
    assert {"text-files", "jsonl"} <= set(registry.names("source"))


def test_hook_register_segmenters():
    registry = Registry(make_plugin_manager(installed=False))
    assert {"jieba", "regex-words"} <= set(registry.names("segmenter"))


def test_hook_register_filters(tmp_path):
    class Plugin:
        @hookimpl
        def register_filters(self, register):
            register("shouting", Shouting)

    result = _run_quickstart_with(
        tmp_path, Plugin(), "  - extract: purpose", "  - filter: shouting\n  - extract: purpose"
    )
    assert any("filter 'shouting'" in step["step"] for step in result.manifest["steps"])


def test_hook_register_extractors():
    registry = Registry(make_plugin_manager(installed=False))
    extractor = registry.get("extractor", "purpose-method").factory()
    assert extractor.name == "purpose-method"
    assert extractor.version


def test_hook_register_dedupers():
    assert "exact" in Registry(make_plugin_manager(installed=False)).names("deduper")


def test_hook_register_audits(tmp_path):
    class Counting:
        def __init__(self):
            self.seen = 0

        def observe(self, record):
            self.seen += 1

        def report(self):
            return {"records": self.seen}

    class Plugin:
        @hookimpl
        def register_audits(self, register):
            register("counting", Counting)

    result = _run_quickstart_with(tmp_path, Plugin(), "audits:\n", "audits:\n  - audit: counting\n")
    assert result.manifest["audits"]["counting"] == {
        "records": sum(result.manifest["configs"]["all"].values())
    }
    assert "counting" in (tmp_path / "releases/quickstart/0.1.0/README.md").read_text()


def test_hook_register_release_targets(tmp_path):
    published = []

    class Remember:
        def publish(self, release_dir, manifest):
            published.append(sorted(p.name for p in release_dir.iterdir()))
            return "memory"

    class Plugin:
        @hookimpl
        def register_release_targets(self, register):
            register("memory", Remember)

    result = _run_quickstart_with(
        tmp_path, Plugin(), "    path: releases", "    path: releases\n  - publish: memory"
    )
    assert result.destinations[1] == "memory"
    assert published == [["README.md", "all", "charts", "en", "manifest.json", "report.json", "zh"]]


def test_hook_register_trainers(tmp_path):
    class Plugin:
        @hookimpl
        def register_trainers(self, register):
            register("noop", lambda *, epochs=1: None)

    recipe = tmp_path / "r.yaml"
    recipe.write_text(
        QUICKSTART.read_text()
        .replace("../tests/", f"{REPO}/tests/")
        .replace("../releases", "releases")
        + "train:\n  use: noop\n  epochs: 2\n"
    )
    loaded = load_recipe(recipe, _registry_with(Plugin()))
    assert loaded.train is not None
    assert loaded.train.options == {"epochs": 2}


def test_hook_register_executors(tmp_path):
    calls = []

    class Serial:
        parallelism = 2

        def map_shards(self, task, count):
            calls.append(count)
            return [task(index, count) for index in range(count)]

    class Plugin:
        @hookimpl
        def register_executors(self, register):
            register("serial", Serial)

    recipe = tmp_path / "r.yaml"
    recipe.write_text(
        QUICKSTART.read_text()
        .replace("../tests/", f"{REPO}/tests/")
        .replace("../releases", "releases")
        + "executor:\n  use: local\n  workers: 1\n"
    )
    registry = _registry_with(Plugin())
    assert "serial" in registry.names("executor")
    assert load_recipe(recipe, registry).executor.options == {"workers": 1}


def test_hook_stopwords_for_language():
    class French:
        @hookimpl
        def stopwords_for_language(self, language):
            return frozenset({"le", "la", "et"}) if language == "fr" else None

    pm = make_plugin_manager(installed=False)
    pm.register(French(), name="french")
    assert pm.hook.stopwords_for_language(language="fr") == {"le", "la", "et"}
    assert "的" in pm.hook.stopwords_for_language(language="zh")
    assert pm.hook.stopwords_for_language(language="xx") is None


def test_hook_render_dataset_card(tmp_path):
    class Plain:
        @hookimpl
        def render_dataset_card(self, context: CardContext):
            return context.front_matter() + f"\n# {context.name} by a plugin\n"

    _run_quickstart_with(tmp_path, Plain())
    card = (tmp_path / "releases/quickstart/0.1.0/README.md").read_text()
    assert card.startswith("---\n")
    assert card.endswith("# quickstart by a plugin\n")


def test_a_name_registered_twice_is_an_error_naming_both():
    class Again:
        @hookimpl
        def register_filters(self, register):
            register("stopword-ratio", Shouting)

    with pytest.raises(PluginError, match="filter 'stopword-ratio' is registered twice") as error:
        _registry_with(Again(), name="again")
    assert "plugin 'again'" in str(error.value)
    assert "zhiling.plugins.filters.stopwords" in str(error.value)


def test_a_misspelt_hook_is_an_error_with_a_suggestion():
    class Typo:
        @hookimpl
        def register_filter(self, register):
            register("x", Shouting)

    pm = make_plugin_manager(installed=False)
    pm.register(Typo(), name="typo")
    with pytest.raises(PluginError, match="did you mean 'register_filters'") as error:
        reject_unknown_hooks(pm)
    assert "ZHILING_DISABLE_PLUGINS=typo" in str(error.value)


def test_a_plugin_raising_while_registering_is_named():
    class Broken:
        @hookimpl
        def register_sources(self, register):
            raise RuntimeError("missing model file")

    with pytest.raises(PluginError, match="plugin 'broken' failed in register_sources"):
        _registry_with(Broken(), name="broken")
