from pathlib import Path

import pytest

from zhiling.plugins.extractors.help_entry import HelpEntry
from zhiling.plugins.sources.debian_docs import parse_file, to_document
from zhiling.plugins.sources.text_files import blocks_of

DATA = Path(__file__).parents[2] / "data" / "debian"
CALC = "libreoffice-help-zh-cn@4:7.4.7-1+deb12u14:usr/share/libreoffice/help/zh-CN/text/scalc/01/"
REF = "01/x.html"
SHARED = "libreoffice-help-en-us@4:7.4.7-1+deb12u14:usr/share/libreoffice/help/en-US/text/shared/"


def extract(text: str, lang: str, uri: str, pattern: HelpEntry | None = None) -> list[dict]:
    document = {
        "id": "doc",
        "text": text,
        "lang": lang,
        "meta": {"source": uri, "license": "MPL-2.0"},
        "blocks": blocks_of(text),
    }
    return list((pattern or HelpEntry()).extract(document))


def test_a_real_calc_menu_page_gives_one_pair_per_command():
    relative = "usr/share/libreoffice/help/zh-CN/text/scalc/01/05050000.html"
    data = (DATA / "libreoffice_sheet_menu.zh-CN.html").read_bytes()
    document = to_document(CALC + "05050000.html", parse_file(relative, data), {}, "zh")
    records = list(HelpEntry().extract(document))
    # A description that opens with an action verb gives the goal to ask about; the others
    # ("此命令将打开…", a condition) stay lookups of the control in its menu.
    assert [r["instruction"] for r in records] == [
        "在 LibreOffice Calc 的「工作表」中，「重命名」有什么作用？",
        "在 LibreOffice Calc 中如何隐藏所选的行、列或单个工作表？",
        "在 LibreOffice Calc 中如何重新显示使用「隐藏」命令隐藏的工作表？",
        "在 LibreOffice Calc 的「工作表」中，「从右向左」有什么作用？",
    ]
    # The page's 「要访问此命令...」 list says where the commands are.
    assert records[1]["output"] == "选择「工作表」，然后用「隐藏」隐藏所选的行、列或单个工作表。"
    # A lookup ends with a sentence that names the control, not a 「位置：」 label.
    assert records[0]["output"].endswith("\n要找到「重命名」，请选择「工作表」。")
    # The answer is the first paragraph (and a list right after it, if any).
    assert records[2]["output"].endswith("重新显示使用「隐藏」命令隐藏的工作表。")
    heading, paragraph, place = records[0]["source"]["spans"]
    assert document["text"][place[0] : place[1]] == "选择「工作表」。"
    assert document["text"][heading[0] : heading[1]] == "重命名"
    assert document["text"][paragraph[0] : paragraph[1]].startswith("此命令将打开")


def test_sections_between_page_and_control_give_the_context():
    text = (
        "# Cell Protection\n\nDefines protection options for selected cells.\n\n"
        "## Protection\n\n### Hide all\n\nHides formulas and contents of the selected cells."
    )
    [record] = extract(text, "en", SHARED.replace("shared/", "scalc/01/") + "05020600.html")
    assert record["instruction"] == (
        "How do I hide formulas and contents of the selected cells in LibreOffice Calc?"
    )
    assert record["output"] == "Use “Hide all”: Hides formulas and contents of the selected cells."


def test_a_function_is_asked_by_name_with_its_syntax():
    text = (
        "# Mathematical Functions\n\n此类别包含 Calc 的「数学」函数。\n\n"
        "## ABS\n\n返回数字的绝对值。\n\n### 语法\n\nABS(数字)\n\n"
        "### 示例\n\n「=ABS(-56)」返回 56。"
    )
    [record] = extract(text, "zh", CALC + "04060106.html")
    assert record["instruction"] == "LibreOffice Calc 的 ABS 函数有什么作用？"
    assert record["output"] == "返回数字的绝对值。\n语法: ABS(数字)"
    assert len(record["source"]["spans"]) == 3


