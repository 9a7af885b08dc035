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
        ("# x\n\n您可以通过点击它们来选择。", "zh"),  # a person is no object
        ("# x\n\n它可以用 -x 重置。", "zh"),  # the subject points outside
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


KICAD = "kicad-doc-zh_6.0.11+dfsg-1_all.deb:usr/share/doc/kicad/help/zh/kicad.html"


def test_zh_short_verb_takes_the_subject_as_its_object():
    # The subject is what the short verb acts on; the sentences that go on with the way
    # (「从左到右拖动…」) belong to the answer, a new subject (「偏好设置对话框…」) does not.
    select = (
        "# 简介\n\n## 3.3. 用户界面\n\n对象可以通过点击它们或在它们周围拖动一个选择窗口来选择。"
        "从左到右拖动将导致选择完全在窗口内的任何项目。 "
        "从右向左拖动将导致选择任何接触到窗口的项目。"
    )
    question, output = one(select, "zh", KICAD)
    assert question == "在 KiCad 中如何选择对象？"
    assert output.endswith("从右向左拖动将导致选择任何接触到窗口的项目。")
    preferences = (
        "# KiCad\n\n## 4. KiCad 配置\n\nKiCad 偏好设置始终可以从 偏好设置 菜单访问，"
        "也可以使用快捷键 (默认为 Ctrl+,)访问。 偏好设置对话框在运行的 KiCad 工具之间共享。"
    )
    question, output = one(preferences, "zh", KICAD)
    assert question == "如何访问 KiCad 偏好设置？"
    assert "共享" not in output
    ferror = "# ferror(3)\n\n## DESCRIPTION 描述\n\n错误标记只能用函数 clearerr 重置。"
    assert one(ferror, "zh")[0] == "如何重置错误标记？"
    chart = "# x\n\n线条样式和图标可以在数据序列属性对话框的「线条」选项卡页面中进行更改。"
    assert one(chart, "zh")[0] == "如何更改线条样式和图标？"
    rm = "# x\n\n删除一个文件可以使用 rm 文件名 命令来完成。"
    assert one(rm, "zh")[0] == "如何删除一个文件？"


IMPRESS = "libreoffice-help-en-us_7.4_all.deb:usr/share/libreoffice/help/en-US/text/simpress/x.html"


def test_en_imperative_with_its_goal_in_a_paragraph():
    crop = "# Crop\n\nDrag any of the eight cropping handles to crop the picture."
    assert one(crop, "en", IMPRESS) == (
        "How do I crop the picture in LibreOffice Impress?",
        "Drag any of the eight cropping handles to crop the picture.",
    )


def test_en_imperative_left_alone():
    texts = [
        "# x\n\nClick OK to convert the selected text.",  # OK only closes the dialog
        "# x\n\nSelect the default greeting to use if a salutation cannot be created.",
        "# x\n\nSet the current access position of the blob to offset.",  # "to" a preposition
        "# x\n\nRight-click on the target table cell to open the context menu and choose "
        "Paste Special - Rows Above.",  # steps, not a goal
        "# x\n\nUse this menu to open and edit the symbol catalog.",  # "this" is on the page
        # One step of a procedure: task-steps reads the list whole.
        "# Printing\n\n1. Choose File - Print to open the Print dialog.\n2. Click Print.",
    ]
    for text in texts:
        assert list(ProseMeans().extract(document(text, "en"))) == [], text


def test_zh_named_means_and_what_it_can_do():
    alias = "# 原理图\n\n对于复杂的总线，使用别名可以使原理图上的标签更短。"
    assert one(alias, "zh", KICAD)[0] == "在 KiCad 中如何使原理图上的标签更短？"
    systemctl = "# 第 3 章\n\nis-enabled 可以检查服务的状态。"
    assert one(systemctl, "zh")[0] == "如何检查服务的状态？"
    for text in (
        "# x\n\n任意数量的人都可以加入，用户也可以进行一对一的私聊。",  # 用户 is no 用
        "# x\n\n使用「工具」栏上的此图标可以打开或关闭「公式光标」。",  # 此图标 is on the page
        "# x\n\n用这些数据可以是任何类型。",  # 是 is no task
    ):
        assert list(ProseMeans().extract(document(text, "zh"))) == [], text


def test_a_way_listed_elsewhere_is_no_answer():
    text = "# Wizard\n\nYou can also call the wizard by following the steps listed below."
    assert list(ProseMeans().extract(document(text, "en"))) == []
