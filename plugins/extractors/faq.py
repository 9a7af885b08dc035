"""Question heading, then answer: FAQ entries become question/answer pairs.

Real examples:

- debian-faq-zh-cn: 「8.5. 如何查出一个特定的文件属于哪个软件包？」 followed by 「要获得名为
  foo 的文件所属的软件包，可选择以下命令中的一个：」 and ``dpkg -S foo``.
- debian-reference-zh-cn: 「1.1.7. 怎样退出命令行提示符」 followed by 「在命令行输入
  Ctrl-D，…即可关闭 shell 活动。」 (no question mark: the opener 怎样 decides).
- python3.11-doc: "How do I iterate over a sequence in reverse order?" followed by "Use
  the reversed() built-in function:" and a code block.

The answer is every paragraph, list item and code block up to the next heading, at most
``max_blocks`` blocks and ``max_chars`` characters. Left alone: headings that are no
question (「本文档的约定」, "Figure 3.1. …"), answers that only point elsewhere (「参阅
/usr/share/doc/…」, "See …") and questions or answers in the other language.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhiling import Block, Record, hookimpl
from zhiling.plugins.extractors._text import (
    Pattern,
    blocks,
    fenced_code,
    in_language,
    sentences,
    text_of,
)
from zhiling.plugins.extractors._words import is_pointer

NUMBER = regex.compile(r"^(?:\d+(?:\.\d+)*\.?|[A-Z]\.\d+(?:\.\d+)*\.?)\s*")
ZH_QUESTION = regex.compile(
    r"[？?]$|^(?:如何|怎样|怎么|能否|能不能|我能|我可以|我该|我应该|可以|为什么|为何|什么是|是否)"
)
EN_QUESTION = regex.compile(
    r"\?$|^(?:How (?:do|can|to|does|should)|Can I|What is the best way|Why does)\b"
)
ANSWER_KINDS = ("paragraph", "list_item", "code")


class QuestionAnswer(Pattern):
    """Pair each question heading with the blocks that answer it (zh and en)."""

    name = "faq"
    version = "0.3.0"
    languages = ("zh", "en")

    def __init__(self, *, max_blocks: int = 6, max_chars: int = 1200) -> None:
        self.max_blocks = max_blocks
        self.max_chars = max_chars

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        found = blocks(document)
        for index, block in enumerate(found):
            if block["kind"] != "heading" or not in_language(document, block, lang):
                continue
            question = NUMBER.sub("", text_of(document, block).strip())
            if not (ZH_QUESTION if lang == "zh" else EN_QUESTION).search(question):
                continue
            answer = self._answer(document, found[index + 1 :], lang)
            if answer is None:
                continue
            output, spans = answer
            if not question.endswith(("？", "?")):
                question += "？" if lang == "zh" else "?"
            yield self.record(document, question, output, [(block["start"], block["end"]), *spans])

    def _answer(
        self, document: Record, rest: list[Block], lang: str
    ) -> tuple[str, list[tuple[int, int]]] | None:
        parts: list[str] = []
        spans: list[tuple[int, int]] = []
        for block in rest:
            if block["kind"] == "heading" or len(parts) == self.max_blocks:
                break
            if block["kind"] not in ANSWER_KINDS:
                continue
            if block["kind"] == "code":
                parts.append(fenced_code(document, block))
            elif not in_language(document, block, lang):
                return None
            else:
                parts.append(self._prose(document, block))
            spans.append((block["start"], block["end"]))
        output = "\n".join(parts)
        if not parts or len(output) > self.max_chars or self._only_pointer(output, lang):
            return None
        if parts[-1].endswith((":", "：")):
            return None  # a lead-in whose list or code is not here: the answer is cut off
        return output, spans

    @staticmethod
    def _prose(document: Record, block: Block) -> str:
        text = text_of(document, block).strip()
        if block["kind"] == "list_item":
            attrs = block.get("attrs") or {}
            marker = f"{attrs.get('position', 1)}." if attrs.get("ordered") else "-"
            return f"{marker} {text}"
        return text

    @staticmethod
    def _only_pointer(output: str, lang: str) -> bool:
        spans = list(sentences(output, lang))
        return len(spans) == 1 and is_pointer(output, lang)


@hookimpl
def register_extractors(register):
    register("faq", QuestionAnswer)
