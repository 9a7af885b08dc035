import pytest

from zhiling import RecipeError
from zhiling.manager import make_plugin_manager
from zhiling.plugins.filters.pair_quality import PairQuality, prose_language, register_filters


@pytest.fixture(scope="module")
def hook():
    return make_plugin_manager(installed=False).hook


def pair(instruction, output, lang):
    return {"id": "p", "instruction": instruction, "output": output, "lang": lang}


@pytest.mark.parametrize("hmm", [True, False])
@pytest.mark.parametrize(
    ("instruction", "output", "lang", "reason"),
    [
        ("如何列出所有可以更新的软件包？", "请运行：\napt list --upgradable", "zh", None),
        ("如何这样做？", "请单击「确定」。", "zh", "anaphoric_goal"),
        ("How do I do so?", "Click OK.", "en", "anaphoric_goal"),
        (
            "如何查看更新日志？",
            "请参阅 /usr/share/doc/foo/changelog.Debian.gz。",
            "zh",
            "cross_reference_only",
        ),
        (
            "How do I read the changelog?",
            "See /usr/share/doc/foo/changelog.gz.",
            "en",
            "cross_reference_only",
        ),
        (
            "如何打印当前页？",
            "Choose File - Print and select Current page.",
            "zh",
            "other_language",
        ),
        ("How do I print a page?", "选择「文件 - 打印」。", "en", "other_language"),
        (
            "如何配置？",
            "你需要按下面的方法配置：\n# dpkg-reconfigure locales",
            "zh",
            "too_few_content_words",
        ),
        ("How do I open it?", "Choose Tools - Options.", "en", "too_few_content_words"),
        ("如何显示帮助信息？", "使用 --help 选项：显示此帮助信息并退出", "zh", "boilerplate"),
        (
            "What does the `--version` option of `ls` do?",
            "Use `--version`: output version information",
            "en",
            "boilerplate",
        ),
        ("全选的快捷键是什么？", "按 Ctrl+A。", "zh", "too_few_content_words"),
        ("在当前工作表中重新计算公式的快捷键是什么？", "按 F9。", "zh", None),
        (
            "What does the `-p` option of `mkdir` do?",
            "Use `-p, --parents`: make parents",
            "en",
            None,
        ),
        ("如何打开「排序」？", "选择「数据 - 排序」。", "zh", None),
    ],
)
def test_reasons(hook, hmm, instruction, output, lang, reason):
    quality = PairQuality(hook=hook, hmm=hmm)
    assert quality.reason_to_drop(pair(instruction, output, lang)) == reason


def test_documents_pass_and_output_text_is_untouched(hook):
    quality = PairQuality(hook=hook)
    document = {"id": "d", "text": "如何这样做？", "lang": "zh"}
    assert quality.reason_to_drop(document) is None
    kept = pair("如何列出所有可以更新的软件包？", "请运行：\napt list --upgradable", "zh")
    before = dict(kept)
    quality.reason_to_drop(kept)
    assert kept == before


def test_content_words_skip_stop_words_and_keep_code_whole(hook):
    words = PairQuality(hook=hook).content_words("如何使用 --all 选项列出的文件？", "zh")
    assert "--all" in words
    assert "的" not in words
    assert "如何" not in words


def test_threshold_is_an_option(hook):
    record = pair("How do I open it?", "Choose Tools - Options.", "en")
    assert PairQuality(hook=hook, min_content_words=0).reason_to_drop(record) is None
    with pytest.raises(RecipeError, match="min_content_words"):
        PairQuality(hook=hook, min_content_words=-1)


def test_prose_language_ignores_code_and_keys():
    assert prose_language("按 Ctrl+A。") == "zh"
    assert prose_language("使用 `dpkg --purge foo`。") == "zh"
    assert prose_language("`ls -la`") is None


def test_registers_its_recipe_name():
    registered = {}
    register_filters(register=registered.__setitem__)
    assert registered == {"pair-quality": PairQuality}
