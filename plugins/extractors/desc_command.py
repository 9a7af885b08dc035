"""Description：command items: 「卸载一个软件包：dpkg --purge foo。」 becomes a how-to pair.

Real examples (debian-faq-zh-cn and debian-faq, the dpkg chapter):

- 「卸载一个软件包（包括配置文件）：dpkg --purge foo。」 gives 「如何卸载一个软件包（包括
  配置文件）？」 → 「使用 `dpkg --purge foo`。」
- "List the contents of a Debian archive file: dpkg-deb --contents foo_VVV-RRR.deb."
  gives "How do I list the contents of a Debian archive file?" → "Run `dpkg-deb
  --contents foo_VVV-RRR.deb`."

The right side must be a command: a known command name, or a word followed by options or
paths, with no Chinese and no English function words. Left alone: 「例如：…」, "Changed in
version 3.3: …", "Availability: Unix, …", "Blacken: this changes …" and notes.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhiling import Record, hookimpl
from zhiling.plugins.extractors._text import (
    HAN,
    Pattern,
    blocks,
    how_question,
    in_language,
    quotes_closed,
    text_of,
)
from zhiling.plugins.extractors._words import is_pointer, looks_like_command

ITEM = regex.compile(r"^(?P<desc>[^：:\n]{2,160}?)\s*[：:]\s*(?P<command>[^\n]+?)\s*[。.]?$")
# "Installation instructions for …": a thing, not a task (asked "How do I installation …?").
NOUN_OPENER = regex.compile(r"^[A-Za-z]+(?:tion|tions|ment|ments|ness|ity|ities)\b")
NOT_A_TASK = regex.compile(
    r"^(?:例如|比如|注意|注|提示|警告|默认值|作者|e\.g|for example|example|note|warning|tip|"
    r"changed in|new in|deprecated|availability|see also|default)",
    regex.I,
)


SENTENCE_END = regex.compile(r"[。！？]|[.!?] ")  # a task is one clause, not a paragraph


class DescriptionCommand(Pattern):
    """Turn 「说明：命令」 / "Description: command" items into how-to pairs."""

    name = "desc-command"
    version = "0.7.0"
    languages = ("zh", "en")

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        for block in blocks(document):
            if block["kind"] not in ("list_item", "paragraph"):
                continue
            text = text_of(document, block)
            match = ITEM.match(text.strip())
            if not match or NOT_A_TASK.match(match["desc"]):
                continue
            command = match["command"].rstrip("。.").strip()
            if not looks_like_command(command) or not in_language(document, block, lang):
                continue
            if (
                is_pointer(command, lang)
                or NOUN_OPENER.match(match["desc"])
                or not quotes_closed(match["desc"])
                or SENTENCE_END.search(match["desc"])
                or (lang == "zh" and not HAN.search(match["desc"]))
            ):
                # A signature split at its colon: "svc.SetStatusbar(text: str = '', …)" gave
                # "How do I svc.SetStatusbar(text?" → "Run `str = '', …`".
                # debian-installer's "Installation instructions for the current release: see
                # https://…" gave "How do I installation instructions …?" → "Run `see …`".
                # debian-faq's paragraph ending 「可以使用如下两个命令：」 gave a question of
                # two sentences; udev's 「ATTR{attribute}：attribute 文件的内容…」 a question
                # with no Chinese in it (「如何ATTR{attribute}？」).
                continue
            output = f"使用 `{command}`。" if lang == "zh" else f"Run `{command}`."
            yield self.record(
                document,
                how_question(match["desc"], lang),
                output,
                [(block["start"], block["end"])],
            )


@hookimpl
def register_extractors(register):
    register("desc-command", DescriptionCommand)
