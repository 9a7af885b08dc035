"""Block structure of plain-text documentation: headings, lists, code, tables, man entries.

The text is read as the plain-text form of the manuals zhiling targets: ``#``
headings (or bare man-page section names such as ``OPTIONS`` and 「选项」),
blank-line paragraphs, ``1.``/``-`` list items, indented or fenced code,
``a | b`` table rows, man-style option entries (``-a, --all`` then an indented
description), other man-style definition entries (``EFAULT``, ``PATH`` or
``cd [dir]`` then an indented description) and ``name - summary`` lines under a
NAME heading. Every block is
a span into the text, so extractors can cite exactly what they used.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhiling import Block


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


CJK = regex.compile(r"\p{Han}")
LATIN_WORD = regex.compile(r"[A-Za-z]+")
#: What ends a part: the rest of a line after a newline is blank (or the text ends).
BLANK_REST = regex.compile(r"[ \t]*(?:\n|$)")
MARKDOWN_HEADING = regex.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*$")
MAN_SECTIONS = _word_set(
    "名称 名字 总览 概述 语法 描述 说明 选项 参数 示例 例子 范例 参见 另见 作者 返回值 错误 "
    "注意 环境 文件 历史 版权 缺陷 bugs"
)
BARE_HEADING = regex.compile(r"^[A-Z][A-Z ]{2,30}$")
ITEM = regex.compile(r"^[ \t]*(?:(?P<number>\d+)[.、)]|[-*•])[ \t]+")
OPTION_TERM = regex.compile(r"^[ \t]*(?:--?|\+)[\w?#@][^\n]*$")
OPTION_INLINE = regex.compile(r"^[ \t]*(?P<term>(?:--?|\+)[\w?#@]\S*(?:,[ \t]+-\S+)*)[ \t]{2,}\S")
# A definition term: a short line that is no list item and does not lead in to what follows.
DEFINITION_TERM = regex.compile(
    r"^[ \t]{0,3}(?![-*•][ \t]|\d+[.、)][ \t])\S[^\n]{0,79}(?<![:：][ \t]*)$"
)
TABLE_SEPARATOR = regex.compile(r"^[ \t|:-]+$")
NAME_LINE = regex.compile(r"^[\w.+:-]+(?:,[ \t]*[\w.+:-]+)*[ \t]+[-–—]{1,2}[ \t]+\S")
NAME_HEADING = regex.compile(r"^(?:name|名称|名字)\b", regex.I)  # also 「NAME(名称）」


def guess_language(text: str) -> str:
    """Return "zh" when Han characters are at least as many as Latin words, else "en".

    Words, not letters: 「列出档案文件中的文件：dpkg-deb --contents foo.deb」 is Chinese
    although most of its letters are Latin.
    """
    han = len(CJK.findall(text))
    return "zh" if han and han >= len(LATIN_WORD.findall(text)) else "en"


def _block(kind: str, start: int, end: int, heading: list[str], text: str, **attrs) -> Block:
    if kind != "code":
        attrs["lang"] = guess_language(text[start:end])
    return Block(kind=kind, start=start, end=end, heading=list(heading), attrs=attrs)


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    found, offset = [], start
    for line in text[start:end].split("\n"):
        found.append((offset, line))
        offset += len(line) + 1
    return found


def _options(text: str, start: int, end: int, heading: list[str]) -> list[Block] | None:
    lines = _lines(text, start, end)
    indent = len(lines[0][1]) - len(lines[0][1].lstrip())
    entries: list[list[tuple[int, str]]] = []
    for offset, line in lines:
        if len(line) - len(line.lstrip()) == indent and OPTION_TERM.match(line):
            entries.append([(offset, line)])
        elif entries:
            entries[-1].append((offset, line))
    blocks = []
    for entry in entries:
        first_offset, first = entry[0]
        inline = OPTION_INLINE.match(first)
        if len(entry) == 1 and not inline:
            return None
        term = inline["term"] if inline else first.strip()
        last_offset, last = entry[-1]
        begin = first_offset + indent
        blocks.append(_block("option", begin, last_offset + len(last), heading, text, term=term))
    return blocks


def _definitions(text: str, start: int, end: int, heading: list[str]) -> list[Block] | None:
    """Return the entries of a definition list, or None unless every term has a body.

    Each term sits at the part's own indentation and its description is indented
    further, as man pages print ``.TP`` entries whose tag is no option.
    """
    lines = _lines(text, start, end)
    indent = len(lines[0][1]) - len(lines[0][1].lstrip())
    entries: list[list[tuple[int, str]]] = []
    for offset, line in lines:
        depth = len(line) - len(line.lstrip())
        if depth == indent and DEFINITION_TERM.match(line):
            entries.append([(offset, line)])
        elif depth > indent and entries:
            entries[-1].append((offset, line))
        else:
            return None
    if any(len(entry) < 2 for entry in entries):
        return None
    return [
        _block("option", first + indent, last + len(line), heading, text, term=term.strip())
        for (first, term), *_, (last, line) in entries
    ]


def _table(text: str, start: int, end: int, heading: list[str]) -> list[Block]:
    lines = _lines(text, start, end)
    has_header = len(lines) > 1 and bool(TABLE_SEPARATOR.match(lines[1][1]))
    blocks = []
    for number, (offset, line) in enumerate(lines):
        if TABLE_SEPARATOR.match(line):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        header = {"header": True} if has_header and number == 0 else {}
        blocks.append(
            _block("table_row", offset, offset + len(line), heading, text, cells=cells, **header)
        )
    return blocks


def _list(text: str, start: int, end: int, heading: list[str]) -> list[Block]:
    blocks = []
    items = [(o, line) for o, line in _lines(text, start, end) if line.strip()]
    ordered = bool(ITEM.match(items[0][1])["number"])
    for position, (offset, line) in enumerate(items, start=1):
        marker = ITEM.match(line)
        begin = offset + marker.end()
        blocks.append(
            _block(
                "list_item",
                begin,
                offset + len(line),
                heading,
                text,
                position=position,
                ordered=ordered,
            )
        )
    return blocks


def _heading_title(part: str, heading: list[str]) -> tuple[str, int] | None:
    found = MARKDOWN_HEADING.match(part)
    if found and "\n" not in part:
        return found[2], len(found[1])
    bare = part.strip()
    if "\n" not in bare and (BARE_HEADING.match(bare) or bare.lower() in MAN_SECTIONS):
        return bare, 2 if heading else 1
    return None


def parts_of(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each part: lines up to a blank line.

    A scan for newlines rather than one regex with a repeated group: the regex
    backtracks per character and ran out of memory on a paragraph of 8 MB.
    """
    start, size = 0, len(text)
    while start < size:
        while start < size and text[start] == "\n":
            start += 1
        end = start
        while end < size:
            newline = text.find("\n", end)
            if newline == -1:
                end = size
            elif BLANK_REST.match(text, newline + 1):
                end = newline
                break
            else:
                end = newline + 1
        if end > start:
            yield start, end
        start = end


