import pytest

from zhiling.plugins.extractors.menu_path import MenuPath
from zhiling.plugins.sources.text_files import blocks_of


def help_page(text: str, lang: str, source: str) -> dict:
    """Return a document of help text read from ``source``, as the recipe's products see it."""
    meta = {"source": source, "license": "MPL-2.0"}
    return {"id": "d", "text": text, "lang": lang, "meta": meta, "blocks": blocks_of(text)}


def test_zh_page_title_is_the_thing_to_open(pairs):
    text = "# 方案\n\n选择「工具 - 方案」。将显示「创建方案」对话框。"
    [record] = pairs(MenuPath(), text, "zh")
    assert record["instruction"] == "如何打开「方案」？"
    assert record["output"] == "选择「工具 - 方案」。将显示「创建方案」对话框。"


def test_zh_task_title_is_asked_as_a_task(pairs):
    [record] = pairs(
        MenuPath(), "# 运行幻灯片放映\n\n选择「幻灯片放映 - 幻灯片放映」以运行放映。", "zh"
    )
    assert record["instruction"] == "如何运行幻灯片放映？"


def test_zh_title_that_opens_like_a_verb_but_names_a_thing_is_opened(pairs):
    # 2.0.0: 「在 LibreOffice 中如何应用程序颜色？」 (Tools - Options - LibreOffice - 应用程序颜色).
    text = "# 应用程序颜色\n\n选择「视图 - 应用程序颜色」。"
    [record] = pairs(MenuPath(), text, "zh")
    assert record["instruction"] == "如何打开「应用程序颜色」？"
    [record] = pairs(MenuPath(), "# 插入表格\n\n选择「表格 - 插入表格」。", "zh")
    assert record["instruction"] == "如何插入表格？"


def test_en_gimp_activating_section_uses_the_page_title(pairs):
    text = (
        "# Whirl and Pinch\n\n## Activating the filter\n\n"
        "You can find this filter through Filters → Distorts → Whirl and Pinch…"
    )
    [record] = pairs(MenuPath(), text, "en")
    assert record["instruction"] == "How do I open Whirl and Pinch?"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("# 工具菜单\n\n选择「工具 - 选项」。", "zh"),
        ("# 相关主题\n\n另请参见「格式 - 段落」。", "zh"),
        ("# 标尺\n\n要显示标尺，请选择「视图 - 标尺」。", "zh"),
        ("# 数据透视表\n\nChoose Insert - Pivot Table.", "zh"),
        ("选择「工具 - 字数统计」。", "zh"),  # no title to ask about
        ("# Tools Menu\n\nChoose Tools - Options.", "en"),
        ("# Related Topics\n\nSee also Format - Paragraph.", "en"),
    ],
)
def test_negatives_yield_nothing(pairs, text, lang):
    assert pairs(MenuPath(), text, lang) == []


def test_book_sections_and_access_notes_are_no_menus(pairs):
    # 1.0.0: 「如何打开「5. 贡献」？」 and 「如何打开「要访问此功能...」？」
    text = "# 5. 贡献\n\n选择「帮助 - 参与」。\n\n# 要访问此功能...\n\n选择「插入 - 图表」。\n"
    assert pairs(MenuPath(), text, "zh") == []
    text = "# To access this function...\n\nChoose Insert - Chart.\n"
    assert pairs(MenuPath(), text, "en") == []


def test_a_path_to_another_command_is_a_source_error(pairs):
    # 1.0.0: 「如何删除工作表？ → 选择「工作表 - 删除单元格」」, a translation error.
    assert pairs(MenuPath(), "# 删除工作表\n\n选择「工作表 - 删除单元格」。\n", "zh") == []
    [record] = pairs(MenuPath(), "# 删除工作表\n\n选择「工作表 - 删除工作表」。\n", "zh")
    assert record["instruction"] == "如何删除工作表？"
    assert pairs(MenuPath(), "# Delete Sheet\n\nChoose Sheet - Delete Cells.\n", "en") == []
    [record] = pairs(MenuPath(), "# Delete Sheet\n\nChoose Sheet - Delete Sheet.\n", "en")
    assert record["instruction"] == "How do I open Delete Sheet?"