@pytest.mark.parametrize(
    ("text", "lang", "path"),
    [
        # Headings that name no control, and a capitalised word that is not a function.
        ("# RmDir 语句\n\n## 参数:\n\n「Text」: 任意字符串表达式。", "zh", REF),
        ("# Sort Options\n\n## ZA\n\nSorts in descending order.", "en", REF),
        # Untranslated heading or paragraph in a Chinese page; an untranslated page title.
        ("# 视图\n\n## Zoom In\n\n放大公式的显示比例。", "zh", REF),
        ("# 视图\n\n## 放大\n\nIncreases the display scale of the formula by 25%.", "zh", REF),
        ("# Select Range\n\n## 范围\n\n列出可用的数据库范围。", "zh", REF),
        # Lead-ins to a list, purpose clauses, field labels, containers and topics.
        ("# 字体效果\n\n## 效果\n\n可以使用以下大写效果:", "zh", REF),
        ("# 字体效果\n\n## 颜色\n\n要修改颜色，请点击图标。", "zh", REF),
        ("# 文档转换器\n\n## 文本文档\n\n请注意，此标签可能会显示不同的内容。", "zh", REF),
        ("# Statistics\n\n## Data\n\nInput Range: The range of the data to analyze.", "en", REF),
        ("# Toolbars\n\n## Table Bar\n\nThe Table Bar contains functions for tables.", "en", REF),
        ("# 加载宏\n\n## 加载宏概念\n\n每个加载宏库中都提供了多个函数。", "zh", REF),
        ("# Add-ins\n\n## General information about the interface\n\nIt has 16 slots.", "en", REF),
        # How-to guides (sub-headings are steps) and "to access" pages are left alone.
        ("# Grid\n\n## Display Grid\n\nDisplays or hides grid lines.", "en", "guide/x.html"),
        ("# Grid\n\n## Display Grid\n\nDisplays or hides grid lines.", "en", "00/x.html"),
        # A fragment cut short by markup is not a description.
        ("# LibreLogo\n\n## Picture\n\nPICTURE is for", "en", REF),
    ],
)
def test_negatives_yield_nothing(text, lang, path):
    uri = (CALC if lang == "zh" else SHARED) + path
    assert extract(text, lang, uri) == []


def test_products_choose_the_documents_and_name_the_product():
    text = "# Filters\n\n## Blur\n\nSoftens the selected layer by averaging its pixels."
    gimp = HelpEntry(products={"gimp-help-en@*": "GIMP"}, skip=[])
    [record] = extract(text, "en", "gimp-help-en@2.10:usr/share/gimp/help/en/filters.html", gimp)
    assert record["instruction"] == "What does “Blur” do in GIMP's “Filters”?"
    # A document that no product glob names is not a help reference.
    assert extract(text, "en", "manual.txt") == []


def test_circular_lookups_are_not_asked():
    # 1.0.0 asked "What does “Open” do in LibreOffice's “Open”?": a page named after its
    # only control. A description without an action verb then gives no question.
    text = "# Open\n\n## Open\n\nThe file dialog of the operating system appears here."
    assert extract(text, "en", SHARED + REF) == []
    text = "# Open\n\n## Open\n\nOpens a local or remote file."
    [record] = extract(text, "en", SHARED + REF)
    assert record["instruction"] == "How do I open a local or remote file in LibreOffice?"
    assert record["output"] == "Use “Open”: Opens a local or remote file."


def test_enablers_and_second_verbs_give_the_base_form():
    text = "# View\n\n## Rulers\n\nDisplays or hides rulers at the top and left edges."
    [record] = extract(text, "en", SHARED.replace("shared/", "sdraw/") + REF)
    assert record["instruction"] == (
        "How do I display or hide rulers at the top and left edges in LibreOffice Draw?"
    )
    text = "# Insert\n\n## Comment\n\nAllows you to insert a comment at the cursor position."
    [record] = extract(text, "en", SHARED + REF)
    assert record["instruction"] == (
        "How do I insert a comment at the cursor position in LibreOffice?"
    )


FOOTNOTE = (
    "# Footnote\n\nSpecifies the layout options for footnotes.\n\n"
    "To access this command...\n\nChoose Format - Page Style - Footnote tab.\n\n"
    "## Not larger than page area\n\n"
    "Automatically adjusts the height of the footnote area depending on the number of "
    "footnotes.\n\n"
    "## Space to text\n\nEnter the amount of space to leave between the bottom page margin "
    "and the first line of text in the footnote area."
)
WRITER = SHARED.replace("shared/", "swriter/")


def test_answers_say_where_the_dialog_is_from_the_pages_access_list():
    # libreoffice-help-en-us swriter/01/05040600.html: 2.0.0 answered "Use “Not larger than
    # page area”: Automatically adjusts…", leaving the reader to find the dialog.
    adjusts, enter = extract(FOOTNOTE, "en", WRITER + "01/05040600.html")
    assert adjusts["instruction"] == (
        "How do I automatically adjust the height of the footnote area depending on the "
        "number of footnotes in LibreOffice Writer?"
    )
    assert adjusts["output"] == (
        "Choose Format - Page Style - Footnote tab. Then use “Not larger than page area”, "
        "which automatically adjusts the height of the footnote area depending on the "
        "number of footnotes."
    )
    assert enter["output"].startswith(
        "Choose Format - Page Style - Footnote tab. Then use “Space to text” to enter the "
        "amount of space"
    )
    # The directions are part of the record's source text.
    spans = [FOOTNOTE[a:b] for a, b in adjusts["source"]["spans"]]
    assert "Choose Format - Page Style - Footnote tab." in spans
    # The question naming the page, asked where the plain one has two answers.
    assert adjusts["meta"]["qualified_instruction"].endswith(
        "in the “Footnote” tab of LibreOffice Writer?"
    )


