"""Purpose, then method: 「要…，请…」 and "To X, do Y" sentences become how-to pairs.

Examples from the Debian documentation this pattern was written against:

- 「要列出所有可以更新到新版本的软件包，请运行：」 followed by ``apt list --upgradable``
  gives 「如何列出所有可以更新到新版本的软件包？」 → 「请运行：」 plus the command.
- "To delete a frame, click the border of the frame, and then press Delete."
  gives "How do I delete a frame?" → "Click the border of the frame, and then
  press Delete."
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhiling import Block, Record, hookimpl, instruction_record

ZH_SENTENCE = regex.compile(r"[^。！？!?\n]+[。！？!?]?")
EN_SENTENCE = regex.compile(r"\S.*?(?:[.!?:](?=\s|$)|$)", regex.S)
ZH_RULE = regex.compile(
    r"^(?:若要|如要|如需|要|如果(?:您|你)?(?:想|要|希望|需要)|为了)"
    r"(?P<goal>[^，,。；]{2,40})[，,]\s*"
    r"(?P<method>(?:请|可以|可|只需|需要|必须|应|您可以|你可以|选择|点击|单击|按|运行|执行|使用|输入|打开)"
    r".+)$"
)
EN_RULE = regex.compile(
    r"^(?:To|In order to|If you (?:want|wish|need|would like) to) "
    r"(?P<goal>[^,;:]{3,100}), (?P<method>.{3,})$"
)
ANAPHORA = regex.compile(
    r"^(?:这样做|此操作|这一点|这么做|(?:do|doing) (?:so|this|that|it)\b|it\b)"
)
POINTER = regex.compile(
    r"^(?:请)?(?:参阅|参见|请见|见|阅读)|^(?:see|refer to|read|consult)\b", regex.I
)
EN_OWNER = {"your": "my", "yours": "mine", "you": "I", "yourself": "myself"}


class PurposeMethod:
    """Find purpose-then-method sentences in paragraphs and list items (zh and en)."""

    name = "purpose-method"
    version = "0.1.0"
    languages = ("zh", "en")

    def extract(self, document: Record) -> Iterator[Record]:
        lang = document.get("lang", "").split("-")[0]
        if lang not in self.languages:
            return
        text = document["text"]
        blocks = document.get("blocks") or [Block(kind="paragraph", start=0, end=len(text))]
        for index, block in enumerate(blocks):
            if block["kind"] not in ("paragraph", "list_item"):
                continue
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            yield from self._block(document, block, following, lang)

    def _block(
        self, document: Record, block: Block, following: Block | None, lang: str
    ) -> Iterator[Record]:
        text = document["text"]
        sentences = ZH_SENTENCE if lang == "zh" else EN_SENTENCE
        for found in sentences.finditer(text, block["start"], block["end"]):
            sentence = found.group().strip()
            match = (ZH_RULE if lang == "zh" else EN_RULE).match(sentence)
            if not match:
                continue
            goal, method = match["goal"].strip(), match["method"].strip()
            if ANAPHORA.match(goal) or POINTER.match(method):
                continue
            start = found.start() + (len(found.group()) - len(found.group().lstrip()))
            spans = [(start, start + len(sentence))]
            if method.endswith((":", "：")) and following and following["kind"] == "code":
                code = text[following["start"] : following["end"]].strip("\n")
                method = f"{method}\n{code}"
                spans.append((following["start"], following["end"]))
            yield instruction_record(
                document,
                instruction=_question(goal, lang),
                output=method if lang == "zh" else method[0].upper() + method[1:],
                spans=spans,
                pattern=self.name,
                version=self.version,
            )


def _question(goal: str, lang: str) -> str:
    if lang == "zh":
        return f"如何{goal}？"
    words = [EN_OWNER.get(word, word) for word in goal.split(" ")]
    return f"How do I {' '.join(words)}?"


@hookimpl
def register_extractors(register):
    register("purpose-method", PurposeMethod)
