import pytest

from zhiling import BLOCK_KINDS
from zhiling.plugins.sources.text_files import blocks_of, guess_language

MANUAL = """# ls(1)

## NAME

ls - list directory contents

## OPTIONS

-a, --all
       do not ignore entries starting with .

-l     use a long listing format

# 管理软件包

要更新软件包列表，请运行：

    apt update

1. 选择「工具 - 选项」。
2. 点击「确定」。

- 卸载软件包：dpkg --purge foo。

命令 | 说明
---|---
cd .. | 切换到上一级目录
"""


def spans(text, blocks):
    return [(b["kind"], text[b["start"] : b["end"]]) for b in blocks]


def test_every_kind_with_its_span_heading_and_attrs():
    blocks = blocks_of(MANUAL)
    assert {b["kind"] for b in blocks} <= BLOCK_KINDS
    assert spans(MANUAL, blocks) == [
        ("heading", "ls(1)"),
        ("heading", "NAME"),
        ("name", "ls - list directory contents"),
        ("heading", "OPTIONS"),
        ("option", "-a, --all\n       do not ignore entries starting with ."),
        ("option", "-l     use a long listing format"),
        ("heading", "管理软件包"),
        ("paragraph", "要更新软件包列表，请运行："),
        ("code", "    apt update"),
        ("list_item", "选择「工具 - 选项」。"),
        ("list_item", "点击「确定」。"),
        ("list_item", "卸载软件包：dpkg --purge foo。"),
        ("table_row", "命令 | 说明"),
        ("table_row", "cd .. | 切换到上一级目录"),
    ]
    by_text = {MANUAL[b["start"] : b["end"]]: b for b in blocks}
    assert by_text["NAME"]["heading"] == ["ls(1)"]
    assert by_text["ls - list directory contents"]["heading"] == ["ls(1)", "NAME"]
    assert by_text["-l     use a long listing format"]["attrs"]["term"] == "-l"
    assert (
        by_text["-a, --all\n       do not ignore entries starting with ."]["attrs"]["term"]
        == "-a, --all"
    )
    step = by_text["点击「确定」。"]["attrs"]
    assert (step["position"], step["ordered"], step["lang"]) == (2, True, "zh")
    assert by_text["卸载软件包：dpkg --purge foo。"]["attrs"]["ordered"] is False
    assert by_text["命令 | 说明"]["attrs"] == {
        "cells": ["命令", "说明"],
        "header": True,
        "lang": "zh",
    }
    assert by_text["cd .. | 切换到上一级目录"]["attrs"]["cells"] == ["cd ..", "切换到上一级目录"]
    assert by_text["    apt update"]["heading"] == ["管理软件包"]
    assert (
        "attrs" not in by_text["    apt update"] or "lang" not in by_text["    apt update"]["attrs"]
    )


def test_man_sections_without_markup_and_fenced_code():
    text = "NAME\n\nls - list directory contents\n\n名称\n\n```sh\nls -la\n\nls -R\n```\n"
    blocks = blocks_of(text)
    assert spans(text, blocks)[:3] == [
        ("heading", "NAME"),
        ("name", "ls - list directory contents"),
        ("heading", "名称"),
    ]


def test_language_per_block_follows_words_not_letters():
    assert (
        guess_language("列出 Debian 档案文件中包含的文件：dpkg-deb --contents foo_VVV-RRR.deb。")
        == "zh"
    )
    assert guess_language("To print a page, choose File - Print.") == "en"
    blocks = blocks_of("# 打印\n\nTo print a page, choose File - Print.\n\n选择「文件 - 打印」。\n")
    assert [b["attrs"]["lang"] for b in blocks] == ["zh", "en", "zh"]


def test_definition_lists_give_an_entry_per_term_with_an_indented_body():
    text = (
        "## ERRORS\n\nEFAULT\n       addr points outside the user's address space.\n"
        "EPERM\n       Firewall rules forbid connection.\n\n"
        "cd [-L|-P] [dir]\n       Change the current directory\n       to dir.\n"
    )
    entries = [b for b in blocks_of(text) if b["kind"] == "option"]
    assert [b["attrs"]["term"] for b in entries] == ["EFAULT", "EPERM", "cd [-L|-P] [dir]"]
    assert entries[2]["heading"] == ["ERRORS"]
    assert text[entries[2]["start"] : entries[2]["end"]].endswith("to dir.")


@pytest.mark.parametrize(
    "part",
    [
        "EFAULT\n       addr is bad.\nEPERM",  # a term without a body
        "To install it, run:\n    apt install foo",  # a lead-in, then a command
        "- remove the package\n   and its files",  # a list item wrapped onto two lines
        "1. Open the menu\n   and choose Save.",
    ],
)
def test_other_indented_shapes_are_no_definition_lists(part):
    assert "option" not in [b["kind"] for b in blocks_of(part)]
