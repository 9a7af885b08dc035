"""Man-page option entries: ``-a, --all`` and its description become a question and answer.

Real examples:

- manpages-zh ls(1): 「-a, --all ⟶ 不要忽略以点号（“.”）起始的条目」 gives 「使用 ls 时，如何
  不要忽略以点号（“.”）起始的条目？」 → 「使用 -a, --all 选项：不要忽略…」.
- manpages-zh df(1): 「--sync ⟶ 取得使用量数据前先进行同步（sync）」.
- coreutils uname(1): "-v, --kernel-version ⟶ print the kernel version" gives "How do I
  print the kernel version with uname?" → "Use `-v, --kernel-version`: print the kernel
  version".

A description that opens with an action is asked as a how-to (its verb in the base form:
"Specifies the delay" gives "How do I specify the delay"); any other, or one that says
when rather than what (「在列出单元时，…」) or pastes the description (a goal that holds
an option or opens with a preposition: 「如何在 copy-in 模式中？」), as "what does the
option do". The command comes from the page title (``ls(1)``), its NAME line or, failing
both, the file name (``ls.1.gz``). Left alone: aliases (「同 --get」, "same as --get"),
descriptions left in English in a Chinese page, terms that are no option (「[2]」,
"drop shot", ``HOME``: only a term that starts with ``-`` or ``+`` is asked about), and
entries outside option sections (a ``-x`` entry also counts under a heading that names
options, such as tar's 「所有选项」 or rpm's 「查询选项」).
``--help``/``--version`` boilerplate is dropped by the ``pair-quality`` filter, which
counts it.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhiling import Block, Record, hookimpl
from zhiling.plugins.extractors._text import (
    Pattern,
    blocks,
    clean_goal,
    in_language,
    quotes_closed,
    text_of,
    tidy_troff,
)
from zhiling.plugins.extractors._words import (
    ZH_ACTIONS,
    base_verb,
    points_at_page,
    starts_with_action,
    word_set,
    zh_place_then_verb,
    zh_verbs,
)

PAGE = regex.compile(r"^(?P<name>[\w.+:-]+)\((?P<section>\d\w*)\)")
NAME = regex.compile(r"^(?P<name>[\w.+:-]+)")
# A man page's file name, ``ls.1.gz`` or ``smb.conf.5``: some translated pages lack both a
# ``ls(1)`` title and a NAME line.
FILE_NAME = regex.compile(r"(?:^|[/:])(?P<name>[\w.+-]+?)\.(?P<section>\d\w*)(?:\.gz)?$")
# manpages-zh titles most sections in both languages (「选项 OPTIONS」, 「DESCRIPTION(描述)」):
# a section counts when every word of its title is one of these.
SECTION_WORDS = frozenset(
    {"option", "options", "description", "选项", "参数", "描述", "说明", "命令选项"}
)
OPTION_WORDS = frozenset({"option", "options", "选项", "命令选项"})
SECTION_SPLIT = regex.compile(r"[\s()（）]+")
# Pages that split their options into groups title them freely (「所有选项」, 「查询选项」,
# "COMMAND-LINE OPTIONS (命令-行选项)"): such a title counts for an entry whose term is
# option-shaped (``-x``, ``--name``). PostgreSQL's 「PARAMETERS 参数」 lists SQL keywords.
GROUP_TITLE = regex.compile(r"选项|option", regex.I)
OPTION_TERM = regex.compile(r"^--?[\w@]")
# What a user can type as an option: "-a", "--all", "+N", "-#", "-?" (not 「[2]」,
# "drop shot", "HOME" or a pasted sentence, which other entries of a page hold).
OPTION_SHAPE = regex.compile(r"^[-+]{1,2}[\w@?#]")
# A goal that repeats an option or opens with a preposition (「在 copy-in 模式中」) pastes
# the description instead of asking for what it does.
PASTED = regex.compile(r"(?:^|\s)[-+]{1,2}\w|^(?:在|从|向|对|为|以|使(?!用)|随|只|按|当)")
ALIAS = regex.compile(
    r"^(?:同|等同于|等价于|相当于|同上|same as|equivalent to|an alias for|likewise\b)\s*\S",
    regex.I,
)
# 「这个选项可以…」「该选项将…」: the option's own name before what it does.
USE_THIS_OPTION = regex.compile(r"^use this option to ", regex.I)
ZH_THIS_OPTION = regex.compile(r"^(?:这个|该|此|本)(?:选项|开关|参数)(?:可以|用来|用于|将|会)?\s*")
# Verbs the old manpages-zh translations open option descriptions with (「设定」 for "set"),
# and 「声明」, their word for "specify", asked as users say it (「指定」).
ZH_OPTION_VERBS = ("设定", "指明", "告诉", "声明", "仅", "使用", "回显", "解释", "预处理")
ZH_SPECIFY = regex.compile(r"^声明")
# 「该选项指定了使用…」: the aspect particle reads as a statement once asked 「如何指定了…」.
ZH_PERFECTIVE = regex.compile(r"^(\p{Han}{2})了(?=\p{Han})")
EN_TELLS = word_set("explain warn report notify complain echo")
# What a program does to its user: asked 「如何让 cp 解释正在做什么？」.
ZH_TELLS = ("解释", "回显", "报告", "警告", "告诉")
# 「在指定的目录中创建链接」「只显示进程号」: a place or a limit, then what the option does
# in the same clause, is a goal as it stands (「在 copy-in 模式中」 alone is not).
ZH_PLACED = zh_place_then_verb("在|为|对|按照|根据|从|通过|用|以", ZH_ACTIONS, "，,；;。")
ZH_LIMITED = regex.compile(rf"^(?:只|仅)(?:{zh_verbs(ZH_ACTIONS)})")


def _zh_scoped(goal: str) -> bool:
    return bool(ZH_PLACED.match(goal) or ZH_LIMITED.match(goal))


# "read in text mode (default)": an aside is not part of what the user asks for; nor is a
# closing "and exit" (「并退出」) of "print the version and exit".
ASIDE = regex.compile(r"\s*\([^()]*\)")
AND_EXIT = {
    "en": regex.compile(r"(?:,\s*|\s+)(?:and|then|and then)\s+exits?$", regex.I),
    "zh": regex.compile(r"(?:[，,]\s*(?:并且?|然后|再)?|并且?|然后|再)退出$"),
}
# "Test mode", "Sort order": a verb-like word before the head of a name.
NOUN_HEADS = word_set(
    "mode point order format path level size type count value limit interval width length "
    "number style"
)
# "Link setting is configured on …": a sentence with a subject, not a verb and its object.
# ("explain what is being done" is still an action: a relative word opens its object.)
STATEMENT = regex.compile(
    r"^\S+((?: \S+){0,2}) (?:is|are|was|were|has|have|will|can|must)\b", regex.I
)
RELATIVE = word_set("what which that who whom whose where when why how it this")
MAX_GOAL_WORDS = 20


def _asks_an_action(words: list[str]) -> bool:
    """Return whether an English goal reads as an action a user asks for.

    Not a name ("Test mode", "Use Alternate Value"), a subject in -ing ("Setting this
    option enables …"), a statement ("name was found via …"), one word, or over 20 words.
    """
    if not 2 <= len(words) <= MAX_GOAL_WORDS:
        return False
    if words[0].lower().endswith("ing") and len(words[0]) > 4:
        return False
    if len(words) == 2 and words[1].lower() in NOUN_HEADS:
        return False
    if all(word[:1].isupper() and word[1:].islower() for word in words[1:]):
        return False
    statement = STATEMENT.match(" ".join(words))
    return not statement or bool(RELATIVE & set(statement[1].lower().split()))


# 「以 1000 为幂输出大小（例，1.1G）」: the first clause ends inside a bracket, cut before it.
UNCLOSED = regex.compile(r"\s*[（(][^）)]*$")
NEGATED = regex.compile(r"^(?:do not|don't|never|不要|不|别)", regex.I)  # awkward as how-to
# 「在列出单元时」 says when the option acts, not what it does: no how-to question.
CONDITION = regex.compile(r"^在.*(?:时|后|前)$|时$|的话$")
FIRST_CLAUSE = {
    # The old translations end sentences with an ASCII period too (「…文件的名字.此选项…」);
    # one before a letter or digit is part of a name (rfc1001.txt, 1.2).
    "zh": regex.compile(r"^(?:[^，,；;。.]|\.(?=[A-Za-z0-9_/-]))+"),
    "en": regex.compile(r"^[^,;]+?(?=[,;]|\.\s|\.$|$)"),
}


# A clause that the next one turns around: what the option adds comes after it.
BUT = regex.compile(r"^\s*[，,]\s*(?:但是|但|而|不过|只是|but\b|except\b)", regex.I)


def command_name(document: Record, found: list[Block]) -> str | None:
    """Return the command a man page documents: its ``ls(1)`` title, NAME line or file name."""
    for block in found:
        if block["kind"] == "heading":
            page = PAGE.match(text_of(document, block).strip())
            if page:
                return str(page["name"]).lower()
        if block["kind"] == "name":
            name = NAME.match(text_of(document, block).strip())
            if name:
                return str(name["name"])
    file_name = FILE_NAME.search(str((document.get("meta") or {}).get("source", "")))
    return str(file_name["name"]) if file_name else None


# Man pages of a language's library rather than of a program: manpages-zh's Tcl commands
# (lindex.3tcl) and Tk commands (ScrolledWindow.3tk). 「使用 ScrolledWindow 时，如何…？」 said
# nothing of Tcl, which readers of 2.0.0 builds marked as needing context. English pages of
# these sections are not among the sources, so only Chinese questions name them.
LIBRARY_SECTIONS = {"tcl": "Tcl 命令", "tk": "Tk 命令"}


def library_of(section: str) -> str | None:
    """Return what a Chinese question calls a library's command (「Tcl 命令」), if any."""
    return LIBRARY_SECTIONS.get(section.lstrip("0123456789").lower())


def named_command(name: str, section: str, lang: str) -> str:
    """Return the command as a Chinese question names it: 「Tcl 命令 lindex」, else ``name``."""
    library = library_of(section)
    return f"{library} {name}" if library and lang == "zh" else name


def page_section(document: Record, found: list[Block]) -> str:
    """Return a man page's section from its title (``lindex(3tcl)``) or its file name."""
    for block in found:
        if block["kind"] == "heading":
            page = PAGE.match(text_of(document, block).strip())
            if page:
                return str(page["section"])
    file_name = FILE_NAME.search(str((document.get("meta") or {}).get("source", "")))
    return str(file_name["section"]) if file_name else ""


def title_words(title: str) -> list[str]:
    """Return the lower-cased words of a section title, brackets and spaces removed."""
    return [word for word in SECTION_SPLIT.split(title.lower()) if word]


def option_section(path: list[str], term: str = "") -> bool:
    """Return whether a block under these headings is an option entry.

    Its own section must be an option or description section, or lie inside an
    OPTIONS section (tar groups its options under "OPTIONS > Informative output"),
    or, for an option-shaped ``term``, have a heading that names options.
    Other sections are left alone even for ``-x`` terms: bash's builtins and test
    operators and find's tests are not options of the page's command.
    """
    if OPTION_TERM.match(term) and any(GROUP_TITLE.search(title) for title in path):
        return True
    words = title_words(path[-1])
    if words and all(word in SECTION_WORDS for word in words):
        return True
    return any(
        (words := title_words(title)) and all(word in OPTION_WORDS for word in words)
        for title in path[:-1]
    )


class ManOption(Pattern):
    """Turn each option entry of a man page into a usage question and answer."""

    name = "man-option"
    version = "0.20.0"
    languages = ("zh", "en")

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        found = blocks(document)
        command = command_name(document, found)
        if command is None:
            return
        command = named_command(command, page_section(document, found), lang)
        for block in found:
            if block["kind"] != "option" or not in_language(document, block, lang):
                continue
            term = str((block.get("attrs") or {}).get("term", "")).strip()
            if not option_section(block.get("heading") or [""], term):
                continue
            body = text_of(document, block)
            description = " ".join(body[body.find(term) + len(term) :].split())
            description = tidy_troff(description, lang)
            if not term or not description or ALIAS.match(description):
                continue
            if not OPTION_SHAPE.match(term):
                continue  # 「[2]」, "drop shot", HOME: an entry, but no option to ask about
            question = self._question(command, term, description, lang)
            lookup = _lookup(command, term, lang)
            # Where the question has two answers (three grep options 「禁止通常的输出」; rpm's
            # --test in two modes), ask of the option, then of the option in its section.
            section = (block.get("heading") or [""])[-1]
            qualified = lookup if question != lookup else _lookup(command, term, lang, section)
            yield self.record(
                document,
                question,
                self._answer(term, description, lang, asks_how=question != lookup),
                [(block["start"], block["end"])],
                qualified,
            )

    @staticmethod
    def _question(command: str, term: str, description: str, lang: str) -> str:
        if lang == "zh":
            description = ZH_THIS_OPTION.sub("", description)
        clause = FIRST_CLAUSE[lang].match(description)
        first = clause.group() if clause else ""
        contrast = BUT.match(description[len(first) :]) if clause else None
        if contrast:
            # grep --exclude 「在目录中递归搜索，但是跳过…」: what the option adds follows the
            # turn, so the goal runs on to the end of that clause (2.0.0 asked 「如何在目录中
            # 递归搜索？」 and answered with --exclude).
            turn = len(first) + contrast.end()
            after = description[turn:]
            rest = FIRST_CLAUSE[lang].match(after.lstrip())
            space = after[: len(after) - len(after.lstrip())]
            first = description[:turn] + (space + rest.group() if rest else "")
        acts = starts_with_action(description, lang) or (
            lang == "zh" and (description.startswith(ZH_OPTION_VERBS) or _zh_scoped(description))
        )
        if clause and acts and not NEGATED.match(description):
            goal = clean_goal(UNCLOSED.sub("", first))
            goal = clean_goal(AND_EXIT[lang].sub("", ASIDE.sub("", goal)))
            if PASTED.search(goal) and not (lang == "zh" and _zh_scoped(goal)):
                goal = ""
            if lang == "en":
                goal = USE_THIS_OPTION.sub("", goal)  # "Use this option to ignore errors …"
                if goal and not _asks_an_action(goal.split()):
                    goal = ""
            if points_at_page(goal, lang) or not quotes_closed(goal):
                goal = ""  # 「使用这个选项会使…」 points back; 「改变‘[^’方括号表达式和‘」 is cut
            if lang == "zh" and not ZH_GOAL_LENGTH[0] <= len(goal) <= ZH_GOAL_LENGTH[1]:
                # id -a 「忽略，…」 asked 「如何忽略？」; troff -b's run-on description, with
                # no stop between its three sentences, asked a 60-character question.
                goal = ""
            if lang == "zh" and (ZH_NOT_A_GOAL.search(goal) or goal.startswith(("用来", "用于"))):
                goal = ""  # a list in the goal (「…之一: normal、active」); 「用来记录的文件」
        else:
            goal = ""
        if goal:
            if lang == "en":
                # Descriptions say what the option does ("Specifies the delay"); the
                # question asks for it in the base form ("How do I specify the delay").
                verb, _, rest = goal.partition(" ")
                phrase = " ".join(filter(None, [base_verb(verb), rest]))
                if base_verb(verb) in EN_TELLS:  # what the program does to its user
                    return f"How do I make {command} {phrase}?"
                return f"How do I {phrase} with {command}?"
            if not CONDITION.search(goal):
                if goal.startswith(ZH_TELLS):  # 「解释正在做什么」: what the program does to you
                    return f"如何让 {command} {goal}？"
                goal = ZH_PERFECTIVE.sub(r"\1", ZH_SPECIFY.sub("指定", goal))
                return f"使用 {command} 时，如何{goal}？"
        return _lookup(command, term, lang)

    @staticmethod
    def _answer(term: str, description: str, lang: str, *, asks_how: bool) -> str:
        """Return the answer: the option to use for a how-to, the option's entry for a lookup.

        "What does the `-z` option do?" answered "Use `-z, --zero`: …" read as a mismatch to
        a reader of 2.0.0 (7 of 15 records); a lookup is answered as man-entry answers one.
        """
        if not asks_how:
            return f"{term}：{description}" if lang == "zh" else f"`{term}`: {description}"
        return (
            f"使用 {term} 选项：{description}" if lang == "zh" else f"Use `{term}`: {description}"
        )


ZH_GOAL_LENGTH = (3, 40)
ZH_NOT_A_GOAL = regex.compile(r"[：:．*]")


# The comma between an option's spellings, not one inside its argument ("[,...]").
ALIASES = regex.compile(r",\s*(?=[-+])")


def _lookup(command: str, term: str, lang: str, section: str = "") -> str:
    """Ask what an option does, in a section of the page when ``section`` is given."""
    if lang == "zh":
        # Every spelling is named: one-answer folds case, so 「cpio 的 -s 选项」 and 「cpio 的
        # -S 选项」 would read as one question with two answers.
        where = f"在「{section}」一节中" if section else ""
        return f"{command} 的 {term} 选项{where}有什么作用？"
    first = ALIASES.split(term)[0].strip()
    where = f" in the “{section}” section" if section else ""
    return f"What does the `{first}` option of `{command}` do{where}?"


@hookimpl
def register_extractors(register):
    register("man-option", ManOption)
