"""Means and goal in running text: 「可以通过 X 来 Y」, "You can X by Y-ing", "Use X to Y".

Documentation prose often names a tool and what it achieves in one sentence without any
purpose clause up front. The goal becomes the question (with the command or product the
document is about, see ``_prose``) and the sentence is the answer.

Real examples from the debian-instruct packages:

- libreoffice-help-zh-cn: 「如果要查看其他模块的帮助，可以通过浏览区域中的组合框来切换到相应模块
  的帮助。」 gives 「在 LibreOffice 中如何切换到相应模块的帮助？」… (the goal after 来).
- systemd (zh man page): 「systemd-escape 可用于 转义单元名称中的特殊字符」 gives
  「如何用 systemd-escape 转义单元名称中的特殊字符？」.
- systemd: "Options --reverse, --after, --before may be used to change what types of
  dependencies are shown." gives "How do I change what types of dependencies are shown
  with systemctl?".
- python3.11-doc: "Use PyDoc_STR in specifying docstrings to support building Python
  without docstrings" and "you can use patch.dict() to temporarily put a mock in place".
- see-also lists: "chmod(1) to change file modes".

Left alone: goals that lean on a pronoun (「来撤消对该命令的更改」, "to change it"),
descriptions without a means (「此函数用于…」), and "used to" meaning "formerly".
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhiling import Record, hookimpl
from zhiling.plugins.extractors._prose import points_outside, question
from zhiling.plugins.extractors._text import Pattern, blocks, in_language, sentences
from zhiling.plugins.extractors._words import is_anaphoric
from zhiling.plugins.extractors.means_goal import MeansGoal

END = r"(?=[，,。；;：:！!]|$)"  # a goal runs to the end of its clause, never cut short
ZH_RULES = (
    # 「（您）可以通过/用/使用 X 来 Y」, 「可以选择「…」来 Y」
    regex.compile(
        r"(?:可以|可|能够|也可以|还可以)(?:通过|用|使用|利用|选择「|点击|按)"
        r"[^，,。；;：:]{1,40}?来(?P<goal>[^，,。；;：:]{2,60})" + END
    ),
    # 「通过 X 可以 Y」, 「点击「返回」按钮可以 Y」
    regex.compile(
        r"(?:^|[，,；;])(?:通过|点击|单击|双击)[^，,。；;：:]{1,40}?(?:可以|可|即可|能够)"
        r"(?P<goal>[^，,。；;：:]{2,60})" + END
    ),
    # 「可将记录插入到电子表格中，方法是…」: the goal, then the method
    regex.compile(r"^(?:您|你)?(?:可以|可)(?P<goal>[^，,。；;：:]{4,60})[，,]\s*方法是"),
    # 「systemd-escape 可用于 Y」: a named tool, not 「此函数」
    regex.compile(
        r"(?:^|\s)[A-Za-z][\w.+-]*(?:\(\d\w*\))?\s*可(?:以)?用于\s*"
        r"(?P<goal>[^，,。；;：:]{2,60})" + END
    ),
)
ZH_GOAL_START = regex.compile(r"^(?:\s*)(?:将|把|对|为|在|从|使|让|实现|进行|完成)?\p{Han}")
EN_RULES = (
    # "You can X by Y-ing": the goal before "by"
    regex.compile(r"\b[Yy]ou can (?:also )?(?P<goal>[a-z][^,;:]{3,80}?) by [a-z]+ing\b"),
    # "X lets you Y", "X allows you to Y", "X enables you to Y"
    regex.compile(r"(?<!\bwhich )\b(?:lets|let) you (?P<goal>[a-z][^,;:]{3,80})"),
    regex.compile(r"(?<!\bwhich )\b(?:allows|enables) you to (?P<goal>[a-z][^,;:]{3,80})"),
    # "Use X to Y", "you can use/call/pass X to Y": a named means before "to"
    regex.compile(
        r"(?:(?:^|(?<=[,;] ))[Uu]se|(?<!\bthat )\byou can (?:use|call|pass|run|set)) "
        r"[^,;:]{1,60}? (?<!\b(?:want|need|wish|like|have) )to (?P<goal>(?!be\b)[a-z][^,;:]{3,80})"
    ),
    # "Options --reverse, --after may be used to Y", not "it can be used to"
    regex.compile(
        r"(?<!\b(?:it|this|that|they|which) )\b(?:may|can) be used to "
        r"(?P<goal>(?!be\b)[a-z][^,;:]{3,80})"
    ),
    # "… can join another user namespace with setns(2)"
    regex.compile(r"\bcan (?P<goal>[a-z][^,;:]{3,80}?) (?:with|using|via) [\w.+-]+\(\d\w*\)"),
    # see-also lists: "chmod(1) to change file modes"
    regex.compile(r"\b[\w.+-]+\(\d\w*\) to (?P<goal>[a-z][^,;:]{3,80})"),
)
PRONOUN_SUBJECT = regex.compile(r"^(?:This|These|That|Those|It|They|此|该|这|它)")
EN_GOAL_VERB = regex.compile(r"^(?:[a-z]+)\b")
EN_NOT_VERB = frozenset(
    ["the", "a", "an", "be", "this", "that", "it", "its", "which", "what", "all", "any", "some"]
)


def _goals(sentence: str, lang: str) -> Iterator[str]:
    for rule in ZH_RULES if lang == "zh" else EN_RULES:
        for found in rule.finditer(sentence):
            goal = found["goal"].strip().rstrip("。.!！")
            if lang == "en":
                goal = regex.split(r"\s+(?:and then|if|when|so that)\s+", goal)[0]
                first = EN_GOAL_VERB.match(goal)
                if not first or first.group() in EN_NOT_VERB:
                    continue
            elif not ZH_GOAL_START.match(goal) or len(goal) < 4:  # 「来选择」 names no object
                continue
            if is_anaphoric(goal, lang) or points_outside(goal, lang):
                continue
            yield goal


class ProseMeans(Pattern):
    """A means and its goal inside a prose sentence (zh and en): the goal is the question."""

    name = "prose-means"
    version = "0.1.0"
    languages = ("zh", "en")

    def __init__(self) -> None:
        self.means_goal = MeansGoal()

    def _taken(self, sentence: str, lang: str) -> bool:
        """Return whether ``means-goal`` already makes a pair of this sentence (a code tool)."""
        if lang == "zh":
            return self.means_goal._goal_zh(sentence) is not None
        return self.means_goal._goal_en(sentence) is not None

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        text = document["text"]
        for block in blocks(document):
            if block["kind"] not in ("paragraph", "list_item"):
                continue
            if not in_language(document, block, lang):
                continue
            for start, end in sentences(text[block["start"] : block["end"]], lang, block["start"]):
                sentence = text[start:end]
                if PRONOUN_SUBJECT.match(sentence) or sentence.endswith((":", "：")):
                    continue  # "This mapping may be used to …"; a lead-in to what follows
                if self._taken(sentence, lang):
                    continue
                seen: set[str] = set()
                for goal in _goals(sentence, lang):
                    if goal in seen:
                        continue
                    seen.add(goal)
                    yield self.record(
                        document, question(goal, lang, document), sentence, [(start, end)]
                    )


@hookimpl
def register_extractors(register):
    register("prose-means", ProseMeans)