def test_a_tab_is_asked_in_its_dialog_and_a_command_carries_its_submenu(pairs):
    # 「如何打开「选项」？」 has as many answers as dialogs with an 「选项」 tab, and 「如何打开
    # 「列」？」 read as vague: a tab is asked in its dialog.
    [record] = pairs(MenuPath(), "# 选项\n\n选择「数据 - 排序 - 选项」选项卡。", "zh")
    assert record["instruction"] == "如何打开「排序」对话框中的「选项」？"
    assert "meta" not in record
    [record] = pairs(MenuPath(), "# Options\n\nChoose File - New - Labels - Options tab.", "en")
    assert record["instruction"] == "How do I open Options in the Labels dialog?"
    text = "# Options\n\nChoose Format - Format Selection - Data Series - Options tab (Charts)."
    [record] = pairs(MenuPath(), text, "en")
    assert record["instruction"] == "How do I open Options in the Data Series dialog?"
    text = "# 选项\n\n选择「数据 - 更多筛选 - 标准筛选... - 选项」标签。"
    [record] = pairs(MenuPath(), text, "zh")
    assert record["instruction"] == "如何打开「标准筛选」对话框中的「选项」？"
    # A command of a submenu carries the question naming the submenu, which one-answer
    # asks where needed (2.0.0: "How do I open Labels in New?").
    [record] = pairs(MenuPath(), "# Labels\n\nChoose File - New - Labels.", "en")
    assert record["instruction"] == "How do I open Labels?"
    assert record["meta"]["qualified_instruction"] == "How do I open Labels in the New submenu?"
    text = (
        "# Row Break\n\nPosition the cursor in a cell directly below the row break and "
        "choose Sheet - Delete Page Break - Row Break."
    )
    [record] = pairs(MenuPath(), text, "en")
    assert record["meta"]["qualified_instruction"] == (
        "How do I open Row Break in the Delete Page Break submenu?"
    )
    [record] = pairs(MenuPath(), "# Text Import\n\nChoose File - Open - Text Import.", "en")
    assert (
        record["meta"]["qualified_instruction"] == "How do I open Text Import in the Open submenu?"
    )
    [record] = pairs(MenuPath(), "# 标签\n\n选择「文件 - 新建 - 标签」。", "zh")
    assert record["meta"]["qualified_instruction"] == "如何打开「新建」子菜单中的「标签」？"
    # A path of two items names no dialog between menu and entry.
    [record] = pairs(MenuPath(), "# 方案\n\n选择「工具 - 方案」。", "zh")
    assert "meta" not in record


def test_the_program_a_recipe_names_for_the_page_is_asked_of():
    # 「如何打开「代理」？」 in 2.0.0 drafts named no program.
    text = "# 代理\n\n选择「工具 - 选项 - Internet - 代理」。"
    uri = "libreoffice-help-zh-cn.deb/usr/share/libreoffice/help/zh-CN/text/shared/optionen/x.html"
    document = help_page(text, "zh", uri)
    [record] = MenuPath(products={"*/text/*": "LibreOffice"}).extract(document)
    # A page of Tools - Options is asked as options: 「如何打开「视图」选项？」 read as vague.
    assert record["instruction"] == "在 LibreOffice 中如何打开「代理」选项？"
    assert (
        record["meta"]["qualified_instruction"]
        == "在 LibreOffice 中如何打开「Internet」中的「代理」选项？"
    )


def test_an_options_page_is_asked_once_of_its_program_in_english():
    # "How do I open Security in LibreOffice in LibreOffice?" in 2.0.0: the page's parent
    # in the options tree is the product, which the question then named twice.
    text = "# Security\n\nChoose Tools - Options - LibreOffice - Security."
    document = help_page(text, "en", "help/en-US/text/shared/optionen/x.html")
    [record] = MenuPath(products={"*/text/*": "LibreOffice"}).extract(document)
    assert record["instruction"] == "How do I open the Security options in LibreOffice?"
    # Asked "in LibreOffice", the parent adds nothing: no second, qualified question.
    assert "meta" not in record


