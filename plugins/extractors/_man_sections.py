"""Section kinds of man pages and the question each asks, for the ``man-entry`` pattern.

Kept apart from the pattern so its filters read on their own: this module names the page,
says which sections define nothing, which kind of question a section title asks and how
the question is worded.
"""

from __future__ import annotations

import regex

from zhiling import Block, Record
from zhiling.plugins.extractors._text import HAN, text_of
from zhiling.plugins.extractors._words import word_set
from zhiling.plugins.extractors.man_option import (
    FILE_NAME,
    OPTION_TERM,
    command_name,
    named_command,
    title_words,
)

# A page title as the man-page source keeps it: ``ls(1)``, ``create view(7)``.
TITLE = regex.compile(r"^(?P<name>\S[^()]{0,40}?)\((?P<section>\d\w*)\)$")

# Sections that define nothing: any title holding one of these words or phrases…
SKIP = regex.compile(
    r"example|synopsis|see also|conform|reporting bugs|bug reports|"
    r"示例|例子|范例|实例|举例|参见|另见|兼容",
    regex.I,
)
# …or made only of these words (「历史 HISTORY」, but not "HISTORY EXPANSION").
SKIP_WORDS = word_set(
    "name names 名称 名字 author authors 作者 bugs 缺陷 history 历史 copyright 版权 colophon "
    "总览 概述 概要"
)
VARIABLE = r"^\$?[A-Za-z_][\w-]*(?:,\s*\$?[A-Za-z_][\w-]*)*$"
PATH = r"^[~/$][^\s]*/|^/"
# (kind, section title, term shape): the deepest title that names a kind decides it; a
# term of another shape is asked about by its section, or skipped where the kind is None.
KINDS = (
    ("error", regex.compile(r"error|错误", regex.I), r"^-?E[A-Z0-9]{2,}\b"),
    ("environment", regex.compile(r"environment|环境", regex.I), VARIABLE),
    # (not "Feature test macros": macros are defined, not tested)
    (
        "test",
        regex.compile(r"^(?!.*macro).*(?:conditional|\btests?\b|条件表达式|测试)", regex.I),
        r"",
    ),
    (None, regex.compile(r"builtin|内建|内部命令", regex.I), r"^[^-\s]"),
    ("variable", regex.compile(r"variable|变量", regex.I), VARIABLE),
    (
        "command",
        regex.compile(r"^(?!.*(?:option|选项)).*(?:command|action|命令|动作|操作)", regex.I),
        r"[^\p{Han}\s]",
    ),
    ("file", regex.compile(r"\bfiles?\b|文件", regex.I), PATH),
)
# What the entries of a section are, from its title, for entries no kind above takes: a
# setting (smb.conf's options, tc's PARAMETERS, socket(7)'s socket options), a field of a
# structure (elf's Ehdr), a key, an escape sequence, a flag or event. The question then
# names it ("What does the `limit` parameter do in tc(8)?") instead of the section.
SECTION_KINDS = (
    ("function", regex.compile(r"\bfunctions?\b|函数", regex.I)),
    ("field", regex.compile(r"\bfields?\b|\bmembers?\b|字段|成员|\bheader\b|\bstruct", regex.I)),
    (
        "setting",
        regex.compile(
            r"options?|选项|parameters?|参数|settings?|设置|配置|stanza|features?|sysctl"
            r"|/proc interfaces|tunables?|attributes?|属性",
            regex.I,
        ),
    ),
    ("key", regex.compile(r"\bkeys?\b|快捷键|按键|key ?bindings?", regex.I)),
    ("escape", regex.compile(r"escapes?|转义|sequences?|序列|prompt|提示符", regex.I)),
    ("flag", regex.compile(r"\bflags?\b|\bevents?\b|标志|事件|\bmasks?\b", regex.I)),
)
SETTING_NOUNS = {
    "en": (("option", "option"), ("parameter", "parameter")),
    "zh": (("选项", "选项"), ("option", "选项"), ("参数", "参数"), ("parameter", "参数")),
}
SENTENCE_TITLE = regex.compile(r"[。，；]|\p{Han}[.,;]")
BUILTIN = "builtin"
COMMAND_SECTIONS = ("", "1", "6", "8")
SINCE = regex.compile(r"\s*\([^()]*\)$")  # "tcp_sack (Boolean; since Linux 2.2)" asks for tcp_sack
# bridge(8)'s "bridge fdb flush - flush bridge forwarding table entries.": a section per
# subcommand, whose entries are asked of the subcommand rather than of the section's title.
SUBCOMMAND_TITLE = regex.compile(r"^(?P<command>[a-z][\w.-]*(?: [a-z][\w.-]*)+) - \S")
ENGLISH_TITLE = regex.compile(r"[(（]?\b[A-Z][A-Z\s/&\"'-]*[A-Z]\b[)）]?")

