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
    assert records[1]["output"] == "使用「工作表」中的「隐藏」：隐藏所选的行、列或单个工作表。"
    # The answer is the first paragraph (and a list right after it, if any).
    assert records[2]["output"].endswith("重新显示使用「隐藏」命令隐藏的工作表。")
    heading, paragraph = records[0]["source"]["spans"]
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