def test_a_short_chinese_command_of_a_named_program_is_asked_where_it_is():
    # 「在 LibreOffice Math 中如何打开「缩小」？」 (View - Zoom Out): a command, not a dialog.
    text = "# 缩小\n\n选择「视图 - 缩小」。"
    document = help_page(text, "zh", "help/zh-CN/text/smath/x.html")
    [record] = MenuPath(products={"*/text/smath/*": "LibreOffice Math"}).extract(document)
    assert record["instruction"] == "在 LibreOffice Math 中，「缩小」命令在哪里？"
    assert record["output"] == "选择「视图 - 缩小」。"


def test_a_title_that_is_a_command_of_a_named_program_is_asked_where_it_is():
    # "How do I open Reload in LibreOffice?" read oddly to a reader of 2.0.0 drafts.
    text = "# Reload\n\nChoose File - Reload."
    document = help_page(text, "en", "help/en-US/text/shared/01/x.html")
    [record] = MenuPath(products={"*/text/*": "LibreOffice"}).extract(document)
    assert record["instruction"] == "Where is the Reload command in LibreOffice?"


def test_a_way_only_draw_has_is_asked_of_draw_on_a_page_impress_shares():
    # simpress/01/13050200.html: 2.0.0 asked "How do I open … in LibreOffice Impress?" and
    # answered "Choose Shape - Convert - To 3D Rotation Object (LibreOffice Draw only)."
    text = (
        "# To 3D Rotation Object\n\n"
        "Choose Shape - Convert - To 3D Rotation Object (LibreOffice Draw only)."
    )
    document = help_page(text, "en", "help/en-US/text/simpress/01/x.html")
    products = {"*/text/simpress/*": "LibreOffice Impress"}
    [record] = MenuPath(products=products).extract(document)
    assert record["instruction"].endswith("in LibreOffice Draw?")
    document = help_page(
        text.replace(" (LibreOffice Draw only)", ""), "en", document["meta"]["source"]
    )
    [record] = MenuPath(products=products).extract(document)
    assert record["instruction"].endswith("in LibreOffice Impress?")


def test_a_step_inside_a_zh_path_is_no_dialog_to_ask_about():
    # shared/01/05030500.html (zh): the path packs a step as one of its items.
    text = "# 制表符\n\n选择「视图 - 样式 - 打开条目的右键菜单并选择 修改/新建 - 制表符」选项卡。"
    document = help_page(text, "zh", "help/zh-CN/text/shared/01/x.html")
    [record] = MenuPath(products={"*/text/*": "LibreOffice"}).extract(document)
    assert record["instruction"] == "在 LibreOffice 中如何打开「制表符」？"
    assert "meta" not in record  # no question qualified by the step
    text = text.replace("打开条目的右键菜单并选择 修改/新建", "段落")
    document = help_page(text, "zh", document["meta"]["source"])
    [record] = MenuPath(products={"*/text/*": "LibreOffice"}).extract(document)
    assert "「段落」对话框中的「制表符」" in record["instruction"]


def test_a_short_title_must_be_named_by_the_path(pairs):
    # swriter/02/04250000.html (Sum): its only path is Table - Number Recognition, which 2.0.0
    # gave as the way to open Sum.
    text = (
        "# Sum\n\nPrior to entering the data, you must choose Table - Number Recognition to "
        "enable this feature."
    )
    assert pairs(MenuPath(), text, "en") == []
    [record] = pairs(MenuPath(), "# Sum\n\nChoose Table - Sum.", "en")
    assert record["output"] == "Choose Table - Sum."


def test_a_step_verb_is_no_part_of_the_dialog_and_an_alternative_way_drops_its_also(pairs):
    from zhiling.plugins.extractors.menu_path import _parent

    # 2.0.0 asked "How do I open Events in the choose Control Properties dialog?"
    way = "Open context menu of a selected form element - choose Control Properties - Events tab."
    assert _parent(way, "en").name == "Control Properties"
    text = "# 检出与检入文件\n\n也可以点击「文件 - 检出与检入文件」。\n"
    [record] = pairs(MenuPath(), text, "zh")
    assert record["output"] == "可以点击「文件 - 检出与检入文件」。"
