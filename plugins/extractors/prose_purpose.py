"""Purpose clauses inside running text: 「…；要倾斜对象，请…」, "…, so to X, try Y".

``purpose-method`` reads a sentence that opens with its purpose. In running prose the
purpose often sits after another clause, or one sentence holds two purposes, each with its
own method; this pattern reads every purpose clause of a sentence and gives one pair each.

Real examples from the debian-instruct packages:

- libreoffice-help-zh-cn: 「要旋转对象，请沿着要旋转的方向拖动对象某个角上的控点；要倾斜对象，
  请沿着要倾斜的方向拖动对象的中心控点。」 gives two pairs,
  「如何旋转对象？」 and 「如何倾斜对象？」.
- debian-faq-zh-cn: 「……，所以如果您需要对 .deb 文件进行底层操作，请总是使用 dpkg-deb(1)。」
- python3.11-doc: "To support both 3.8 and older, try pkg-config python-X.Y-embed --libs
  first and fallback to …".

Left alone: a sentence that ``purpose-method`` already takes, anaphoric goals (「要做到这一
点」), goals that lean on a pronoun (「要修改它」), methods that only point elsewhere (「请参阅」).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhiling import Record, hookimpl
from zhiling.plugins.extractors._prose import (
    carried_on,
    condition_question,
    points_outside,
    prose_sentences,
    question,
)
from zhiling.plugins.extractors._text import CORNERS, Pattern, capitalised, quotes_closed
from zhiling.plugins.extractors._words import (
    ZH_PREPOSITIONS,
    ZH_TOOL_VERBS,
    is_anaphoric,
    is_only_the_page,
    is_pointer,
    starts_with_action,
)
from zhiling.plugins.extractors.purpose_method import _split as opening_purpose

ZH_CLAUSE = regex.compile(
    r"(?:^|(?<=[，,；;])\s*|(?<=所以|因此|此外|另外))"
    r"(?P<trigger>若要|如要|如需|如果(?:您|你)?(?:想|要|希望|需要)|为了|要)"
    r"(?P<goal>[^，,。；;：:]{2,40})[，,]\s*(?P<method>[^；;。]+)"
)
# Advice under a condition: 「如果网络常发生短时中断, 可以试试用 -b 选项指定一个缓冲区」.
# The situation is the question; a purpose (「如果要…」) is ZH_CLAUSE's. English "If X, Y"
# is left alone: in the Python and man pages it mostly describes what a function does
# ("If standard output is a terminal, append output to 'nohup.out'").
ZH_CONDITION = regex.compile(
    r"(?:^|(?<=[，,；;])\s*)(?:如果|假如|若)\s*(?!(?:您|你)?\s*(?:想|要|希望|需要|不想))"
    r"(?P<goal>[^，,。；;：:]{2,40}?)(?:时|的话)?[，,]\s*(?:则|那么|就)?"
    r"(?P<method>(?:(?:您|你)(?:也|还)?)?(?:可以|可|请|应该|应|只需|只要|最好)[^；;。]+)"
)
#: What a piece of advice opens with, after its modal: an action, not 「在…上可以查看」 (a result).
ZH_ADVICE = (*ZH_TOOL_VERBS, "试试", "试着", "输入", "点击", "按", "记住")
# 使/只/求 open no step of advice either (「使…」 says what results, 「只…」 limits).
ZH_NOT_ADVICE = (*ZH_PREPOSITIONS, *"使只求")
ZH_MODAL = regex.compile(r"^(?:(?:您|你)(?:也|还)?)?(?:请|可以|可|只需|只要|需要|必须|应|就)?\s*")
ZH_MEANS = (*ZH_TOOL_VERBS, "试试", "在", "输入", "点击", "按", "拖动")  # a way, in a step
EN_CLAUSE = regex.compile(
    r"(?:^|(?<=[;,] )|(?<=\b(?:so|then|and|also) ))"
    r"(?:[Tt]o|[Ii]n order to|[Ii]f you (?:want|need|wish) to) "
    # "To create a list … in a dialog use the AddTextsFromDialog method": no comma, but an
    # imperative and a named thing after it end the goal
    r"(?P<goal>[a-z][^,;:]{3,100}?)(?:, | (?=(?:use|click|choose|select|press|run|type|enter)"
    r" (?:the|a|an|[A-Z`\"“])))(?P<method>[^;]{3,})"
)
EN_MODAL = regex.compile(
    r"^(?:(?:you|one) (?:can|should|must|need to|may|have to) )?(?:also |simply |just )?"
)
EN_MEANS = frozenset(
    [
        "try",
        "call",
        "pass",
        "use",
        "run",
        "set",
        "press",
        "click",
        "type",
        "add",
        "select",
        "choose",
    ]
)


# 「如果你要的是 atexit() 语法」: a noun, no goal; "to the left of", "to enable": no object
NOT_A_GOAL = regex.compile(r"^(?:的|是|了)|^(?:the|a|an)\b|^[a-z]+$")
ZH_REFERENCE = regex.compile(r"^(?:请)?参考")  # 「请参考下一小节」 only points elsewhere
DESCRIPTIVE = regex.compile(r"^\p{Han}{1,3}的")  # 「下载的软件包被存储为…」 describes
NEED = regex.compile(r"需")  # 「如果需要实时更新的画面」: after 需要 a noun is no goal


def _goal(found: regex.Match[str], lang: str) -> str | None:
    """Return the clause's goal, or None when it is anaphoric, leans outside or is a noun."""
    goal = found["goal"].strip().removeprefix("要")  # 「为了要更快捷地…」
    if is_anaphoric(goal, lang) or points_outside(goal, lang) or NOT_A_GOAL.match(goal):
        return None
    if lang == "zh" and NEED.search(found["trigger"]) and not starts_with_action(goal, lang):
        return None
    return goal