QUESTIONS = {
    "zh": {
        "error": "调用 {name} 时出现 {term} 错误是什么意思？",
        "error-command": "{name} 报告 {term} 错误是什么意思？",
        "environment": "环境变量 {term} 对 {name} 有什么影响？",
        BUILTIN: "{name} 内建命令 {term} 有什么作用？",
        "variable": "{name} 中的变量 {term} 有什么作用？",
        "test": "{name} 的条件测试 {term} 检查什么？",
        "command": "在 {name} 中，命令 {term} 的功能是什么？",
        "command-option": "在 {name} 中，{term} 有什么作用？",
        "file": "{name} 使用的文件 {term} 有什么用？",
        "file-page": "文件 {term} 是做什么用的？",
        "section": "{page} 手册页「{title}」一节中的 {term} 是什么？",
        "subcommand": "在 {command} 中，{term} 有什么作用？",
        "in-section": "{page} 手册页「{title}」一节中的 {term} 是什么？",
        "setting": "{page} 中的 {term} {noun}有什么作用？",
        "function": "{name} 中的 {term} 函数有什么作用？",
        "field": "{page} 中的 {term} 字段表示什么？",
        "key": "在 {name} 中，{term} 键有什么作用？",
        "escape": "在 {name} 中，转义序列 {term} 代表什么？",
        "flag": "{page} 中的 {term} 标志表示什么？",
    },
    "en": {
        "error": "What does the {term} error from {page} mean?",
        "error-command": "What does the {term} error from {name} mean?",
        "environment": "How does the {term} environment variable affect {name}?",
        BUILTIN: "What does the `{term}` builtin of {name} do?",
        "variable": "What is the `{term}` variable in {name}?",
        "test": "What does the `{term}` test check in {name}?",
        "command": "What does the `{term}` command do in {name}?",
        "command-option": "What does the `{term}` {noun} of `{name}` do?",
        "file": "What is `{term}` used for by {name}?",
        "file-page": "What is the file `{term}` described in {page}?",
        "section": 'What is `{term}` in the "{title}" section of {page}?',
        "subcommand": "What does `{term}` do in `{command}`?",
        "in-section": 'What is `{term}` in the "{title}" section of {page}?',
        "setting": "What does the `{term}` {noun} do in {page}?",
        "function": "What does the `{term}` function do in {page}?",
        "field": "What does the `{term}` field hold in {page}?",
        "key": "What does the {term} key do in {name}?",
        "escape": "What does the escape `{term}` stand for in {name}?",
        "flag": "What does the `{term}` flag mean in {page}?",
    },
}


def man_page(document: Record, found: list[Block]) -> tuple[str, str] | None:
    """Return ``(name, section)`` of a man page, from its title if it has one.

    The man-page source keeps the ``.TH`` title (``create view(7)``) in ``meta``; the
    section is "" when neither a title nor the file name gives one.
    """
    meta = document.get("meta") or {}
    titles = [text_of(document, b).strip() for b in found if b["kind"] == "heading"]
    for title in [str(meta.get("title") or ""), *titles[:1]]:
        found_title = TITLE.match(title)
        if found_title:
            return str(found_title["name"]).lower(), str(found_title["section"])
    name = command_name(document, found)
    file_name = FILE_NAME.search(str(meta.get("source", "")))
    if file_name and (name is None or HAN.search(name)):  # a translated NAME
        return str(file_name["name"]), str(file_name["section"])
    if name is None:
        return None
    return name, str(file_name["section"]) if file_name and file_name["name"] == name else ""


def entry_kind(path: list[str], term: str) -> str | None:
    """Return the question kind for an entry under ``path``, or None to leave it alone.

    A "title" that is a sentence (「屏幕控制在xpdf窗口的底部.」, a paragraph the page set as
    a heading) names no section to ask about: its entries are left alone.
    """
    if any(SKIP.search(title) or set(title_words(title)) <= SKIP_WORDS for title in path):
        return None
    if path and SENTENCE_TITLE.search(path[-1]):
        return None
    for title in reversed(path):
        for kind, names, shape in KINDS:
            if names.search(title):
                if regex.search(shape, term):
                    return kind or BUILTIN
                return "section" if kind else None
    return "section"


def question(kind: str, term: str, title: str, page: tuple[str, str], lang: str) -> str:
    """Return the question for an entry of this kind, term and section title of ``page``.

    Kind "section" asks by what the section's title says its entries are (a setting, a
    field…), falling back to the section; "in-section" always names the section, to tell
    apart one term described in two sections.
    """
    name, section = page
    is_command = section in COMMAND_SECTIONS
    if kind == "error" and is_command:
        kind = "error-command"
    elif kind == "command" and OPTION_TERM.match(term):
        kind, term = "command-option", term.split(",")[0].split()[0]
    elif kind == "file":
        kind, term = ("file" if is_command else "file-page"), term.split()[0].rstrip(",")
    term = SINCE.sub("", term) or term
    if lang == "zh" and HAN.search(title):
        title = " ".join(ENGLISH_TITLE.sub(" ", title).split()) or title
        title = regex.sub(r"[(（]\W*[)）]", "", title).strip() or title
        # 「Module List for the Compiler Suite 编译套件的模块列表」: the Chinese half only.
        words = title.split()
        first_han = next(i for i, word in enumerate(words) if HAN.search(word))
        title = " ".join(words[first_han:])
    title = title.strip().rstrip(":：")
    label = f"{name}({section})" if section else name
    name = named_command(name, section, lang)
    noun = "action" if "action" in title.lower() else "command"
    subcommand = SUBCOMMAND_TITLE.match(title)
    command = subcommand["command"] if subcommand else ""
    if kind == "section" and command.split(" ", 1)[0] == name.split("-")[0]:
        kind = "subcommand"
    elif kind == "section":
        kind = next((k for k, names in SECTION_KINDS if names.search(title)), kind)
        if kind == "setting":
            nouns = SETTING_NOUNS[lang]
            default = "设置" if lang == "zh" else "setting"
            noun = next((n for word, n in nouns if word in title.lower()), default)
    return QUESTIONS[lang][kind].format(
        name=name, term=term, page=label, title=title, noun=noun, command=command
    )