def test_directions_left_in_the_other_language_or_describing_the_page_are_not_used():
    text = (
        "# 脚注\n\n要访问此命令...\n\nChoose Format - Page Style - Footnote tab.\n\n"
        "在列表框中，用户可从列表内不同条目里选择一个条目。\n\n"
        "## 脚注的最大高度\n\n设置脚注区域的最大高度。"
    )
    [record] = extract(text, "zh", CALC.replace("scalc", "swriter") + "05040600.html")
    assert record["output"] == "使用「脚注」中的「脚注的最大高度」：设置脚注区域的最大高度。"
    # A recipe that wants every answer placed drops it.
    placed = HelpEntry(require_place=True)
    assert extract(text, "zh", CALC.replace("scalc", "swriter") + "05040600.html", placed) == []
    text = text.replace(
        "Choose Format - Page Style - Footnote tab.", "选择「格式 - 页面样式 - 脚注」选项卡。"
    )
    [record] = extract(text, "zh", CALC.replace("scalc", "swriter") + "05040600.html", placed)
    assert record["output"] == (
        "选择「格式 - 页面样式 - 脚注」选项卡，然后在「脚注的最大高度」中设置脚注区域的最大高度。"
    )


def test_menu_and_toolbar_pages_are_the_place_of_their_commands():
    # simpress/main0103.html is the View menu; scalc/main0202.html the Formatting Bar, whose
    # zh title is quoted already (「「格式」工具栏」 in 2.0.0 drafts).
    impress = SHARED.replace("shared/", "simpress/")
    text = "# View\n\n## Slide Pane\n\nSwitches the Slide Pane on and off."
    [record] = extract(text, "en", impress + "main0103.html", HelpEntry(require_place=True))
    # A menu page lists commands: the user asks which command serves the goal.
    assert record["instruction"] == (
        "Which menu command in LibreOffice Impress lets me switch the Slide Pane on and off?"
    )
    assert record["output"] == "Choose View - Slide Pane. It switches the Slide Pane on and off."
    assert record["meta"]["qualified_instruction"] == (
        "Which command in the View menu of LibreOffice Impress lets me switch the Slide Pane "
        "on and off?"
    )
    text = "# 「格式」工具栏\n\n## 粗体\n\n将选中的文本设为粗体。"
    [record] = extract(text, "zh", CALC.replace("01/", "") + "main0202.html")
    assert record["output"] == "在「格式」工具栏上单击「粗体」，可以将选中的文本设为粗体。"
    assert (
        record["instruction"] == "在 LibreOffice Calc 中，哪个工具栏按钮可以将选中的文本设为粗体？"
    )
    assert record["meta"]["qualified_instruction"] == (
        "在 LibreOffice Calc 的「格式」工具栏中，哪个按钮可以将选中的文本设为粗体？"
    )
    # A lookup names the place after the description.
    text = "# View\n\n## Outline\n\nThe view where you reorganize slide titles."
    [record] = extract(text, "en", impress + "main0103.html")
    assert record["instruction"] == "What does “Outline” do in LibreOffice Impress's “View”?"
    assert record["output"].endswith("\nTo get there: Choose View - Outline.")


def test_buttons_every_dialog_has_are_not_asked_about():
    text = "# Footnote\n\n## Reset\n\nResets changes made to the current tab."
    assert extract(text, "en", WRITER + "01/05040600.html") == []


def test_the_user_asks_for_themselves():
    text = "# Business Cards\n\n## Format\n\nSelect a size format for your business card."
    [record] = extract(text, "en", SHARED + "01/01010300.html")
    assert (
        record["instruction"]
        == "How do I select a size format for my business card in LibreOffice?"
    )


def test_an_icon_or_bar_named_in_the_access_list_is_a_place_and_code_needs_none():
    text = (
        "# 查找记录\n\n要访问此命令...\n\n「表格数据」栏和「表单设计」栏上的「查找记录」图标。\n\n"
        "## 区域\n\n指定要搜索的字段。"
    )
    [record] = extract(text, "zh", CALC.replace("scalc/01", "shared/02") + "12100200.html")
    assert record["output"].startswith(
        "单击「表格数据」栏和「表单设计」栏上的「查找记录」图标，然后"
    )
    # A Basic statement is asked about without a place, even where places are required.
    text = "# 管理文件\n\n## ChDrive 语句\n\n修改当前驱动器。"
    basic = CALC.replace("scalc/01", "sbasic/shared") + "03020400.html"
    [record] = extract(text, "zh", basic, HelpEntry(require_place=True))
    assert record["instruction"] == "在 LibreOffice Basic 中如何修改当前驱动器？"


def test_every_joined_verb_takes_the_base_form_and_clicks_stay_lookups():
    text = (
        "# Formatting Bar\n\n## Decrease Indent\n\nDecreases the left indent of the current "
        "paragraph and sets it to the previous default tab position.\n\n"
        "## Insert\n\nClick the arrow next to the icon to open the Insert toolbar."
    )
    calc = SHARED.replace("shared/", "scalc/") + "main0202.html"
    decrease, insert = extract(text, "en", calc)
    assert decrease["instruction"] == (
        "Which toolbar button in LibreOffice Calc lets me decrease the left indent of the "
        "current paragraph and set it to the previous default tab position?"
    )
    assert insert["instruction"] == "What does “Insert” do in LibreOffice Calc's “Formatting Bar”?"


