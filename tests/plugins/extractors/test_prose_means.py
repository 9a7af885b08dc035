"""prose-means on real sentences from the debian-instruct packages."""

from zhiling.plugins.extractors.prose_means import ProseMeans
from zhiling.plugins.sources.text_files import blocks_of


def document(text: str, lang: str, source: str = "manual.txt") -> dict:
    return {
        "id": "doc",
        "text": text,
        "lang": lang,
        "meta": {"source": source, "license": "CC0-1.0"},
        "blocks": blocks_of(text),
    }


def one(text: str, lang: str, source: str = "manual.txt") -> tuple[str, str]:
    [record] = ProseMeans().extract(document(text, lang, source))
    return record["instruction"], record["output"]


def test_zh_means_then_goal_names_the_command_of_the_man_page():
    text = (
        "# systemd-escape(1)\n\n## 描述\n\n"
        "systemd-escape 可用于 转义单元名称中的特殊字符， 也可用于还原操作。"
    )
    question, _ = one(text, "zh")
    assert question == "如何用 systemd-escape 转义单元名称中的特殊字符？"


def test_zh_click_gives_and_method_after_goal():
    source = (
        "libreoffice-help-zh-cn_7.4_all.deb:usr/share/libreoffice/help/zh-CN/text/shared/x.html"
    )
    question, output = one(
        "# 传真向导\n\n## 返回\n\n点击「返回」按钮可以查看在以前的页面中选择的设置。"
        "点击此按钮不会修改或删除当前设置。",
        "zh",
        source,
    )
    assert question == "在 LibreOffice 中如何查看在以前的页面中选择的设置？"
    assert output == "点击「返回」按钮可以查看在以前的页面中选择的设置。"
    question, _ = one(
        "# 拖放数据源视图\n\n可将一条或多条记录插入到电子表格的当前工作表中，"
        "方法是在数据源视图中选择几行，"
        "然后将其拖放到该电子表格中。",
        "zh",
        source,
    )
    assert question == "在 LibreOffice 中如何将一条或多条记录插入到电子表格的当前工作表中？"


def test_en_shapes_on_real_sentences():
    systemctl = (
        "# systemctl(1)\n\n## OPTIONS\n\nOptions --reverse, --after, --before may be used to "
        "change what types of dependencies are shown."
    )
    assert one(systemctl, "en")[0] == (
        "How do I change what types of dependencies are shown with systemctl?"
    )
    python = "python3.11-doc_3.11.2_all.deb:usr/share/doc/python3.11/html/c-api/intro.html"
    pydoc = (
        "# Introduction — Python 3.11.2 documentation\n\nUse PyDoc_STR in specifying docstrings "
        "to support building Python without docstrings, as specified in PEP 7."
    )
    assert one(pydoc, "en", python)[0] == "How do I support building Python without docstrings?"
    by = "# The top command\n\nYou can quit the program by pressing the q key."
    assert one(by, "en")[0] == "How do I quit the program?"
    see_also = "# SEE ALSO\n\nchmod(1) to change file mode bits."
    assert one(see_also, "en")[0] == "How do I change file mode bits?"


def test_negatives_yield_nothing():
    texts = [
        ("# x\n\n对象可以通过点击它们或在它们周围拖动一个选择窗口来选择。", "zh"),  # no object
        ("# x\n\n可以通过浏览区域中的组合框来切换到相应模块的帮助。", "zh"),  # 相应 points outside
        (
            "# x\n\n确定了单元格的有效性条件后，可以使用其他两个选项卡页面来创建消息框:",
            "zh",
        ),  # lead-in
        ("# x\n\n此函数可以用来实现这一点。", "zh"),  # anaphora
        ("# os\n\nThis mapping may be used to modify the environment.", "en"),  # pronoun subject
        (
            "# x\n\nOpens the Legend dialog, which allows you to change the position of legends.",
            "en",
        ),
        ("# x\n\nDisplays grid lines that you can use to align objects such as graphics.", "en"),
        ("# x\n\nSee the ADDRESS function for more information.", "en"),  # cross-reference
        ("# x\n\nSelect the column that you want to use to calculate the subtotals.", "en"),
    ]
    for text, lang in texts:
        assert list(ProseMeans().extract(document(text, lang))) == [], text
