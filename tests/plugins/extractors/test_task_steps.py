import pytest

from zhiling.plugins.extractors.task_steps import TaskSteps

ZH = """# 插入新区域

1. 在文档中要插入新区域的位置点击。
2. 选择「插入 - 区域」。
3. 在「新建区域」框中，输入区域的名称。
"""


def test_zh_task_heading_and_numbered_steps(pairs):
    [record] = pairs(TaskSteps(), ZH, "zh")
    assert record["instruction"] == "如何插入新区域？"
    assert record["output"].splitlines() == [
        "1. 在文档中要插入新区域的位置点击。",
        "2. 选择「插入 - 区域」。",
        "3. 在「新建区域」框中，输入区域的名称。",
    ]
    assert len(record["source"]["spans"]) == 4


def test_en_gerund_heading_becomes_base_form(pairs):
    text = "# Protecting Cells from Changes\n\n1. Select the cells.\n2. Choose Format - Cells.\n"
    [record] = pairs(TaskSteps(), text, "en")
    assert record["instruction"] == "How do I protect cells from changes?"


def test_lead_in_paragraph_between_heading_and_list_is_allowed(pairs):
    text = "# Deleting a Page Break\n\nDo this:\n\n1. Place the cursor.\n2. Press Backspace.\n"
    [record] = pairs(TaskSteps(), text, "en")
    assert record["instruction"] == "How do I delete a page break?"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("# 支持的文件格式\n\n1. OpenDocument 文本\n2. Word 文档\n", "zh"),
        ("# 设置打印机\n\n1. Select File - Printer Settings.\n2. Choose the printer.\n", "zh"),
        ("# 更改文字的颜色\n\n1. 选择要更改颜色的文字。\n", "zh"),
        ("# Using High Pass Filter\n\n1. Figure 16.45. Original\n2. Figure 16.46. Result\n", "en"),
        ("# Release History\n\n1. Version 7.4 added WebP.\n2. Version 7.3 fixed bugs.\n", "en"),
        ("# Copying Formatting\n\n- Select the text.\n- Click the brush.\n", "en"),
    ],
)
def test_negatives_yield_nothing(pairs, text, lang):
    assert pairs(TaskSteps(), text, lang) == []


def test_min_steps_option(pairs):
    text = "# 删除分页符\n\n1. 将光标置于段落开头。\n2. 按 Backspace 键。\n"
    assert pairs(TaskSteps(min_steps=3), text, "zh") == []
    assert len(pairs(TaskSteps(min_steps=2), text, "zh")) == 1


def test_a_task_of_a_programs_help_is_asked_of_that_program():
    from zhiling.plugins.sources.text_files import blocks_of

    uri = "libreoffice-help-zh-cn.deb/usr/share/libreoffice/help/zh-CN/text/swriter/guide/x.html"
    meta = {"source": uri, "license": "MPL-2.0"}
    document = {"id": "d", "text": ZH, "lang": "zh", "meta": meta, "blocks": blocks_of(ZH)}
    products = {"*/text/swriter/*": "LibreOffice Writer"}
    [record] = TaskSteps(products=products).extract(document)
    assert record["instruction"] == "在 LibreOffice Writer 中如何插入新区域？"
