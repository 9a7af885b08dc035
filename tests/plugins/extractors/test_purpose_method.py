import pytest

from zhiling.plugins.extractors.purpose_method import PurposeMethod


def test_zh_purpose_then_method_with_following_code(pairs):
    text = "要列出所有可以更新到新版本的软件包，请运行：\n\n    apt list --upgradable\n"
    [record] = pairs(PurposeMethod(), text, "zh")
    assert record["instruction"] == "如何列出所有可以更新到新版本的软件包？"
    assert record["output"] == "请运行：\napt list --upgradable"
    assert record["pattern"] == {"name": "purpose-method", "version": PurposeMethod.version}
    first, code = record["source"]["spans"]
    assert text[first[0] : first[1]].startswith("要列出")
    assert "apt list" in text[code[0] : code[1]]


def test_en_goal_becomes_my_question_and_method_is_capitalised(pairs):
    text = "To update the list of packages known by your system, you can run:\n\n    apt update\n"
    [record] = pairs(PurposeMethod(), text, "en")
    assert record["instruction"] == "How do I update the list of packages known by my system?"
    assert record["output"] == "You can run:\napt update"


def test_one_can_and_a_method_naming_its_tool(pairs):
    # kernel-parameters: "one can use" is a modal like "you can"
    text = "To disable the printer driver entirely, one can use lp=0."
    [record] = pairs(PurposeMethod(), text, "en")
    assert (record["instruction"], record["output"]) == (
        "How do I disable the printer driver entirely?",
        "One can use lp=0.",
    )
    # create type(7): 「可用 X」 names the tool; the next sentence with 如果 carries it on
    text = "要声明分隔符，可用 delimiter 声明指定分隔符。如果不声明，缺省的分隔符是逗号。"
    [record] = pairs(PurposeMethod(), text, "zh")
    assert record["output"] == "可用 delimiter 声明指定分隔符。如果不声明，缺省的分隔符是逗号。"


def test_zh_menu_and_key_methods(pairs):
    text = "若要删除一个框架，请单击框架的边框，然后按 Delete 键。"
    [record] = pairs(PurposeMethod(), text, "zh")
    assert record["instruction"] == "如何删除一个框架？"
    assert record["output"] == "请单击框架的边框，然后按 Delete 键。"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("要做到这一点，您需要安装 sudo 软件包。", "zh"),  # anaphoric goal
        ("要了解更多细节，请参阅 apt-get(8) 手册页。", "zh"),  # pointer
        ("为了减少网络流量，下载的软件包被存储为缓存文件。", "zh"),  # description
        ("如果需要实时更新的画面，请使用 top。", "zh"),  # noun after 需要
        ("要将其他数据源注册为通讯簿，请选择此选项。", "zh"),  # the answer is the page's control
        ("要修改图表类型，请按以下步骤操作：\n\n1. 双击图表。\n2. 选择类型。", "zh"),
        ("To do so, click OK in the dialog.", "en"),
        ("To learn more about the options, see apt-get(8).", "en"),
        ("To make your work easier, LibreOffice keeps a list of recent documents.", "en"),
        ("To the extent permitted by law, the authors disclaim all warranties.", "en"),
        ("To print a page, choose File - Print.", "zh"),  # English left in a zh manual
    ],
)
def test_negatives_yield_nothing(pairs, text, lang):
    assert pairs(PurposeMethod(), text, lang) == []


def test_other_languages_are_skipped(pairs):
    assert pairs(PurposeMethod(), "To delete a frame, click its border.", "fr") == []