def test_zh_openers_that_only_point_to_the_control_and_lists_ahead():
    page = CALC.replace("scalc/01", "schart/01") + "05010000.html"
    text = (
        "# 格式选择\n\n要访问此命令...\n\n选择「格式 - 格式选择」 (图表)：\n\n"
        "## 数据序列\n\n使用此功能可以修改选中数据序列的属性。\n\n"
        "## 曲线\n\n点击「绘图」栏上的「曲线」图标可打开「线条」工具栏。\n\n"
        "## 字母顺序索引\n\n当选择「字母顺序索引」作为索引类型时，可使用下列选项。"
    )
    series, curve = extract(text, "zh", page)
    assert series["instruction"] == "在 LibreOffice 中如何修改选中数据序列的属性？"
    # The direction's trailing colon does not run into the answer.
    # 「(图表)」 after the path says where the way holds: it comes first.
    assert series["output"].startswith("在图表中，选择「格式 - 格式选择」，然后用「数据序列」修改")
    assert curve["instruction"] == "在 LibreOffice 的「格式选择」中，「曲线」有什么作用？"


def test_zh_directed_answers_join_the_control_as_a_clause_not_a_label():
    # scalc/01/05040200.html: 2.0.0 answered 「…，然后使用「宽度」：请输入选中列的宽度。」, a
    # label and a colon that the seed-5150 reader called a template in 20 of 100 records.
    text = (
        "# 列宽\n\n要访问此命令...\n\n选择「格式 - 列 - 宽度」。\n\n"
        "## 宽度\n\n请输入选中列的宽度。\n\n"
        "## 自动\n\n根据当前字体自动调整列宽。"
    )
    width, automatic = extract(text, "zh", CALC + "05040200.html")
    assert width["output"] == "选择「格式 - 列 - 宽度」，然后在「宽度」中输入选中列的宽度。"
    assert automatic["output"] == (
        "选择「格式 - 列 - 宽度」，然后用「自动」根据当前字体自动调整列宽。"
    )


def test_a_path_left_in_english_is_quoted_translated_name_by_name():
    # libreoffice-help-zh-cn swriter/01/05040600.html lists "Choose Format - Page Style -
    # Footnote tab." untranslated; the shipped table (benchmarks/ui_names.py) has each name.
    text = (
        "# 脚注\n\n要访问此命令...\n\nChoose Format - Page Style - Footnote tab.\n\n"
        "## 脚注的最大高度\n\n设置脚注区域的最大高度。"
    )
    page = CALC.replace("scalc", "swriter") + "05040600.html"
    pattern = HelpEntry(require_place=True, ui_names="libreoffice-7.4")
    [record] = extract(text, "zh", page, pattern)
    assert record["output"].startswith(
        "选择「格式 - 页面样式 - 脚注」选项卡，然后在「脚注的最大高度」中"
    )
    # A name the table lacks leaves the path untranslated, and the entry without a place.
    text = text.replace("Page Style", "Quux Style")
    assert extract(text, "zh", page, pattern) == []


def test_translate_rewrites_only_plain_paths_of_known_names():
    from zhiling.plugins.extractors._ui_names import translate

    names = {"Format": "格式", "Cells": "单元格"}
    assert translate("Choose Format - Cells (spreadsheets).", names) == "选择「格式 - 单元格」。"
    assert translate("Choose Format - Cells tab.", names) == "选择「格式 - 单元格」选项卡。"
    assert translate("Open context menu - choose Format.", names) is None


@pytest.mark.parametrize(
    ("description", "goal"),
    [
        ("在当前光标位置插入尾注，不弹出选项窗口。", "在当前光标位置插入尾注，不弹出选项窗口"),
        ("为选中的对象指定阴影。", "为选中的对象指定阴影"),
        ("根据脚注数量自动调整脚注区域的高度。", "根据脚注数量自动调整脚注区域的高度"),
        ("请输入新名称。", "输入新名称"),
        ("用于插入图片。", "插入图片"),
        ("点击此处打开宏管理器对话框。", "打开宏管理器对话框"),
        # What the control lets the user do, asked in the user's words (2.0.0: 「如何允许您…」).
        ("允许您在当前文档的选中位置插入双行文字。", "在当前文档的选中位置插入双行文字"),
        ("输入您要插入的脚本代码。", "输入我要插入的脚本代码"),
        # 「此处」 points at the page; a condition is no goal.
        ("在此处输入名称。", None),
        ("如果选中，则显示。", None),
    ],
)
def test_zh_goals_after_a_place_or_a_polite_opener(description, goal):
    from zhiling.plugins.extractors.help_entry import _goal

    assert _goal(description, "zh") == goal


