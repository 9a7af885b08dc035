from pathlib import Path

from zhiling.plugins.sources._doc import assemble
from zhiling.plugins.sources._troff import parse_man, so_target
from zhiling.plugins.sources._troff_text import unescape

DATA = Path(__file__).parents[2] / "data" / "debian"


def page(source):
    parts, title = parse_man(source)
    text, blocks, lang = assemble(parts)
    return title, [(b, text[b["start"] : b["end"]]) for b in blocks], lang, text


def test_zh_page_gives_name_sections_and_options_with_terms():
    title, blocks, lang, text = page((DATA / "ls.zh_CN.1").read_text(encoding="utf-8"))
    assert title == "ls(1)"
    assert lang == "zh"
    name = next(b for b, _ in blocks if b["kind"] == "name")
    assert name["attrs"]["names"] == ["ls"]
    assert name["attrs"]["description"] == "列出目录内容"
    assert [t for b, t in blocks if b["kind"] == "heading"] == ["名称", "概述", "描述"]
    options = [b for b, _ in blocks if b["kind"] == "option"]
    assert options[0]["attrs"]["term"] == "-a, --all"
    assert options[0]["attrs"]["flag"] is True
    assert options[0]["heading"] == ["描述"]
    body = text[options[0]["attrs"]["body_start"] : options[0]["end"]]
    assert body == "不要忽略以点号（“.”）起始的条目"


def test_font_escapes_and_italic_corrections_are_removed():
    _, blocks, _, text = page((DATA / "ls.zh_CN.1").read_text(encoding="utf-8"))
    assert "\\f" not in text
    assert "\\-" not in text
    assert "\\," not in text
    assert "ls [选项]... [文件列表]..." in [t for _, t in blocks]


def test_font_macro_lines_form_the_option_term():
    _, blocks, lang, _ = page((DATA / "gzip.1").read_text(encoding="utf-8"))
    assert lang == "en"
    terms = [b["attrs"]["term"] for b, _ in blocks if b["kind"] == "option"]
    assert terms[:3] == ["-a --ascii", "-c --stdout --to-stdout", "-d --decompress --uncompress"]
    name = next(b for b, _ in blocks if b["kind"] == "name")
    assert name["attrs"]["names"] == ["gzip", "gunzip", "zcat"]


def test_tbl_tables_become_rows_and_ip_tags_become_options():
    _, blocks, _, _ = page((DATA / "find.1").read_text(encoding="utf-8"))
    rows = [b["attrs"]["cells"] for b, _ in blocks if b["kind"] == "table_row"]
    assert rows[0] == ["a", "The access time of the file reference"]
    assert len(rows) == 5
    option = next(b for b, _ in blocks if b["kind"] == "option")
    assert option["attrs"]["term"] == "-newerXY reference"


def test_no_fill_code_tq_aliases_bullets_and_colophons():
    source = "\n".join(
        [
            '.TH DEMO 1 "2026" "demo 1.0"',
            ".SH NAME",
            "demo \\- show a demo",
            ".SH OPTIONS",
            ".TP",
            ".B \\-q",
            ".TQ",
            ".B \\-\\-quiet",
            "Print nothing.",
            ".IP \\(bu 2",
            "First point.",
            ".SH EXAMPLE",
            ".nf",
            "demo \\-q  file",
            "  second line",
            ".fi",
            '.SH "跋"',
            "本页面中文版由中文 man 手册页计划提供。",
        ]
    )
    _, blocks, _, _ = page(source)
    option = next(b for b, _ in blocks if b["kind"] == "option")
    assert option["attrs"]["term"] == "-q --quiet"
    item = next((b, t) for b, t in blocks if b["kind"] == "list_item")
    assert item[1] == "First point."
    assert item[0]["attrs"]["ordered"] is False
    code = next(t for b, t in blocks if b["kind"] == "code")
    assert code == "demo -q  file\n  second line"
    assert not any("中文 man" in t for _, t in blocks)


def test_so_pages_are_links_and_real_pages_are_not():
    assert so_target('.\\" alias\n.so man1/gzip.1\n') == "man1/gzip.1"
    assert so_target((DATA / "gzip.1").read_text(encoding="utf-8")) is None


def test_character_escapes():
    assert unescape("a\\(em b \\(lqx\\(rq \\e \\[u4E2D] \\&.") == "a— b “x” \\ 中 ."
    assert unescape('text \\" a comment') == "text "


def test_macro_debris_inside_translated_lines_is_removed():
    source = ".SH 选项\n.TP\n.B \\-s\n默认值为 SIGTERM 。 .RE\n"
    text = page(source)[3]
    assert text.endswith("默认值为 SIGTERM 。")
    assert ".RE" not in text


ASCIIDOCTOR = r"""'\" t
.TH "CHRT" "1" "2022-05-11" "util\-linux 2.38.1" "User Commands"
.if \n[.g] \{\
.  mso www.tmac
.  am URL
.    ad l
.  .
.\}
.SH "NAME"
chrt \- manipulate the real\-time attributes of a process
.SH "OPTIONS"
.sp
\fB\-p\fP, \fB\-\-pid\fP
.RS 4
Operate on an existing PID and do not launch a new task.
.RE
.sp
Some policies take a priority argument,
as described below.
.RS 4
An indented note.
.RE
"""


def test_docbook_and_asciidoctor_term_lines_before_an_indented_body_are_options():
    title, blocks, _, text = page(ASCIIDOCTOR)
    assert title == "chrt(1)"
    options = [b for b, _ in blocks if b["kind"] == "option"]
    assert [b["attrs"]["term"] for b in options] == ["-p, --pid"]
    body = text[options[0]["attrs"]["body_start"] : options[0]["end"]]
    assert body == "Operate on an existing PID and do not launch a new task."
    paragraphs = [t for b, t in blocks if b["kind"] == "paragraph"]
    assert "Some policies take a priority argument, as described below." in paragraphs


def test_an_indented_body_after_a_word_that_is_not_option_shaped_stays_a_paragraph():
    source = ".TH APT-GET 8\n.SH DESCRIPTION\n.PP\n\\fBdownload\\fR\n.RS 4\nfetch a package\n.RE\n"
    _, blocks, _, _ = page(source)
    assert [b["kind"] for b, _ in blocks] == ["heading", "paragraph", "paragraph"]


def test_tagged_entries_record_how_deep_they_sit_in_rs_indents():
    source = (
        ".TH BASH 1\n.SH SHELL BUILTIN COMMANDS\n.TP\n\\fBshopt\\fP [\\-pqsu] [optname ...]\n"
        "Toggle the values of settings.\n.RS\n.TP 8\n.B dotglob\nIf set, bash includes dot files.\n"
        ".RE\n.TP\n\\fBpwd\\fP [\\-LP]\nPrint the name of the current working directory.\n"
        ".SH ENVIRONMENT\n.RS\n.TP\n.B HOME\nThe home directory.\n"
    )
    _, blocks, _, _ = page(source)
    depths = {b["attrs"]["term"]: b["attrs"]["depth"] for b, _ in blocks if b["kind"] == "option"}
    assert depths == {
        "shopt [-pqsu] [optname ...]": 0,
        "dotglob": 1,
        "pwd [-LP]": 0,
        "HOME": 1,  # a new section starts at no indent; its own .RS counts
    }
