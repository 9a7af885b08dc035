import pytest

from zhiling.plugins.extractors.man_name import ManName


def test_zh_name_line(pairs):
    text = "# ls(1)\n\n## 名称\n\nls - 列出目录内容\n"
    [record] = pairs(ManName(), text, "zh")
    assert record["instruction"] == "哪个命令可以列出目录内容？"
    assert record["output"] == "ls（列出目录内容）"


def test_en_name_line_with_several_names(pairs):
    text = "# gzip(1)\n\n## NAME\n\ngzip, gunzip, zcat - compress or expand files\n"
    [record] = pairs(ManName(), text, "en")
    assert record["instruction"] == "Which command can I use to compress or expand files?"
    assert record["output"] == "gzip, gunzip, zcat (compress or expand files)"


def test_a_tcl_or_tk_page_names_its_library(pairs):
    # manpages-zh lindex(3tcl): 「哪个命令可以在一个列表中检索一个元素？」 did not say Tcl.
    text = "# lindex(3tcl)\n\n## 名称\n\nlindex - 在一个列表中检索一个元素\n"
    [record] = pairs(ManName(), text, "zh")
    assert record["instruction"] == "哪个 Tcl 命令可以在一个列表中检索一个元素？"
    text = "# ScrolledWindow(3tk)\n\n## 名称\n\nScrolledWindow - 创建并操纵滚动窗口控件\n"
    [record] = pairs(ManName(), text, "zh")
    assert record["instruction"] == "哪个 Tk 命令可以创建并操纵滚动窗口控件？"


def test_an_sql_command_page_asks_for_an_sql_command(pairs):
    text = "# COMMIT(7)\n\n## NAME\n\nCOMMIT - 提交当前事务\n"
    [record] = pairs(ManName(), text, "zh")
    assert record["instruction"] == "哪个 SQL 命令可以提交当前事务？"
    # A capitalised name with a hyphen (bpf-helpers(7)) or in section 1 is no SQL.
    text = "# LS(1)\n\n## NAME\n\nLS - 列出目录内容\n"
    [record] = pairs(ManName(), text, "zh")
    assert record["instruction"] == "哪个命令可以列出目录内容？"


def test_file_formats_overviews_and_dated_documents_are_no_commands(pairs):
    for text in (
        "# keymaps(5)\n\n## 名称\n\nkeymaps - 对键盘映射文件的描述\n",
        "# systemd.index(7)\n\n## NAME\n\nsystemd.index - List all manpages of systemd\n",
        "# perlfaq2(1)\n\n## 名称\n\nperlfaq2 - 获取和学习 Perl (2003/10/16 04:57:38)\n",
        "# query_module(2)\n\n## 名称\n\nquery_module - 查询各个位。 /* 查询有关的位?? */\n",
    ):
        lang = "zh" if "名称" in text else "en"
        assert pairs(ManName(), text, lang) == [], text
    # A title without its section: the file name (keymaps.5.gz) gives it.
    text = "# KEYMAPS\n\n## 名称\n\nkeymaps - 对键盘映射文件的描述\n"
    source = "manpages-zh.deb/usr/share/man/zh_CN/man5/keymaps.5.gz"
    assert pairs(ManName(), text, "zh", source) == []


def test_sections_two_and_three_ask_for_a_function(pairs):
    text = "# kill(2)\n\n## NAME\n\nkill - send signal to a process\n"
    [record] = pairs(ManName(), text, "en")
    assert record["instruction"].startswith("Which function can I use to send")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("# passwd(5)\n\n## 名称\n\npasswd - 密码文件\n", "zh"),
        ("# uptime(1)\n\n## 名称\n\nuptime - tell how long the system has been running.\n", "zh"),
        ("# bash(1)\n\n## NAME\n\nbash - GNU Bourne-Again SHell\n", "en"),
        ("# printf(3)\n\n## NAME\n\nprintf, fprintf - formatted output conversion\n", "en"),
        ("ls - list directory contents\n", "en"),  # not under a NAME heading
    ],
)
def test_negatives_yield_nothing(pairs, text, lang):
    assert pairs(ManName(), text, lang) == []


def test_a_zh_summary_that_names_a_thing_is_no_command_goal(pairs):
    # manpages-zh printcap(5): 「打印机相容性数据库」 starts with the verb 「打印」 but is a noun.
    assert (
        pairs(ManName(), "# printcap(5)\n\n## 名称\n\nprintcap - 打印机相容性数据库\n", "zh") == []
    )
    text = "# cksum(1)\n\n## 名称\n\ncksum - 打印文件的校验和\n"
    [record] = pairs(ManName(), text, "zh")
    assert record["instruction"] == "哪个命令可以打印文件的校验和？"
