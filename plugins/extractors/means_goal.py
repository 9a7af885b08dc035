"""Means, then goal: 「使用 X 来 Y」 and "Use X to Y" sentences become how-to pairs.

Real examples:

- debian-reference-zh-cn: 「你可以使用 procmail(1) 和 formail(1) 把邮箱内容分开成每一封
  邮件。」 gives 「如何把邮箱内容分开成每一封邮件？」 → the sentence.
- maint-guide-zh-cn: 「你可以使用 debuild 命令来进一步自动化 dpkg-buildpackage 的构建过程。」
- debian-faq-zh-cn: 「运行 dpkg-divert --list 以查看您的系统中当前生效的转移（diversion）。」
- debian-reference-en: "Use kill(1) to kill (or send a signal to) a process by the process
  ID." and "Use touch(1) command to change timestamps of existing files."

Chinese is matched over jieba words with code masked first (a character regex lets 「功能」
match 「能」): a means verb (使用/用/通过/运行/执行/借助/调用/利用), the tool (code-like words,
「命令」, 「工具」), then a link (来/以/可以/即可…) or a preposition that opens the goal (把/
在/将…). The rule reads the same words with jieba's HMM on or off. Left alone: tools that
are not code (「此功能」, 「Python 语言」, "This function"), generic goals (「完成这项工作」,
"do so") and lead-ins ending in a colon (left to ``leadin-code``).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhiling import Record, hookimpl
from zhiling.plugins.extractors._text import (
    HAN,
    Pattern,
    blocks,
    clean_goal,
    how_question,
    in_language,
    jieba_cut,
    sentences,
    text_of,
)
from zhiling.plugins.extractors._words import COMMANDS, is_anaphoric, word_set

PREFIX = word_set("你 您 我们 可以 可 也 还 也可以 还可以 就 能 能够 你可以 您可以")
MEANS = word_set("使用 用 通过 运行 执行 借助 调用 利用")
TOOL_WORDS = word_set("和 与 及 以及 命令 工具 程序 软件包 脚本 选项 或")
LINK = word_set("来 以 可以 能 便可 即可 就可以 可 能够 就能 便能")
OPENERS = word_set("把 将 在 对 为 从 向 给")
EN_RULES = (
    regex.compile(
        r"^(?:You can (?:also )?|You may )?(?:[Uu]se|[Rr]un|[Tt]ype|[Ee]xecute) "
        r"(?P<tool>.+?) to (?P<goal>[^:]+?)\.?$"
    ),
    regex.compile(r"^(?P<tool>.+?) can be used to (?P<goal>[^:]+?)\.?$"),
)
CLAUSE = regex.compile(r"[，,]\s*")
TOOL_SUFFIX = regex.compile(r"\s+(?:command|tool|utility|program|script)$")
CODE_TOKEN = regex.compile(r"^(?:[\w.+-]+\(\d\w*\)|--?\w.*|[a-z][\w.+]*-[\w.+-]+)$")


def _is_tool(tool: str) -> bool:
    named = bool(TOOL_SUFFIX.search(tool))
    words = TOOL_SUFFIX.sub("", regex.sub(r"^[Tt]he ", "", tool)).split()
    if not words or len(words) > 5:
        return False
    first = words[0]
    return (
        CODE_TOKEN.match(first) is not None
        or first in COMMANDS
        or (named and first.islower() and len(words) == 1)
    )


class MeansGoal(Pattern):
    """Find "use this tool to reach that goal" sentences (zh and en)."""

    name = "means-goal"
    version = "0.2.0"
    languages = ("zh", "en")

    def __init__(self, *, hmm: bool = True) -> None:
        self.hmm = hmm

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        text = document["text"]
        for block in blocks(document):
            attrs = block.get("attrs") or {}
            if block["kind"] not in ("paragraph", "list_item") or attrs.get("ordered"):
                continue
            if not in_language(document, block, lang):
                continue
            for start, end in sentences(text_of(document, block), lang, block["start"]):
                sentence = text[start:end]
                if sentence.endswith((":", "：")):
                    continue
                goal = self._goal_zh(sentence) if lang == "zh" else self._goal_en(sentence)
                if goal and not is_anaphoric(goal, lang):
                    yield self.record(document, how_question(goal, lang), sentence, [(start, end)])

    def _goal_zh(self, sentence: str) -> str | None:
        """Try the sentence and each clause after 「，」: 「在…系统上，用 X 来 Y。」."""
        for start in [0, *(m.end() for m in CLAUSE.finditer(sentence))]:
            goal = self._clause_goal(sentence[start:])
            if goal:
                return goal
        return None

    def _clause_goal(self, sentence: str) -> str | None:
        words = jieba_cut(sentence, self.hmm)
        i = 0
        while i < len(words) and words[i] in PREFIX:
            i += 1
        if i >= len(words) or words[i] not in MEANS:
            return None
        j = i + 1
        tool = False
        while j < len(words) and (words[j] in TOOL_WORDS or not HAN.search(words[j])):
            tool = tool or bool(regex.search(r"[A-Za-z]", words[j]))
            j += 1
        if not tool or j >= len(words) or words[j] not in LINK | OPENERS:
            return None
        position = 0
        for word in words[: j + (words[j] in LINK)]:
            position = sentence.index(word, position) + len(word)
        return clean_goal(sentence[position:]) or None

    @staticmethod
    def _goal_en(sentence: str) -> str | None:
        for rule in EN_RULES:
            match = rule.match(sentence)
            if match and _is_tool(match["tool"]):
                return str(match["goal"])
        return None


@hookimpl
def register_extractors(register):
    register("means-goal", MeansGoal)