def _method(method: str, lang: str) -> str | None:
    """Return the method if it starts with an action, else None."""
    if lang == "zh":
        action = ZH_MODAL.sub("", method.strip())
        asked = method.strip().startswith(("请", "只需", "只要"))  # an instruction, whatever verb
        ok = asked or starts_with_action(action, lang) or action.startswith(ZH_MEANS)
        ok = ok and not DESCRIPTIVE.match(action)
    else:
        action = EN_MODAL.sub("", method.strip())
        first = action.split(" ", 1)[0].lower()
        ok = starts_with_action(action, lang) or first in EN_MEANS
    if not ok or is_pointer(action, lang) or action.endswith((":", "：")):
        return None
    if is_only_the_page(action, lang):
        return None  # 「然后点击此处」: a short way that is the page's control
    if ZH_REFERENCE.match(method.strip()) or not quotes_closed(method, CORNERS):
        return None  # a cross-reference; a quote cut off by the sentence split
    if lang == "en" and (len(action.split()) < 2 or EN_OBJECT_OUTSIDE.match(action)):
        return None  # "to enable, …": no object; "Try these out.": the object is elsewhere
    return method.strip() if lang == "zh" else capitalised(action)


EN_OBJECT_OUTSIDE = regex.compile(r"^\S+ (?:it|this|these|that|those|them)\b", regex.I)


def _answer(
    text: str,
    spans: list[tuple[int, int]],
    index: int,
    found: regex.Match[str],
    method: str,
    lang: str,
) -> tuple[str, tuple[int, int]]:
    """Return the answer and its span: the method, and the sentences that carry it on."""
    start, end = spans[index]
    span = (start + found.start(), start + found.end())
    if found.end() >= len(text[start:end].rstrip("。.!！")):  # the clause ends its sentence
        more = carried_on(text, spans, index, lang)
        if more:
            stop = "。" if lang == "zh" else ". "
            method = (
                method.rstrip("。.") + stop + text[spans[index + 1][0] : spans[index + more][1]]
            )
            span = (span[0], spans[index + more][1])
    if not method.endswith(tuple("。.!！")):
        method += "。" if lang == "zh" else "."
    return method, span


class ProsePurpose(Pattern):
    """Every purpose clause of a prose sentence, zh and en; two purposes give two pairs."""

    name = "prose-purpose"
    version = "0.5.0"
    languages = ("zh", "en")

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        text = document["text"]
        rule = ZH_CLAUSE if lang == "zh" else EN_CLAUSE
        for _block, spans in prose_sentences(document, lang):
            for index, (start, end) in enumerate(spans):
                sentence = text[start:end]
                clauses = list(rule.finditer(sentence))
                yield from self._conditions(document, lang, text, spans, index)
                for found in clauses:
                    if len(clauses) == 1 and found.start() == 0 and opening_purpose(sentence, lang):
                        continue  # purpose-method's pair
                    goal = _goal(found, lang)
                    method = _method(found["method"], lang)
                    if goal is None or method is None:
                        continue
                    answer, span = _answer(text, spans, index, found, method, lang)
                    yield self.record(document, question(goal, lang, document), answer, [span])

    def _conditions(
        self, document: Record, lang: str, text: str, spans: list[tuple[int, int]], index: int
    ) -> Iterator[Record]:
        """Yield advice given under a condition (zh); the situation goes into the question."""
        if lang != "zh":
            return
        sentence = text[spans[index][0] : spans[index][1]]
        for found in ZH_CONDITION.finditer(sentence):
            situation = found["goal"].strip()
            if is_anaphoric(situation, lang) or points_outside(situation, lang):
                continue  # 「如果这样不行」: the situation is outside the question
            method = _method(found["method"], lang)
            action = ZH_MODAL.sub("", found["method"].strip())
            advice = action.startswith(ZH_ADVICE) or (
                starts_with_action(action, lang) and not action.startswith(ZH_NOT_ADVICE)
            )
            if method is None or not advice:
                continue
            if is_anaphoric(action, lang) or "这样做" in action:
                continue  # 「您可以在…中请求这样做」 points back
            if opening_purpose(sentence, lang) and found.start() == 0:
                continue  # purpose-method's pair
            answer, span = _answer(text, spans, index, found, method, lang)
            yield self.record(document, condition_question(situation, document), answer, [span])


@hookimpl
def register_extractors(register):
    register("prose-purpose", ProsePurpose)