def blocks_of(text: str) -> list[Block]:
    """Return the blocks of ``text`` in order, each with the heading path above it."""
    blocks: list[Block] = []
    heading: list[str] = []
    for start, end in parts_of(text):
        part = text[start:end]
        if not part.strip():
            continue
        lines = [line for line in part.split("\n") if line.strip()]
        titled = _heading_title(part, heading)
        if titled:
            title, level = titled
            begin = start + part.index(title)
            blocks.append(_block("heading", begin, begin + len(title), heading[: level - 1], text))
            heading = [*heading[: level - 1], title]
        elif part.startswith(("    ", "\t", "```")):
            fence = part.startswith("```")
            inner = regex.match(r"```[^\n]*\n(.*?)\n?```\s*$", part, regex.S) if fence else None
            begin, finish = (
                (start + inner.start(1), start + inner.end(1)) if inner else (start, end)
            )
            blocks.append(_block("code", begin, finish, heading, text))
        elif OPTION_TERM.match(lines[0]) and (found_options := _options(text, start, end, heading)):
            blocks.extend(found_options)
        elif all("|" in line for line in lines):
            blocks.extend(_table(text, start, end, heading))
        elif all(ITEM.match(line) for line in lines):
            blocks.extend(_list(text, start, end, heading))
        elif found_terms := _definitions(text, start, end, heading):
            blocks.extend(found_terms)
        elif heading and NAME_HEADING.match(heading[-1]) and NAME_LINE.match(part.strip()):
            begin = start + len(part) - len(part.lstrip())
            blocks.append(_block("name", begin, begin + len(part.strip()), heading, text))
        else:
            begin = start + len(part) - len(part.lstrip())
            blocks.append(_block("paragraph", begin, begin + len(part.strip()), heading, text))
    return blocks
