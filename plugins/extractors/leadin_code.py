"""Lead-in, then code: 「可以用下面的命令查看…：」 followed by a code block.

Real examples:

- installation-guide-amd64 (zh_CN): 「…您可以运行下面命令释放空间：」 then ``# apt clean``
  gives 「如何释放空间？」 → the lead-in and the command.
- debian-faq-zh-cn: 「构建好文件 my_Packages 之后，使用以下命令将这一文件告诉软件包管理
  系统：」 then ``dpkg --merge-avail my_Packages``.
- debian-faq: "… tell the package management system about it with the command:" then the
  same command; "Run the following command to generate …:" in many manuals.

The goal comes from the lead-in itself (「用下面的命令 X：」, 「执行以下命令来 X：」, "You can X
with the following command:", "Run the following command to X:"); without one the block
yields nothing. Left alone: output listings (「会得到如下输出：」, "produces output like
this:"), examples (「下面是一个配置文件的示例：」), bare 「运行：」 and purpose clauses
(「要…，请运行：」, left to ``purpose-method``).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import regex

from zhiling import Record, hookimpl
from zhiling.plugins.extractors._text import (
    Pattern,
    blocks,
    capitalised,
    code_text,
    fence,
    how_question,
    in_language,
    sentences,
    text_of,
)

# 「通过下列命令中的任何一个来直接启动：」: what follows 「命令」 continues the noun phrase, and
# asked as a goal gave 「如何中的任何一个来直接启动？」.
AFTER_NOUN = regex.compile(r"^(?:中|的|里|之)")
ZH_RULES = (
    regex.compile(
        r"(?:(?:您|你)?(?:可以|可)?(?:用|使用|运行|执行|通过|键入|输入)\s*)"
        r"(?:下面|以下|下列|如下)(?:的)?(?:这条|这个)?命令\s*(?:来|以|可以|即可)?"
        r"(?P<goal>[^：:。]{2,60})[：:。]$"
    ),
    regex.compile(
        r"按(?:如下|下面|以下)(?:所示)?的?(?:方法|方式)?\s*(?P<goal>[^：:。]{2,60})[：:。]$"
    ),
    regex.compile(
        r"(?:添加|加入|写入)(?:下面|以下|如下)(?:这一?行|内容)(?:即可|就可以|来|以)(?P<goal>[^：:]{2,60})[：:]$"
    ),
)
EN_RULES = (
    regex.compile(
        r"^(?:You can |you can )?(?P<goal>[a-z][^:]{2,80}?) "
        r"(?:with|using) (?:the following|this|these|the) commands?:$",
        regex.I,
    ),
    regex.compile(
        r"^(?:Run|Use|Type|Execute|Enter|Add) the following(?: \w+){0,2}? "
        r"(?:to [^ ]+ )?to (?P<goal>[^:]{3,80}):$"
    ),
    regex.compile(r"^(?:You can |you can )?(?P<goal>[a-z][^:]{2,80}?) by (?:running|typing):$"),
)
CLAUSE_END_ZH = regex.compile(r"[，,]\s*")
CLAUSE_END_EN = regex.compile(r", ")
LISTING = regex.compile(
    r"输出|结果|会得到|返回|类似|示例|例子"
    r"|produces|returns|output|you will see|example|something like",
    regex.I,
)
PURPOSE = regex.compile(
    r"^(?:若要|如要|如需|如果(?:您|你)?(?:想|要|希望|需要)|为了|要|To |In order to "
    r"|If you (?:want|wish|need|would like) to )"
)
CONFIG = regex.compile(r"添加|写入|加入|include|add", regex.I)


def _goal(sentence: str, lang: str) -> tuple[str, int] | None:
    """Return the goal named in a lead-in and where its clause starts, or None."""
    separator = CLAUSE_END_ZH if lang == "zh" else CLAUSE_END_EN
    ends = [m.end() for m in separator.finditer(sentence)]
    clause_start = ends[-1] if ends else 0
    clause = sentence[clause_start:]
    for rule in ZH_RULES if lang == "zh" else EN_RULES:
        match = rule.search(clause)
        if match and not (lang == "zh" and AFTER_NOUN.match(match["goal"])):
            return match["goal"], clause_start
    return None


class LeadInCode(Pattern):
    """Pair a lead-in that names a goal with the code block right after it."""

    name = "leadin-code"
    version = "0.4.0"
    languages = ("zh", "en")

    def __init__(self, *, max_code_lines: int = 15) -> None:
        self.max_code_lines = max_code_lines

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        found = blocks(document)
        for block, following in pairwise(found):
            if block["kind"] != "paragraph" or following["kind"] != "code":
                continue
            if not in_language(document, block, lang):
                continue
            spans = list(sentences(text_of(document, block), lang, block["start"]))
            if not spans:
                continue
            start, end = spans[-1]
            sentence = document["text"][start:end]
            if PURPOSE.match(sentence) or LISTING.search(sentence):
                continue
            goal = _goal(sentence, lang)
            code = code_text(document, following)
            if goal is None or (
                code.count("\n") >= self.max_code_lines and not CONFIG.search(sentence)
            ):
                continue
            lead = sentence[goal[1] :].strip()
            lead = lead if lang == "zh" else capitalised(lead)
            spans = [(start + goal[1], end), (following["start"], following["end"])]
            yield self.record(
                document, how_question(goal[0], lang), f"{lead}\n{fence(code)}", spans
            )


@hookimpl
def register_extractors(register):
    register("leadin-code", LeadInCode)