def test_headings_that_describe_and_contexts_that_repeat_are_not_asked_about():
    text = (
        "# Insert Table\n\n## Icon on the Insert toolbar\n\nInserts a table.\n\n"
        "## The Accessibility Check dialog\n\nThe dialog lists the issues found.\n\n"
        "# 图表类型 XY (散点图)\n\n## XY (散点图)\n\nXY 图表是一种散点图。"
    )
    records = extract(text, "en", WRITER + "01/x.html")
    assert records == []
    text = "# LibreOffice\n\n## OpenCL\n\nOpenCL speeds up calculations of spreadsheets."
    assert extract(text, "en", SHARED + "optionen/x.html") == []
    text = "# 图表类型 XY (散点图)\n\n## XY (散点图)\n\nXY 图表是一种散点图。"
    assert extract(text, "zh", CALC.replace("scalc", "schart") + "x.html") == []


def test_a_value_to_give_is_asked_where_when_the_answer_says_where():
    _, enter = extract(FOOTNOTE, "en", WRITER + "01/05040600.html")
    assert enter["instruction"].startswith("Where do I enter the amount of space to leave")
    assert enter["instruction"].endswith("in LibreOffice Writer?")
    text = (
        "# 脚注\n\n要访问此命令...\n\n选择「格式 - 页面样式 - 脚注」选项卡。\n\n"
        "## 脚注的最大高度\n\n设置脚注区域的最大高度。"
    )
    page = CALC.replace("scalc", "swriter") + "05040600.html"
    [record] = extract(text, "zh", page)
    assert record["instruction"] == "在 LibreOffice Writer 中，在哪里设置脚注区域的最大高度？"
    # Without a place in the answer, the question stays "how".
    text = text.replace("选择「格式 - 页面样式 - 脚注」选项卡。", "Choose Format - Page Style.")
    [record] = extract(text, "zh", page)
    assert record["instruction"] == "在 LibreOffice Writer 中如何设置脚注区域的最大高度？"


def test_the_user_is_i_after_a_relative_word_and_repeated_sections_are_named_once():
    from zhiling.plugins.extractors.help_entry import _context, _goal

    goal = _goal("Replaces the Source color with the color that you specify.", "en")
    assert goal == "replace the Source color with the color that I specify"
    assert _context(["Mail", "Mail", "Further settings", "Text"], "Text", "en") == (
        "Mail - Further settings"
    )


def test_a_qualified_question_names_the_dialog_not_its_inner_path():
    text = (
        "# Mail\n\nTo access this command...\n\nChoose Insert - Hyperlink.\n\n"
        "## Further settings\n\n### Text\n\nSpecifies the visible text of the hyperlink."
    )
    [record] = extract(text, "en", SHARED + "01/x.html")
    assert record["meta"]["qualified_instruction"] == (
        "Where do I specify the visible text of the hyperlink in the “Mail” dialog of LibreOffice?"
    )


def test_a_lookup_on_a_page_that_quotes_its_own_name_is_quoted_once():
    text = "# 「格式」工具栏\n\n## 样式\n\n这里列出的是可用的样式。"
    [record] = extract(text, "zh", CALC.replace("01/", "") + "main0202.html")
    assert record["instruction"] == "在 LibreOffice Calc 的「格式」工具栏中，「样式」有什么作用？"


def test_a_click_on_an_icon_names_the_icon_from_the_cell_under_it():
    # scalc/01/05110000.html: the way is 「在「工具」栏上，点击」, the icon an image and its name
    # the next cell; 2.0.0 answered 「在「工具」栏上，点击，然后使用「删除」…」.
    text = (
        "# 自动套用格式\n\n要访问此命令...\n\nChoose Format - AutoFormat Styles.\n\n"
        "在「工具」栏上，点击\n\n自动格式\n\n## 删除\n\n确认后删除选中元素。"
    )
    [record] = extract(text, "zh", CALC + "05110000.html")
    assert record["output"] == (
        "在「工具」栏上，点击「自动格式」，然后用「删除」确认后删除选中元素。"
    )
    english = text.replace(
        "在「工具」栏上，点击\n\n自动格式", "On the Tools bar, click\n\nAutoFormat"
    )
    english = english.replace("# 自动套用格式", "# AutoFormat Styles").replace(
        "## 删除\n\n确认后删除选中元素。",
        "## Delete\n\nDeletes the selected element after confirmation.",
    )
    english = english.replace("要访问此命令...", "To access this command...")
    [record] = extract(english, "en", SHARED.replace("shared/", "scalc/01/") + "05110000.html")
    assert record["output"].startswith("Choose Format - AutoFormat Styles. Then use “Delete”")
    # A click with no name after it says nothing: the answer does without the place.
    nameless = text.replace("\n\n自动格式", "")
    [record] = extract(nameless, "zh", CALC + "05110000.html")
    assert record["output"] == "使用「自动套用格式」中的「删除」：确认后删除选中元素。"


