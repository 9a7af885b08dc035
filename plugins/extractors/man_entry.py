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

The kind of question follows the section the entry sits in (``_man_sections``); an entry that
fits none is asked as a how-to when its description opens with an action (bash's
"unix-filename-rubout ⟶ Kill the word behind point, …" gives "How do I kill the word behind
point in bash?"), else about by its section: 「smb.conf(5) 手册页「每一个选项的详细解释」一节中的
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
from zhiling.plugins.extractors._man_sections import (
    SINCE,
    TITLE,
    entry_kind,
    man_page,
    question,
)
from zhiling.plugins.extractors._text import (
    HAN,
    Pattern,
    blocks,
    clean_goal,
    language,
    quotes_closed,
    text_of,
    tidy_troff,
)
from zhiling.plugins.extractors._words import (
    base_verb,
    is_pointer,
    opens_with_subject,
    starts_with_action,
    word_set,
)
from zhiling.plugins.extractors.man_option import (
    ALIAS,
    CONDITION,
    FIRST_CLAUSE,
    NEGATED,
    PASTED,
    option_section,
)

# Bullets, numbers, enumerators ("(iv)", "(a)"), sentences and lead-ins are no terms.
JUNK_TERM = regex.compile(r"^[\d.\s()%-]*$|^[(\[](?:[ivx]+|\w)[)\]]$|[。，；？！]|[:：]$|^[•·]$")
# Labels some pages tag the parts of one entry with (bpf-helpers: Description, Return).
LABELS = word_set("description return returns note notes example default 说明 描述 返回值 注意")
MIN_GOAL = 8  # characters: shorter goals ("list it") ask too little
STAR = regex.compile(r"^\*\s+")  # stty marks settings POSIX lacks with "* "
SAME = regex.compile(r"^(?:与|和|同).{0,30}(?:相同|一样|同义)|^synonym (?:for|of)\b", regex.I)
PAGE_REF = regex.compile(r"[\w.:-]+\(\d\w*\)")
ASIDE = regex.compile(r"[(（][^()（）]*[)）]")
SCOPE = regex.compile(r"\s*\([A-Z]\)$")


def answerable(description: str, lang: str) -> bool:
    """Return whether a description is in ``lang``, says something itself and is long enough."""
    if not description or language(description) != lang or description.endswith((":", "：")):
        return False
    if ASIDE.fullmatch(description):
        return False  # cksum's "sm3 ⟶ (only available through cksum)" says where, not what
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
    version = "0.15.0"
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
            description = tidy_troff(description, lang)
            if kind is None or not answerable(description, lang):
                continue
            # Chinese entries are looked up: the old translations describe them in noun
            # phrases that open with a verb's character (「保存在 ARP 高速缓存中的最多的记录…」),
            # which read as goals garble the question (judged: 4 of 4 such zh records).
            how = _how_to(page[0], description) if kind == "section" and lang == "en" else None
            lookup = question(kind, term, path[-1], page, lang)
            # The version note stays out of the code: "`cpuset.memory_migrate` (since Linux
            # 2.6.16): …", not "`cpuset.memory_migrate (since Linux 2.6.16)`".
            # smb.conf's "(G)"/"(S)" (global or share parameter) means nothing in an answer.
            shown = SCOPE.sub("", term)
            name = SINCE.sub("", shown) or shown
            code = f"`{name}`{shown[len(name) :]}"
            answer = f"{shown}：{description}" if lang == "zh" else f"{code}: {description}"
            # A how-to two entries answer is asked of the entry instead, and an entry listed
            # in two sections of its page (sed's 「R 文件名」) of the entry in its section.
            qualified = lookup if how else question("in-section", term, path[-1], page, lang)
            spans = [(block["start"], block["end"])]
            yield self.record(document, how or lookup, answer, spans, qualified)


def _how_to(name: str, description: str) -> str | None:
    """Return a how-to question when an English entry's description opens with an action.

    bash's "unix-filename-rubout ⟶ Kill the word behind point, …" is better asked as
    "How do I kill the word behind point in bash?" than as a lookup of its section.
    """
    if description.split(" ", 1)[0].isupper():
        return None  # "TYPE specifies the type…": the argument's name, not a verb
    clause = FIRST_CLAUSE["en"].match(description)
    if clause is None or not starts_with_action(description, "en") or NEGATED.match(description):
        return None
    if opens_with_subject(description):
        return None  # rtld-audit's "name was created using …": a noun, not a verb
    goal = clean_goal(clause.group())
    if PASTED.search(goal) or CONDITION.search(goal) or len(goal) < MIN_GOAL:
        return None
    if ":" in goal or not quotes_closed(goal):
        # stty's "enable special characters: erase, …", groff_man's "(if omitted, …": a
        # list or an aside cut short gave "How do I set … to d (if omitted in man?".
        return None
    verb, _, rest = goal.partition(" ")
    return f"How do I {' '.join(filter(None, [base_verb(verb), rest]))} in {name}?"


@hookimpl
def register_extractors(register):
    register("man-entry", ManEntry)
