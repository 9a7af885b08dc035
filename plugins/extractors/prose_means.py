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
from zhiling.plugins.extractors._prose import (
    carried_on,
    points_outside,
    prose_sentences,
    question,
)
from zhiling.plugins.extractors._text import Pattern, first_word
from zhiling.plugins.extractors._words import ZH_PREPOSITIONS, is_anaphoric, starts_with_action
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
# 「对象可以通过点击它们…来选择」, 「错误标记只能用函数 clearerr 重置」: the goal is a short
# verb whose object is the clause's subject, so the question joins them (「如何选择对象」).
ZH_SUBJECT_RULES = (
    regex.compile(
        r"(?:^|(?<=[，,；;]))\s*(?P<object>[^，,。；;：:]{2,20}?)(?:始终|也|还)?(?:可以|可|能够|只能)"
        r"(?:通过|用|使用|利用)[^，,。；;：:]{1,40}?来(?P<verb>\p{Han}{1,3})" + END
    ),
    regex.compile(
        r"(?:^|(?<=[，,；;]))\s*(?P<object>[^，,。；;：:]{2,20}?)(?:可以|可|只能)(?:用|使用)\s*"
        r"(?:函数|命令|工具|程序|选项)?\s*[A-Za-z][\w.()+-]*\s*(?P<verb>\p{Han}{1,3})" + END
    ),
    # 「KiCad 偏好设置始终可以从 偏好设置 菜单访问」, 「线条样式和图标可以在数据序列属性对话框的
    # 「线条」选项卡页面中进行更改」
    regex.compile(
        r"(?:^|(?<=[，,；;]))\s*(?P<object>[^，,。；;：:]{2,20}?)(?:始终|也|还)?(?:可以|可)从"
        r"[^，,。；;：:]{1,30}?(?P<verb>访问|打开|启动|调用)" + END
    ),
    regex.compile(
        r"(?:^|(?<=[，,；;]))\s*(?P<object>[^，,。；;：:]{2,20}?)(?:也|还)?(?:可以|可)在"
        r"[^，,。；;：:]{1,40}?(?:中|里|内)(?:进行)?(?P<verb>更改|修改|设置|编辑|打开|启用|禁用"
        r"|指定|选择|定义|调整)" + END
    ),
)
#: A subject that is a person (「您可以通过…来登录」) or a clause, not the object of the goal.
ZH_NOT_OBJECT = regex.compile(r"^(?:您|你|我|用户|管理员|他|她|它|如果|当|在|若)|的$|[「」]")
#: The goal of 「删除文件可以使用 rm 命令来完成」 is the subject itself.
ZH_DONE = ("完成", "实现", "进行", "做到")
# A named means and what it can do, the means first: 「使用 LibreOffice Writer 的水印功能可在
# 文档页面模拟纸张上的水印」, 「Acquire::Languages可以限制或禁止下载…」. The thing must have a
# name (a code-like token, or what follows 使用/用), not 此图标 on the page; the goal must
# open with an action, so 「X 可以是…」 and 「X 可在…中找到」 describe and are left alone.
ZH_NAMED_RULES = (
    regex.compile(
        r"(?:^|(?<=[，,；;]))\s*(?:您|你)?(?:也|还)?(?:使用|利用|用(?![户于来]))"
        r"(?P<means>[^，,。；;：:]{1,40}?)"
        r"(?:可以|可|即可|能够|就能)(?P<goal>[^，,。；;：:]{2,60})" + END
    ),
    regex.compile(
        r"(?:^|(?<=[\s，,；;]))(?P<means>[A-Za-z][\w.:+$-]*[.:_$-][\w.:+$-]*|[A-Za-z][\w-]*\(\d\w*\))"
        r"\s*(?:命令|选项|参数|函数|工具|程序)?\s*(?:也|还)?(?:可以|可|能够)(?!用于|以用于|用来)"
        r"(?P<goal>[^，,。；;：:]{2,60})" + END
    ),
)
#: Openings that start no task: prepositions, a copula 「是」, a passive 「被」, 「给」.
ZH_NOT_ACTION = (*ZH_PREPOSITIONS, *"是被给")
ZH_GOAL_START = regex.compile(r"^(?:\s*)(?:将|把|对|为|在|从|使|让|实现|进行|完成)?\p{Han}")
# A named means before " to": no relative clause ("the column that you want to use to"), no
# pronoun or "here" (the thing is on the page), and not "want to".
MEANS = (
    r"(?:(?!\b(?:that|which|you|here|it|this|these|them)\b)[^,;:]){1,60}? "
    r"(?<!\b(?:want|need|wish|like|have) )to (?P<goal>(?!be\b)[a-z][^,;:]{3,80})"
)
EN_RULES = (
    # "You can X by Y-ing": the goal before "by"
    regex.compile(r"\b[Yy]ou can (?:also )?(?P<goal>[a-z][^,;:]{3,80}?) by [a-z]+ing\b"),
    # "X lets you Y", "X allows you to Y", "X enables you to Y"
    regex.compile(r"(?<!\bwhich )\b(?:lets|let) you (?P<goal>[a-z][^,;:]{3,80})"),
    regex.compile(r"(?<!\bwhich )\b(?:allows|enables) you to (?P<goal>[a-z][^,;:]{3,80})"),
    # "Use X to Y", "you can use/call/pass X to Y": a named means before "to"
    regex.compile(
        r"(?:(?:^|(?<=[,;] ))[Uu]se|(?<!\bthat )\byou can (?:use|call|pass|run|set)) " + MEANS
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
# "Drag any of the eight cropping handles to crop the picture": an imperative with its goal.
# Paragraphs only: in a list it is one step of a procedure ("Click OK to apply the
# changes"), which task-steps reads whole; the OK/Cancel button only ends a dialog.
EN_IMPERATIVE = regex.compile(
    r"(?:^|(?<=[,;] ))(?:Click|Double-click|Right-click|Drag|Press|Select|Choose|Type|Enter"
    r"|Run|Call|Pass|Set|Open) (?!(?:OK|Cancel|Close|Apply)\b)" + MEANS
)
LISTED_ELSEWHERE = regex.compile(
    r"\b(?:listed|described|shown) (?:below|above)|\bas follows\b|\bthe following\b"
    r"|如下|下列|以下|下面的|上述"
)
PRONOUN_SUBJECT = regex.compile(
    r"^(?:This|These|That|Those|It|They|此|该|这|它)(?! means (?:that )?you\b)"
)
EN_STEPS = regex.compile(r"\band (?:then )?(?:choose|select|click|press)\b")
EN_GOAL_VERB = regex.compile(r"^(?:[a-z]+)\b")
EN_NOT_VERB = frozenset(
    ["the", "a", "an", "be", "this", "that", "it", "its", "which", "what", "all", "any", "some"]
)


def _tagged_verb(text: str) -> bool:
    """Return whether jieba tags the first word of Chinese ``text`` as a verb."""
    first = first_word(text)
    return first is not None and first[1].startswith("v")


def _verb_object(found: regex.Match[str]) -> str | None:
    """Return the goal of a zh subject rule, verb then object, or None if it is not one."""
    subject, verb = found["object"].strip(), found["verb"]
    if ZH_NOT_OBJECT.search(subject) or points_outside(subject, "zh"):
        return None
    if verb in ZH_DONE:
        return subject
    if not (starts_with_action(verb, "zh") or _tagged_verb(verb)):
        return None
    return f"{verb} {subject}" if subject[:1].isascii() else verb + subject


def _goals(sentence: str, lang: str, paragraph: bool) -> Iterator[str]:
    """Yield the goals of ``sentence``; imperatives count only in a paragraph (see above)."""
    if lang == "zh":
        for rule in ZH_SUBJECT_RULES:
            for found in rule.finditer(sentence):
                goal = _verb_object(found)
                if goal and not is_anaphoric(goal, lang):
                    yield goal
        for rule in ZH_NAMED_RULES:
            for found in rule.finditer(sentence):
                goal = found["goal"].strip()
                if goal.startswith(ZH_NOT_ACTION) or len(goal) < 4:
                    continue
                if not (starts_with_action(goal, lang) or _tagged_verb(goal)):
                    continue
                if points_outside(found["means"], lang) or points_outside(goal, lang):
                    continue
                yield goal
    rules = ZH_RULES if lang == "zh" else (*EN_RULES, EN_IMPERATIVE) if paragraph else EN_RULES
    for rule in rules:
        for found in rule.finditer(sentence):
            goal = found["goal"].strip().rstrip("。.!！")
            if lang == "en":
                goal = regex.split(r"\s+(?:and then|if|when|so that)\s+", goal)[0]
                first = EN_GOAL_VERB.match(goal)
                if not first or first.group() in EN_NOT_VERB or " " not in goal:
                    continue  # "to offset", "to use if …": a preposition or no object
                if EN_STEPS.search(goal):
                    continue  # "to open the context menu and choose …": steps, not a goal
            elif not ZH_GOAL_START.match(goal) or len(goal) < 4:  # 「来选择」 names no object
                continue
            if is_anaphoric(goal, lang) or points_outside(goal, lang):
                continue
            yield goal


class ProseMeans(Pattern):
    """A means and its goal inside a prose sentence (zh and en): the goal is the question."""

    name = "prose-means"
    version = "0.3.0"
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
        for block, spans in prose_sentences(document, lang):
            for index, (start, end) in enumerate(spans):
                sentence = text[start:end]
                if LISTED_ELSEWHERE.search(sentence):
                    continue  # "by following the steps listed below": the way is elsewhere
                if PRONOUN_SUBJECT.match(sentence) or sentence.endswith((":", "：")):
                    continue  # "This mapping may be used to …"; a lead-in to what follows
                if self._taken(sentence, lang):
                    continue
                goals = dict.fromkeys(_goals(sentence, lang, block["kind"] == "paragraph"))
                if goals:
                    stop = spans[index + carried_on(text, spans, index, lang)][1]
                for goal in goals:
                    yield self.record(
                        document, question(goal, lang, document), text[start:stop], [(start, stop)]
                    )


@hookimpl
def register_extractors(register):
    register("prose-means", ProseMeans)