def test_a_chinese_description_led_by_when_stays_a_lookup():
    # 「如何标记时，指定要保留选中格式的对齐方式？」 in 2.0.0: 「标记时」 is when, not what.
    text = "# 自动套用格式\n\n## 对齐方式\n\n标记时，指定要保留选中格式的对齐方式。"
    [record] = extract(text, "zh", CALC + "05110000.html")
    assert (
        record["instruction"]
        == "在 LibreOffice Calc 的「自动套用格式」中，「对齐方式」有什么作用？"
    )


def test_a_goal_that_ends_in_the_product_does_not_name_it_again():
    # "… in the current document or in LibreOffice in LibreOffice?" in 2.0.0.
    text = (
        "# Events\n\n## Save In\n\nSelects first where to save the event binding, in the "
        "current document or in LibreOffice."
    )
    [record] = extract(text, "en", SHARED + "01/06140500.html")
    assert record["instruction"] == (
        "How do I select first where to save the event binding, in the current document "
        "or in LibreOffice?"
    )


@pytest.mark.parametrize(
    ("description", "lang", "goal"),
    [
        # LibreOffice 7.4 help: what the opened dialog offers is the answer's, not the question's.
        (
            "打开「图表区域」对话框，您可以在其中修改图表区域的属性。",
            "zh",
            "打开「图表区域」对话框",
        ),
        (
            "打开「宏选择器」，可在其中选择将在点击文档中的选中字段时运行的宏。",
            "zh",
            "打开「宏选择器」",
        ),
        (
            "Opens the Chart Area dialog, where you can modify the properties of the chart area.",
            "en",
            "open the Chart Area dialog",
        ),
        # swriter/01/04070100.html: the next step is no part of the goal.
        (
            "Select the database field containing the address data that you want to insert, "
            "and then click the left arrow button.",
            "en",
            "select the database field containing the address data that I want to insert",
        ),
        # Two things done, both the goal.
        (
            "为选中的绘图对象添加阴影，并定义阴影的属性。",
            "zh",
            "为选中的绘图对象添加阴影，并定义阴影的属性",
        ),
        # "this check box", 「此图标」: the control on the page; the question stays a lookup.
        ("Mark this check box if you want unknown tags imported as fields.", "en", None),
        ("使用「工具」栏上的此图标可以打开或关闭「公式光标」。", "zh", None),
        # schart/01/05040201.html: 「在哪里指定以对数方式细分此轴？」 judged vague in 2.0.0.
        ("指定以对数方式细分此轴。", "zh", None),
    ],
)
def test_goals_leave_out_what_a_dialog_offers_and_never_point_at_the_page(description, lang, goal):
    from zhiling.plugins.extractors.help_entry import _goal

    assert _goal(description, lang) == goal


def test_a_way_one_product_only_has_is_asked_in_that_product():
    # simpress/01/13050000.html is shared with Draw; its way reads "(LibreOffice Draw only)",
    # which 2.0.0 asked "in LibreOffice Impress" and answered with Draw's path.
    impress = SHARED.replace("shared/", "simpress/") + "01/13050000.html"
    text = (
        "# Convert\n\nTo access this command...\n\n"
        "Choose Shape - Convert (LibreOffice Draw only).\n\n"
        "## To 3D Rotation Object\n\nCreates a three-dimensional shape by rotating the "
        "selected object around its vertical axis."
    )
    [record] = extract(text, "en", impress)
    assert record["instruction"] == (
        "How do I create a three-dimensional shape by rotating the selected object around "
        "its vertical axis in LibreOffice Draw?"
    )
    zh = CALC.replace("scalc", "simpress") + "13050000.html"
    text = (
        "# 转换\n\n要访问此命令...\n\n选择「形状 - 转换」(仅限 LibreOffice Draw)。\n\n"
        "## 转换为 3D 旋转体\n\n通过围绕垂直轴旋转选中的对象来创建三维形状。"
    )
    [record] = extract(text, "zh", zh)
    assert "LibreOffice Draw" in record["instruction"]
    # The Chinese help also writes the product bare at the end of the way.
    bare = text.replace("(仅限 LibreOffice Draw)。", "(LibreOffice Draw)")
    [record] = extract(bare, "zh", zh)
    assert "LibreOffice Draw" in record["instruction"]
    # A way without the remark keeps the page's product.
    text = text.replace("(仅限 LibreOffice Draw)", "")
    [record] = extract(text, "zh", zh)
    assert "LibreOffice Impress" in record["instruction"]


def test_a_submenu_page_titled_submenu_is_named_once():
    # shared/02/01170000.html's menu page is titled "Forms Submenu": 2.0.0 answered "In the
    # Forms Submenu submenu, choose Control Properties."
    page = SHARED + "menu/forms.html"
    text = (
        "# Forms Submenu\n\n## Control Properties\n\n"
        "Opens a dialog for editing the properties of a selected control."
    )
    [record] = extract(text, "en", page)
    assert record["output"].startswith("In the Forms submenu, choose Control Properties.")


