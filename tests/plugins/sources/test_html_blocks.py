from pathlib import Path

from zhiling import BLOCK_KINDS
from zhiling.plugins.sources._doc import CODE_CLOSE, CODE_OPEN, assemble, flow
from zhiling.plugins.sources._html_blocks import parse_html

DATA = Path(__file__).parents[2] / "data" / "debian"


def blocks_of(name):
    parts, title = parse_html((DATA / name).read_text(encoding="utf-8"))
    text, blocks, lang = assemble(parts)
    return title, [(b, text[b["start"] : b["end"]]) for b in blocks], lang


def test_libreoffice_page_keeps_content_and_drops_chrome():
    title, blocks, lang = blocks_of("libreoffice_references.zh-CN.html")
    texts = [text for _, text in blocks]
    assert title == "插入交叉引用"
    assert lang == "zh"
    assert texts[0] == "插入交叉引用"
    for chrome in ("LibreOffice 7.4 帮助", "模块", "目录", "索引", "相关主题", "修改交叉引用"):
        assert not any(chrome in text for text in texts), chrome
    assert not any("This page is" in text or "debug" in text for text in texts)
    assert all(block["kind"] in BLOCK_KINDS for block, _ in blocks)


def test_libreoffice_howto_steps_are_ordered_list_items_under_their_heading():
    _, blocks, _ = blocks_of("libreoffice_references.zh-CN.html")
    steps = [(b, t) for b, t in blocks if b["kind"] == "list_item"]
    assert [b["attrs"]["position"] for b, _ in steps] == [1, 2, 3, 4, 5]
    assert all(b["attrs"]["ordered"] and b["attrs"]["howto"] for b, _ in steps)
    assert steps[1][1] == "选择「插入 - 交叉引用」。"
    assert steps[0][0]["heading"] == ["插入交叉引用", "交叉引用文字", "插入目标"]


def test_libreoffice_switchinline_keeps_the_default_variant_only():
    _, blocks, _ = blocks_of("libreoffice_references.zh-CN.html")
    texts = [text for _, text in blocks]
    assert "Ctrl+F7 组合键" in texts
    assert not any("命令" in text for text in texts)


def test_tip_and_menu_paragraphs_survive_with_their_language():
    _, blocks, _ = blocks_of("libreoffice_references.zh-CN.html")
    found = {text: block["attrs"]["lang"] for block, text in blocks}
    assert (
        found["要手动更新文档中的交叉引用，请选择菜单中的「工具 - 更新 - 字段」或按 F9。"] == "zh"
    )
    assert "选择「视图 - 字段名称」来切换引用名称和引用内容之间的视图。" in found


def test_docbook_drops_navigation_and_toc_and_joins_cjk_wraps():
    title, blocks, _ = blocks_of("debian_faq_pkgtools.zh-cn.html")
    texts = [text for _, text in blocks]
    assert title == "第 8 章 Debian 软件包管理工具"
    assert not any("上一页" in t or "起始页" in t or t.startswith("目录") for t in texts)
    assert sum(t.startswith("8.1.") for t in texts) == 1  # the toc's copy is gone
    assert "\n" not in "".join(t for b, t in blocks if b["kind"] != "code")
    assert all("  " not in t for b, t in blocks if b["kind"] != "code")


def test_docbook_list_items_carry_inline_code_spans_and_code_blocks_stay_verbatim():
    _, blocks, _ = blocks_of("debian_faq_pkgtools.zh-cn.html")
    item = next((b, t) for b, t in blocks if t.startswith("列出所有选项"))
    block, text = item
    assert text == "列出所有选项：dpkg --help。"
    start, end = block["attrs"]["code"][0]
    assert text[start:end] == "dpkg --help"
    code = [(b, t) for b, t in blocks if b["kind"] == "code"]
    assert code
    assert code[-1][1] == "apt update"
    lead = next(i for i, (b, t) in enumerate(blocks) if t.startswith("要更新您系统中的软件包列表"))
    assert blocks[lead + 1][0]["kind"] == "code"


def test_docbook_tables_become_rows_with_cells_and_notes_become_prose():
    _, blocks, lang = blocks_of("debian_reference_ch01.en.html")
    assert lang == "en"
    rows = [b for b, _ in blocks if b["kind"] == "table_row"]
    assert rows[0]["attrs"]["cells"] == ["package", "popcon", "size", "description"]
    assert rows[0]["attrs"]["header"] is True
    assert rows[1]["attrs"]["cells"][0] == "mc"
    assert "header" not in rows[1]["attrs"]
    assert any(t.startswith("If you have been using any Unix-like system") for _, t in blocks)
    assert not any("[Note]" in t for _, t in blocks)


def test_wraps_between_chinese_characters_vanish_and_others_become_spaces():
    assert (
        flow("可以\n  简单地通过\napt-get\nremove 调用")[0] == "可以简单地通过 apt-get remove 调用"
    )
    text, spans = flow(f"运行 {CODE_OPEN}apt\nupdate{CODE_CLOSE}。")
    assert text == "运行 apt update。"
    assert [text[s:e] for s, e in spans] == ["apt update"]


def test_sphinx_page_drops_navigation_and_keeps_questions_lists_and_signatures():
    title, blocks, lang = blocks_of("python_faq_programming.html")
    texts = [text for _, text in blocks]
    assert title == "Programming FAQ — Python 3.11.2 documentation"
    assert lang == "en"
    assert texts[0] == "Programming FAQ"
    assert not any(t in ("Navigation", "Table of Contents", "index", "modules") for t in texts)
    assert not any("¶" in t for t in texts)
    question = blocks[1][0]
    assert question["kind"] == "heading"
    assert texts[1].endswith("single-stepping, etc.?")
    assert texts[2] == "Yes."
    items = [t for b, t in blocks if b["kind"] == "list_item"]
    assert items == ["Wing IDE", "Komodo IDE", "PyCharm"]
    described = next(b for b, _ in blocks if "term" in b["attrs"])
    assert described["attrs"]["term"] == "shutil.copyfileobj(fsrc, fdst[, length])"


def test_publican_div_para_is_prose_and_inline_commands_are_code():
    markup = (
        '<div class="section"><h2 class="title">6.2. aptitude</h2>'
        '<div class="para">用 <code class="command">apt install<em>软件包</em></code> 安装。</div>'
        '<div class="para">Second paragraph.</div></div>'
    )
    text, blocks, _ = assemble(parse_html(markup)[0])
    paragraphs = [b for b in blocks if b["kind"] == "paragraph"]
    assert [text[b["start"] : b["end"]] for b in paragraphs] == [
        "用 apt install软件包 安装。",
        "Second paragraph.",
    ]
    start, end = paragraphs[0]["attrs"]["code"][0]
    assert text[paragraphs[0]["start"] :][start:end] == "apt install软件包"
    assert paragraphs[0]["heading"] == ["6.2. aptitude"]
