"""Command and shortcut table rows: 「cd .. | 切换到上一级目录」, "Ctrl+A | Selects all.".

Real examples:

- debian-reference-zh-cn (ch01): 「cd .. | 切换到上一级目录」 gives 「如何切换到上一级目录？」
  → 「使用 `cd ..`。」
- libreoffice-help-zh-cn (scalc/04): 「F9 | 在当前工作表中重新计算已更改的公式。」 gives
  「在当前工作表中重新计算已更改的公式的快捷键是什么？」 → 「按 F9。」
- libreoffice-help-en-us: "Ctrl+A | Selects all." gives "What is the shortcut to select
  all?" → "Press Ctrl+A."; kicad-doc-en "Select All | Ctrl+A | Select all items on screen".

A shortcut belongs to a program: where the recipe's ``products`` (URI glob → name, first
match wins) names the document's, the question does too (「在 LibreOffice Calc 中，…的快捷键是
什么？」); Ctrl+- means something else in every program.

A row needs one command or key cell and a description cell in the document's language that
opens with an action. Left alone: header rows, package tables (「软件包 | 流行度 | 大小」,
``V:48, I:206``), noun descriptions (「导航」, "Navigator") and navigation bars.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhiling import Record, hookimpl
from zhiling.plugins.extractors._text import (
    Pattern,
    blocks,
    clean_goal,
    how_question,
    language,
    product_of,
)
from zhiling.plugins.extractors._words import base_verb, looks_like_command, starts_with_action

FIRST_SENTENCE = regex.compile(r"(?<=[.!?])\s+(?=[A-Z])|(?<=[。！？])")
KEY = regex.compile(
    r"^(?:(?:Ctrl|Shift|Alt|Option|Cmd|Command|Fn|Super|Meta)\s*\+\s*)*"
    r"(?:F\d{1,2}|Esc|Enter|Tab|Backspace|Space|Delete|Insert|Home|End|PgUp|PgDn)$"
    r"|^(?:(?:Ctrl|Shift|Alt|Option|Cmd|Command|Fn|Super|Meta)\s*\+\s*)+\S+$",
    regex.I,
)
PACKAGE_HEADER = regex.compile(r"软件包|流行度|package|popcon|version|版本|许可", regex.I)
POPCON = regex.compile(r"^V:\d+")


def _cells(block) -> list[str]:
    return [str(cell).strip() for cell in (block.get("attrs") or {}).get("cells", [])]


class TableRow(Pattern):
    """Turn command and shortcut table rows into how-to and shortcut questions."""

    name = "table-row"
    version = "0.4.0"
    languages = ("zh", "en")

    def __init__(self, *, products: dict[str, str] | None = None) -> None:
        self.products = dict(products or {})

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        product = product_of(document, self.products)
        header: list[str] = []
        for block in blocks(document):
            if block["kind"] != "table_row":
                header = []
                continue
            cells = _cells(block)
            if (block.get("attrs") or {}).get("header"):
                header = cells
                continue
            if any(PACKAGE_HEADER.search(cell) for cell in header) or any(
                POPCON.match(cell) for cell in cells
            ):
                continue
            pair = self._pair(cells, lang, product)
            if pair:
                yield self.record(document, *pair, [(block["start"], block["end"])])

    @staticmethod
    def _pair(cells: list[str], lang: str, product: str = "") -> tuple[str, str] | None:
        keys = [cell for cell in cells if KEY.match(cell)]
        commands = [cell for cell in cells if looks_like_command(cell)]
        described = [
            cell
            for cell in cells
            if cell not in keys + commands
            and language(cell) == lang
            and starts_with_action(cell, lang)
        ]
        if len(cells) < 2 or not described or len(keys) + len(commands) != 1:
            return None
        # The first sentence is the task; what follows explains it (scalc's Ctrl+Shift+Arrow:
        # "Select all cells … combinations. If used to select rows …" pasted whole in 2.0.0).
        description = clean_goal(FIRST_SENTENCE.split(described[-1], maxsplit=1)[0])
        if keys:
            if lang == "zh":
                where = f"在 {product} 中，" if product else ""
                return f"{where}{description}的快捷键是什么？", f"按 {keys[0]}。"
            first, _, rest = description.partition(" ")
            task = " ".join(filter(None, [base_verb(first), rest]))
            where = f" in {product}" if product else ""
            return f"What is the shortcut to {task}{where}?", f"Press {keys[0]}."
        output = f"使用 `{commands[0]}`。" if lang == "zh" else f"Run `{commands[0]}`."
        return how_question(description, lang), output


@hookimpl
def register_extractors(register):
    register("table-row", TableRow)