def test_a_basic_keyword_is_named_as_code_not_placed_in_its_help_category():
    # sbasic/shared/03100000.html lists the Variables functions: 2.0.0 answered "Use “CCur
    # Function” in “Variables”: …", a help category read as a place.
    page = SHARED.replace("shared/", "sbasic/shared/") + "03100000.html"
    text = (
        "# Variables\n\n## CCur Function\n\n"
        "Converts a string expression or numeric expression to a currency expression."
    )
    [record] = extract(text, "en", page)
    assert record["instruction"] == (
        "How do I convert a string expression or numeric expression to a currency expression "
        "in LibreOffice Basic?"
    )
    assert record["output"].startswith("Use the `CCur` function: Converts a string")
    zh = CALC.replace("scalc/01/", "sbasic/shared/") + "03020200.html"
    text = "# 文件输入/输出函数\n\n## Eof 函数\n\n确定文件指针是否到达文件结尾。"
    [record] = extract(text, "zh", zh)
    assert record["output"] == "使用 `Eof` 函数：确定文件指针是否到达文件结尾。"


def test_a_control_many_dialogs_share_is_asked_in_its_dialog():
    # swriter/01/05060201.html (Contour Editor): 2.0.0 asked "How do I reverse the action of
    # the last Undo command in LibreOffice Writer?" and answered with the editor's Redo.
    text = (
        "# Contour Editor\n\nTo access this command...\n\nChoose Format - Wrap - Edit Contour.\n\n"
        "## Redo\n\nReverses the action of the last Undo command."
    )
    [record] = extract(text, "en", WRITER + "01/05060201.html")
    assert record["instruction"] == (
        "How do I reverse the action of the last Undo command in the “Contour Editor” "
        "dialog of LibreOffice Writer?"
    )
    assert "meta" not in record
    # A name only its dialog has keeps the plain question.
    [record] = extract(text.replace("## Redo", "## Workspace"), "en", WRITER + "01/x.html")
    assert record["instruction"].endswith("command in LibreOffice Writer?")


def test_a_way_led_by_a_purpose_is_no_place_for_the_pages_controls():
    # shared/01/02100200.html (zh): 「要定义替换格式，请在「替换」框中点击，然后点击「格式」按钮」
    # leads to a sub-dialog of Find & Replace; 2.0.0 prefixed it with 「单击」 as a place.
    text = (
        "# 文字格式 (查找)\n\n要访问此命令...\n\n"
        "要定义替换格式，请在「替换」框中点击，然后点击「格式」按钮。\n\n"
        "## 双行\n\n设置在亚洲语言中用于双行书写的选项。"
    )
    placed = HelpEntry(require_place=True)
    assert extract(text, "zh", CALC.replace("scalc", "shared") + "02100200.html", placed) == []


def test_lookups_of_basic_keywords_and_submenu_pages_name_no_help_title():
    page = SHARED.replace("shared/", "sbasic/shared/") + "03030303.html"
    text = "# Converting Time Values\n\n## Second Function\n\nA value from 0 to 59, in seconds."
    [record] = extract(text, "en", page)
    assert record["instruction"] == "What does the `Second` function do in LibreOffice Basic?"
    text = (
        "# Forms Submenu\n\n## Form Properties\n\n"
        "In this dialog you can specify the data source and the events for the whole form."
    )
    [record] = extract(text, "en", SHARED + "01/x.html")
    assert record["instruction"] == "What does “Form Properties” do in LibreOffice's “Forms”?"


@pytest.mark.parametrize(
    ("description", "goal"),
    [
        # "Search starts at …": a noun and its verb, no goal to ask (2.0.0: "How do I search
        # starts at the current cursor position …?").
        ("Search starts at the current cursor position and goes backwards.", None),
        (
            "Automatically formats the document while you type.",
            "automatically format the document while I type",
        ),
        ("Lets you choose the paper tray.", "choose the paper tray"),
        # 2.0.0 asked "Where do I specify my password, if I are working with FTP addresses?"
        (
            "Specifies the password, if you are working with FTP addresses.",
            "specify the password, if I am working with FTP addresses",
        ),
        # scalc/01/05120000.html: "List of the conditions …" names a list (2.0.0: "How do I
        # list of the conditions …?").
        ("List of the conditions defined for the cell range in order of evaluation.", None),
        # calc options: a gerund subject (2.0.0: "How do I recalculate formulas can take …?")
        ("Recalculating formulas can take significant time while loading very large files.", None),
        # swriter/01/01130000.html: the alternative is no part of the goal.
        (
            "Enter the path and file name for the template, or click the ... button to select it.",
            "enter the path and file name for the template",
        ),
        ("Sets the distance (in points between lines.", None),  # an aside cut open
        ("Opens a dialog that lets you pick a color.", "open a dialog that lets me pick a color"),
    ],
)
def test_en_goals_are_asked_by_the_user_for_themselves(description, goal):
    from zhiling.plugins.extractors.help_entry import _goal

    assert _goal(description, "en") == goal


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("import data into LibreOffice", True),  # 2.0.0: "… into LibreOffice in LibreOffice?"
        ("open General in LibreOffice Writer", True),
        ("copy the sheet to LibreOffice Calc", True),
        ("import data into a database", False),
        ("open LibreOffice", False),
    ],
)
def test_a_question_that_names_the_product_is_not_asked_of_it_again(text, named):
    from zhiling.plugins.extractors._text import names_product

    assert names_product(text, "LibreOffice") is named


