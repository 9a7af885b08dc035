"""Man-page entries outside option lists: errors, variables, builtins, commands, files.

Real examples:

- manpages-zh accept(2), ERRORS: 「EFAULT ⟶ 参数 addr 不在用户可写地址空间之内.」 gives
  「调用 accept 时出现 EFAULT 错误是什么意思？」 → 「EFAULT：参数 addr 不在用户可写…」.
- bash(1), SHELL BUILTIN COMMANDS: "cd [-L|[-P [-e]] [-@]] [dir] ⟶ Change the current
  directory to dir…" gives "What does the `cd` builtin of bash do?".
- manpages-zh more(1), 命令: 「:p ⟶ 前往上数第 k 个文件。默认值为1。」 gives
  「在 more 中，命令 :p 有什么作用？」; dpkg(1), ACTIONS: "--unpack package-file…" gives
  "What does `dpkg --unpack` do?".
- proc(5), Files and directories: "/proc/[pid]/maps ⟶ A file containing the currently
  mapped memory regions…" gives "What is `/proc/[pid]/maps`?".

The kind of question follows the section the entry sits in (see ``KINDS``); an entry that
fits none is asked about by its section: 「smb.conf(5) 手册页「每一个选项的详细解释」一节中的
mangling char (S) 是什么？」. Left alone: entries ``man-option`` takes, entries nested in
another entry (a shopt option under ``shopt``), sections that define nothing (EXAMPLES,
SYNOPSIS, SEE ALSO…), junk terms (bullets, numbers, sentences, over 60 characters),
descriptions in another language, aliases and pointers, and descriptions too short to
answer the question (under 6 Han characters or 4 words, page references not counted).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhiling import Block, Record, hookimpl
from zhiling.plugins.extractors._text import Pattern, blocks, language, text_of
from zhiling.plugins.extractors._words import is_pointer, word_set
from zhiling.plugins.extractors.man_option import (
    ALIAS,
    OPTION_TERM,
    TITLE,
    man_page,
    option_section,
)

SKIP = regex.compile(
    r"^name\b|example|synopsis|see also|author|\bbugs?\b|history|copyright|colophon|conform|"
    r"示例|例子|范例|实例|举例|总览|概述|概要|语法|参见|另见|作者|缺陷|历史|版权|名称|名字|兼容",
    regex.I,
)
VARIABLE = r"^\$?[A-Za-z_][\w-]*(?:,\s*\$?[A-Za-z_][\w-]*)*$"
PATH = r"^[~/$][^\s]*/|^/"
# (kind, section title, term shape): the deepest title that names a kind decides it; a
# term of another shape is asked about by its section, or skipped where the kind is None.
KINDS = (
    ("error", regex.compile(r"error|错误", regex.I), r"^-?E[A-Z0-9]{2,}\b"),
    ("environment", regex.compile(r"environment|环境", regex.I), VARIABLE),
    ("test", regex.compile(r"conditional|\btests?\b|条件表达式|测试", regex.I), r""),
    (None, regex.compile(r"builtin|内建|内部命令", regex.I), r"^[^-\s]"),
    ("variable", regex.compile(r"variable|变量", regex.I), VARIABLE),
    (
        "command",
        regex.compile(r"^(?!.*(?:option|选项)).*(?:command|action|命令|动作|操作)", regex.I),
        r"[^\p{Han}\s]",
    ),
    ("file", regex.compile(r"\bfiles?\b|文件", regex.I), PATH),
)
BUILTIN = "builtin"
COMMAND_SECTIONS = ("", "1", "6", "8")
# Bullets, numbers, enumerators ("(iv)", "(a)"), sentences and lead-ins are no terms.
JUNK_TERM = regex.compile(r"^[\d.\s()%-]*$|^[(\[](?:[ivx]+|\w)[)\]]$|[。，；？！]|[:：]$|^[•·]$")
# Labels some pages tag the parts of one entry with (bpf-helpers: Description, Return).
LABELS = word_set("description return returns note notes example default 说明 描述 返回值 注意")
STAR = regex.compile(r"^\*\s+")  # stty marks settings POSIX lacks with "* "
SINCE = regex.compile(r"\s*\([^()]*\)$")  # "tcp_sack (Boolean; since Linux 2.2)" asks for tcp_sack
SAME = regex.compile(r"^(?:与|和|同).{0,30}(?:相同|一样|同义)|^synonym (?:for|of)\b", regex.I)
PAGE_REF = regex.compile(r"[\w.:-]+\(\d\w*\)")
HAN = regex.compile(r"\p{Han}")
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
    },
}


def entry_kind(path: list[str], term: str) -> str | None:
    """Return the question kind for an entry under ``path``, or None to leave it alone."""
    if any(SKIP.search(title) for title in path):
        return None
    for title in reversed(path):
        for kind, names, shape in KINDS:
            if names.search(title):
                if regex.search(shape, term):
                    return kind or BUILTIN
                return "section" if kind else None
    return "section"


def answerable(description: str, lang: str) -> bool:
    """Return whether a description is in ``lang``, says something itself and is long enough."""
    if not description or language(description) != lang or description.endswith((":", "：")):
        return False
    description = description.strip("()（）")
    if ALIAS.match(description) or SAME.match(description) or is_pointer(description, lang):
        return False
    content = PAGE_REF.sub(" ", description)
    if lang == "zh":
        return len(HAN.findall(content)) >= 6
    return len(regex.findall(r"[A-Za-z][A-Za-z0-9]+", content)) >= 4


def good_term(term: str) -> bool:
    """Return whether ``term`` names something: no bullet, number, sentence or paragraph."""
    if not 0 < len(term) <= 60 or JUNK_TERM.search(term) or len(term.split()) > 8:
        return False
    balanced = all(term.count(a) == term.count(b) for a, b in ("()", "{}"))
    # A bare page reference ("poll(2)") names another page, not something this one defines.
    return balanced and term.lower() not in LABELS and not PAGE_REF.fullmatch(term)


def nested(found: list[Block]) -> set[int]:
    """Return the indexes of entries indented under another entry of the same section."""
    inner: set[int] = set()
    base: dict[tuple[str, ...], int] = {}
    for index, block in enumerate(found):
        if block["kind"] == "option":
            path = tuple(block.get("heading") or ())
            depth = int((block.get("attrs") or {}).get("depth", 0))
            if depth > base.setdefault(path, depth):
                inner.add(index)
            base[path] = min(base[path], depth)
    return inner


class ManEntry(Pattern):
    """Turn each man-page entry that is no command-line option into a question and answer."""

    name = "man-entry"
    version = "0.1.0"
    languages = ("zh", "en")

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        found = blocks(document)
        page = man_page(document, found)
        if page is None:
            return
        skipped = nested(found)
        for index, block in enumerate(found):
            if block["kind"] != "option" or index in skipped:
                continue
            raw = " ".join(str((block.get("attrs") or {}).get("term", "")).split())
            term = STAR.sub("", raw)
            path = list(block.get("heading") or [""])
            path = path[1:] if len(path) > 1 and TITLE.match(path[0]) else path  # "# ls(1)"
            if not good_term(term) or option_section(path, term):
                continue
            kind = entry_kind(path, term)
            body = text_of(document, block)
            description = " ".join(body[body.find(raw[:1]) :].split())[len(raw) :].strip(" -")
            if kind is None or not answerable(description, lang):
                continue
            question = self._question(kind, term, path[-1], page, lang)
            answer = f"{term}：{description}" if lang == "zh" else f"`{term}`: {description}"
            yield self.record(document, question, answer, [(block["start"], block["end"])])

    @staticmethod
    def _question(kind: str, term: str, title: str, page: tuple[str, str], lang: str) -> str:
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
        title = title.strip().rstrip(":：")
        label = f"{name}({section})" if section else name
        noun = "action" if "action" in title.lower() else "command"
        return QUESTIONS[lang][kind].format(
            name=name, term=term, page=label, title=title, noun=noun
        )


@hookimpl
def register_extractors(register):
    register("man-entry", ManEntry)
