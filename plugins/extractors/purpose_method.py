"""Purpose, then method: 「要…，请…」 and "To X, do Y" sentences become how-to pairs.

Real examples from the Debian documentation this pattern was written against:

- debian-faq-zh-cn: 「要列出所有可以更新到新版本的软件包，请运行：」 then ``apt list
  --upgradable`` gives 「如何列出所有可以更新到新版本的软件包？」 → 「请运行：」 and the command.
- libreoffice-help-zh-cn: 「要显示或隐藏标尺，选择「视图 - 标尺」。」 gives
  「如何显示或隐藏标尺？」.
- libreoffice-help-en-us: "To delete a frame, click the border of the frame, and then
  press Delete." gives "How do I delete a frame?" → "Click the border of the frame, …".

Left alone: anaphoric goals (「要做到这一点，…」, "To do so, …"), methods that only point
elsewhere (「请参阅…」, "see …"), descriptions after the comma (「为了减少网络流量，下载的
软件包被存储为…」, "To make your work easier, LibreOffice keeps …") and lead-ins such as
「请按以下步骤操作：」 with no code after them.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhiling import Record, hookimpl
from zhiling.plugins.extractors._prose import carried_on
from zhiling.plugins.extractors._text import (
    Pattern,
    blocks,
    capitalised,
    code_text,
    how_question,
    in_language,
    quotes_closed,
    sentences,
)
from zhiling.plugins.extractors._words import (
    ZH_TOOL_VERBS,
    is_anaphoric,
    is_only_the_page,
    is_pointer,
    starts_with_action,
)

ZH_RULE = regex.compile(
    r"^(?P<trigger>若要|如要|如需|如果(?:您|你)?(?:想|要|希望|需要)|为了|要)"
    r"(?P<goal>[^，,。；]{2,40})[，,]\s*"
    r"(?P<method>(?:请|可以|可|只需|只要|需要|必须|应|您可以|你可以|您需要|你需要).+|.+)$"
)
ZH_MODAL = regex.compile(r"^(?:请|可以|可|只需|只要|需要|必须|应|(?:您|你)(?:可以|需要)?)\s*")
EN_RULE = regex.compile(
    r"^(?:To|In order to|If you (?:want|wish|need|would like) to) "
    r"(?P<goal>[^,;:]{3,100})(?:, so that [^,;:]+)?, (?P<method>.{3,})$"
)
EN_MODAL = regex.compile(
    r"^(?:(?:you|one) (?:can|should|must|need to|may|have to)|simply|just|first)"
    r"(?: also| simply| just)? ",
    regex.I,
)
ZH_MEANS = (*ZH_TOOL_VERBS, "利用")  # 「…，可用 delimiter 声明指定分隔符」 names its tool
DESCRIPTIVE = regex.compile(r"^\p{Han}{1,3}的")  # 「下载的软件包被存储为…」 describes
NEED = regex.compile(r"需")  # 「如果需要实时更新的画面」: after 需要 a noun is no goal
GOAL_START_EN = regex.compile(r"^(?:the|a|an|this|that|these|those|some|all)\b", regex.I)


def _split(sentence: str, lang: str) -> tuple[str, str] | None:
    match = (ZH_RULE if lang == "zh" else EN_RULE).match(sentence)
    if not match:
        return None
    goal, method = match["goal"].strip(), match["method"].strip()
    action = (ZH_MODAL if lang == "zh" else EN_MODAL).sub("", method)
    acts = starts_with_action(action, lang) or (lang == "zh" and action.startswith(ZH_MEANS))
    if is_anaphoric(goal, lang) or is_pointer(action, lang) or not acts:
        return None
    if is_only_the_page(action, lang):
        return None  # 「请选择此选项。」: the whole answer is the control on the page
    if lang == "zh" and (
        DESCRIPTIVE.match(action)
        or not quotes_closed(method)  # 「复制到命令」窗口」: the source misplaced a quote
        or (NEED.search(match["trigger"]) and not starts_with_action(goal, lang))
    ):
        return None
    if lang == "en" and GOAL_START_EN.match(goal):
        return None
    return goal, method


class PurposeMethod(Pattern):
    """Find purpose-then-method sentences in paragraphs and list items (zh and en)."""

    name = "purpose-method"
    version = "0.6.0"
    languages = ("zh", "en")

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        text = document["text"]
        found = blocks(document)
        for index, block in enumerate(found):
            if block["kind"] not in ("paragraph", "list_item") or not in_language(
                document, block, lang
            ):
                continue
            following = found[index + 1] if index + 1 < len(found) else None
            spans_of = list(sentences(text[block["start"] : block["end"]], lang, block["start"]))
            for number, (start, end) in enumerate(spans_of):
                split = _split(text[start:end], lang)
                if split is None:
                    continue
                goal, method = split
                spans = [(start, end)]
                if method.endswith((":", "：")):
                    if not following or following["kind"] != "code" or end != block["end"]:
                        continue
                    method = f"{method}\n{code_text(document, following)}"
                    spans.append((following["start"], following["end"]))
                elif more := carried_on(text, spans_of, number, lang):
                    end = spans_of[number + more][1]
                    method += ("" if lang == "zh" else " ") + text[spans_of[number + 1][0] : end]
                    spans = [(start, end)]
                output = method if lang == "zh" else capitalised(method)
                yield self.record(document, how_question(goal, lang), output, spans)


@hookimpl
def register_extractors(register):
    register("purpose-method", PurposeMethod)
