import pytest

from zhiling.plugins.extractors.table_row import TableRow
from zhiling.plugins.sources.text_files import blocks_of


def make_document(text: str, lang: str) -> dict:
    meta = {"source": "manual.txt", "license": "CC0-1.0"}
    return {"id": "doc", "text": text, "lang": lang, "meta": meta, "blocks": blocks_of(text)}


def test_zh_command_rows_skip_the_header(pairs):
    text = "命令 | 说明\n---|---\ncd .. | 切换到上一级目录\npwd | 显示当前工作目录的名称\n"
    first, second = pairs(TableRow(), text, "zh")
    assert (first["instruction"], first["output"]) == ("如何切换到上一级目录？", "使用 `cd ..`。")
    assert second["output"] == "使用 `pwd`。"
    start, end = first["source"]["spans"][0]
    assert text[start:end] == "cd .. | 切换到上一级目录"


def test_zh_and_en_shortcut_rows(pairs):
    [zh] = pairs(
        TableRow(), "快捷键 | 效果\n---|---\nF9 | 在当前工作表中重新计算已更改的公式。\n", "zh"
    )
    assert zh["instruction"] == "在当前工作表中重新计算已更改的公式的快捷键是什么？"
    assert zh["output"] == "按 F9。"
    [en] = pairs(TableRow(), "Shortcut Keys | Effect\n---|---\nShift+F3 | Cycles the case.\n", "en")
    assert en["instruction"] == "What is the shortcut to cycle the case?"
    assert en["output"] == "Press Shift+F3."


def test_three_cell_kicad_row(pairs):
    [record] = pairs(TableRow(), "Select All | Ctrl+A | Select all items on screen\n", "en")
    assert record["output"] == "Press Ctrl+A."


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "软件包 | 流行度 | 大小 | 说明\n---|---|---|---\nmc | V:48, I:206 | 1542 | 管理文件\n",
            "zh",
        ),
        ("快捷键 | 效果\n---|---\nCtrl+Shift+F5 | 导航\n", "zh"),
        ("快捷键 | 效果\n---|---\nF1 | Starts the LibreOffice Help.\n", "zh"),
        ("上一页 | 上一级 | 下一页\n", "zh"),
        ("Prev | Up | Next\n", "en"),
        ("name | version | license\n---|---|---\ncoreutils | 9.1 | GPL-3.0-or-later\n", "en"),
    ],
)
def test_negatives_yield_nothing(pairs, text, lang):
    assert pairs(TableRow(), text, lang) == []


def test_a_shortcut_is_asked_of_the_program_the_recipe_names():
    # libreoffice-help-en-us simpress/04/01020000.html: "Ctrl+- | Decrease the line width."
    # asked without its program in 2.0.0 drafts, though Ctrl+- zooms out in most programs.
    document = make_document(
        "Shortcut | Effect\n---|---\nCtrl+- | Decreases the line width.\n", "en"
    )
    document["meta"]["source"] = (
        "libreoffice-help-en-us.deb/usr/share/libreoffice/help/en-US/text/simpress/04/01020000.html"
    )
    products = {"*/text/simpress/*": "LibreOffice Impress", "*/text/*": "LibreOffice"}
    [record] = TableRow(products=products).extract(document)
    assert (
        record["instruction"]
        == "What is the shortcut to decrease the line width in LibreOffice Impress?"
    )
    document["lang"] = "zh"
    document["text"] = "快捷键 | 效果\n---|---\nF9 | 重新计算已更改的公式。\n"
    document["blocks"] = make_document(document["text"], "zh")["blocks"]
    [record] = TableRow(products=products).extract(document)
    assert record["instruction"] == (
        "在 LibreOffice Impress 中，重新计算已更改的公式的快捷键是什么？"
    )
    # A document no glob names keeps the plain question.
    [record] = TableRow(products=products).extract(make_document(document["text"], "zh"))
    assert record["instruction"] == "重新计算已更改的公式的快捷键是什么？"


def test_a_shortcut_is_asked_by_the_first_sentence_of_its_description(pairs):
    # scalc/04/01020000.html: the row's explanation was pasted into the 2.0.0 question.
    text = (
        "Shortcut Keys | Effect\n---|---\nCtrl+Shift+Arrow | Select all cells of the range "
        "created by the cursor movements. If used to select rows and columns together, a "
        "rectangular cell range is selected.\n"
    )
    [record] = pairs(TableRow(), text, "en")
    assert record["instruction"] == (
        "What is the shortcut to select all cells of the range created by the cursor movements?"
    )