def test_a_way_that_ends_at_the_control_joins_its_description_as_a_sentence():
    # sdraw/main0102.html (Edit menu): "Choose Edit - OLE Object. edit a selected OLE object
    # …" in 2.0.0, the description's lower-case opening kept after the full stop.
    text = "# Edit\n\n## OLE Object\n\nedit a selected OLE object that you inserted."
    page = SHARED.replace("shared/", "sdraw/") + "main0102.html"
    [record] = extract(text, "en", page)
    assert record["output"] == (
        "Choose Edit - OLE Object. Edit a selected OLE object that you inserted."
    )


def test_a_document_kind_after_a_way_moves_to_the_front():
    from zhiling.plugins.extractors.help_entry import _module_first

    assert _module_first("Choose Insert - Legend (Charts).", "en") == (
        "In a chart, choose Insert - Legend."
    )
    assert _module_first("选择「格式 - 格式选择 - 数据序列 - 选项」选项卡 (图表)。", "zh") == (
        "在图表中，选择「格式 - 格式选择 - 数据序列 - 选项」选项卡。"
    )
    # Only a mark at the end of a way: one inside it is part of a name.
    inside = "选择「插入 - 标题 (图表)，然后…"
    assert _module_first(inside, "zh") == inside


def test_click_here_names_the_control_and_a_link_goes():
    from zhiling.plugins.extractors.help_entry import _here_named

    # Writer's contour editor: "here" is the entry's own control (2.0.0 kept "Click here").
    assert _here_named("Click here, and then drag the handles.", "Edit Points", "en") == (
        "Click “Edit Points”, and then drag the handles."
    )
    assert _here_named("点击此处，然后点击位图中的一种颜色。", "颜色替换器", "zh") == (
        "点击「颜色替换器」，然后点击位图中的一种颜色。"
    )
    # A link for a list or more information is page navigation.
    text = "允许您使用通配符。如果需要 LibreOffice 所支持的正则表达式列表，请点击此处。"
    assert _here_named(text, "正则表达式", "zh") == "允许您使用通配符。"


def test_a_way_that_ends_at_the_control_names_it_once():
    from zhiling.plugins.extractors.help_entry import Place, _directed, _finding

    # Impress 「母版幻灯片」: 2.0.0 said 「选择「视图 - 母版幻灯片」，然后用「母版幻灯片」切换…」.
    way = Place("选择「视图 - 母版幻灯片」。", False, None)
    assert _directed(way, "母版幻灯片", "切换到母版幻灯片视图。", "zh") == (
        "选择「视图 - 母版幻灯片」，可以切换到母版幻灯片视图。"
    )
    way = Place("Choose View - Master Slide.", False, None)
    assert _directed(way, "Master Slide", "Switches to master slide view.", "en") == (
        "Choose View - Master Slide. It switches to master slide view."
    )
    # A value field named like its dialog is still the field: 「…，然后在「宽度」中输入…」.
    way = Place("选择「格式 - 列 - 宽度」。", False, None)
    answer = _directed(way, "宽度", "输入选中列的宽度。", "zh")
    assert answer.endswith("然后在「宽度」中输入选中列的宽度。")
    # A toolbar icon's lookup says where the icon is, not "to find X, click X".
    icon = Place("在「框架栏」上单击「边框」。", True, None, "「框架栏」上")
    assert _finding("边框", icon, "zh") == "「边框」位于「框架栏」上。"


def test_a_misplaced_corner_quote_drops_the_chinese_pair():
    from zhiling.plugins.extractors._text import CORNERS, quotes_closed

    # Calc's standard filter page quotes 「将结果复制到复选框 without closing it.
    assert not quotes_closed("在哪里选择「将结果复制到复选框？", CORNERS)
    assert not quotes_closed("」然后「", CORNERS)
    assert quotes_closed("选择「数据 - 更多筛选」，然后在「保留筛选条件」中选择。", CORNERS)
    # Corners only: an English apostrophe in a Chinese answer is no open quote.
    assert quotes_closed("在「Don’t Save」中选择。", CORNERS)
    # All pairs, in order, with either width of bracket.
    assert quotes_closed("（那通常意味着文件结束)")
    assert not quotes_closed("use) the (option")
    assert not quotes_closed("“quoted")
