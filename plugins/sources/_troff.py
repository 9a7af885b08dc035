"""Turn troff man pages (``man`` macros) into blocks: NAME, sections, options, tables, code.

Only what documentation needs is interpreted: sections, paragraphs, tagged
paragraphs (``.TP``/``.IP``/``.TQ``, the option lists), no-fill regions,
``tbl`` tables and font and character escapes. Requests that only change
layout are ignored.
"""

from __future__ import annotations

import regex

from zhiling.plugins.sources._doc import Part, flow
from zhiling.plugins.sources._troff_text import font_text, macro_args, unescape

FONTS = {"B", "I", "R", "SM", "SB", "BR", "RB", "BI", "IB", "RI", "IR", "CW"}
PARAGRAPH = {"PP", "LP", "P", "sp", "HP", "PD"}
# Translators sometimes leave a macro inside a text line ("… 默认值为 SIGTERM 。 .RE").
DEBRIS = regex.compile(r"(?<=\s)\.(?:RE|RS|PP|TP|IP|br|sp|BR|IR|RB|RI|BI|IB|B|I)(?=\s|$)")
IGNORED_SECTIONS = regex.compile(r"^(?:跋|\[中文版|《中国linux论坛|中文版维护人|中文版最新更新)")
NAME_SECTIONS = {"NAME", "名称", "名字", "NAME 名称", "名称 NAME"}
OPTION_TERM = regex.compile(r"^(?:--?[\w?#@]|\+\w|\[-)")
BULLETS = {"•", "*", "-", "·", "o", ""}
# ``.  .`` ends a definition indented inside a conditional (Asciidoctor's ``.am URL``).
END_OF_MACRO = regex.compile(r"^\.\s*\.\s*$")


class ManParser:
    """Walk the lines of one page, collecting ``Part`` blocks and the page title."""

    def __init__(self) -> None:
        self.parts: list[Part] = []
        self.title = ""
        self.section = ""
        self.heading: list[str] = []
        self._lines: list[str] = []
        self._kind = "paragraph"
        self._attrs: dict = {}
        self._term: list[str] | None = None  # collecting tag lines after .TP
        self._fill = True
        self._table: list[str] | None = None
        self._skip_until = ""
        self._heading_next: int = 0
        self._depth = 0  # open .RS indents: a tagged entry inside another one is nested

    def parse(self, source: str) -> list[Part]:
        for line in source.replace("\r\n", "\n").split("\n"):
            self._line(line)
        self._flush()
        return self.parts

    def _line(self, line: str) -> None:
        if self._skip_until:
            if line.startswith(self._skip_until) or END_OF_MACRO.match(line):
                self._skip_until = ""
            return
        if self._table is not None:
            if line.startswith(".TE"):
                self._tbl(self._table)
                self._table = None
            else:
                self._table.append(line)
            return
        if line.startswith((".", "'")) and not line.startswith(("..", "'\\")):
            self._request(line[1:].strip())
        elif self._heading_next:
            self._section(unescape(line).strip(), self._heading_next)
        else:
            self._text(unescape(line))

    def _request(self, body: str) -> None:
        macro, _, rest = body.partition(" ")
        macro, rest = macro.strip(), rest.strip()
        if macro in ("SH", "SS"):
            level = 1 if macro == "SH" else 2
            if rest:
                self._section(unescape(" ".join(macro_args(rest))), level)
            else:
                self._heading_next = level
        elif macro == "TH":
            args = macro_args(rest)
            self.title = unescape(args[0]) if args else ""
            self.section = unescape(args[1]) if len(args) > 1 else ""
        elif macro == "RS" and self._term_line():
            self._kind, self._attrs = "option", {"term": self._lines.pop().strip()}
            self._depth += 1
        elif macro in PARAGRAPH or macro == "RS" or macro == "RE":
            self._flush()
            self._depth = max(0, self._depth + {"RS": 1, "RE": -1}.get(macro, 0))
        elif macro == "TP":
            self._flush()
            self._term = []
        elif macro == "TQ":  # another tag for the same entry: an alias
            previous = self._attrs.get("term") if not self._lines else None
            self._term = [previous] if previous else []
        elif macro == "IP":
            self._item(macro_args(rest))
        elif macro in FONTS:
            text = unescape(font_text(macro, rest))
            if text:
                self._text(text)
        elif macro in ("nf", "EX"):
            self._flush()
            self._fill, self._kind = False, "code"
        elif macro in ("fi", "EE"):
            self._flush()
            self._fill = True
        elif macro == "br":
            self._lines.append("\n")
        elif macro == "TS":
            self._flush()
            self._table = []
        elif macro in ("de", "ig", "am"):
            self._skip_until = ".."

    def _term_line(self) -> bool:
        """Return whether the text so far is one option term that an indented body follows.

        DocBook and Asciidoctor pages write an option as ``.sp``/``.PP``, the term
        line, then its description inside ``.RS 4`` … ``.RE`` instead of ``.TP``. Only
        ``-x``-shaped terms count: the same layout also lists commands and settings.
        """
        return (
            self._kind == "paragraph"
            and len(self._lines) == 1
            and len(self._lines[0].strip()) <= 80
            and bool(OPTION_TERM.match(self._lines[0].strip()))
        )

    def _item(self, args: list[str]) -> None:
        self._flush()
        tag = unescape(args[0]).strip() if args else ""
        if tag in BULLETS or regex.fullmatch(r"\(?\d+[.)]?", tag):
            if tag:
                ordered = tag[:1].isdigit() or tag.startswith("(")
                self._kind, self._attrs = "list_item", {"ordered": ordered}
        else:
            self._kind, self._attrs = "option", {"term": tag}

    def _text(self, text: str) -> None:
        if self._term is not None:
            self._term.append(text.strip())
            if self._term[-1]:
                self._kind = "option"
                self._attrs = {"term": " ".join(t for t in self._term if t)}
                self._term = None
            return
        if self._heading_next:
            return
        self._lines.append(text if self._kind == "code" else DEBRIS.sub("", text))

    def _section(self, title: str, level: int) -> None:
        self._flush()
        self._heading_next, self._depth = 0, 0  # a section heading ends every .RS indent
        title = " ".join(title.split())
        self.heading = [*self.heading[: level - 1], title]
        self.parts.append(Part("heading", title, self.heading[:-1], {"level": level}))

    def _tbl(self, lines: list[str]) -> None:
        tab = "\t"
        body = lines
        for index, line in enumerate(lines):
            found = regex.search(r"tab\s*\((.)\)", line)
            if found:
                tab = found.group(1)
            if line.rstrip().endswith("."):
                body = lines[index + 1 :]
                break
        for line in body:
            if line.startswith((".", "_", "=")) or not line.strip():
                continue
            cells = [flow(unescape(cell))[0] for cell in line.split(tab)]
            self._part("table_row", " | ".join(cells), {"cells": cells})

    def _flush(self) -> None:
        raw = "\n".join(self._lines).strip("\n")
        kind, attrs = self._kind, self._attrs
        self._lines, self._attrs = [], {}
        self._kind = "code" if not self._fill else "paragraph"
        self._term = None if self._term == [] else self._term
        if not raw.strip():
            if kind == "option" and attrs.get("term"):
                self._part("option", attrs["term"], {"term": attrs["term"], "body_start": None})
            return
        if kind == "code":
            self._part("code", raw, {})
            return
        text = flow(raw)[0]
        if kind == "option":
            term = attrs["term"]
            self._part("option", f"{term}\n{text}", {**attrs, "body_start": len(term) + 1})
        else:
            self._part(kind, text, attrs)

    def _part(self, kind: str, text: str, attrs: dict) -> None:
        if self.heading and IGNORED_SECTIONS.match(self.heading[0]):
            return
        in_name = bool(self.heading) and self.heading[0].upper() in NAME_SECTIONS
        if kind == "paragraph" and in_name and not any(p.kind == "name" for p in self.parts):
            kind, attrs = "name", _name_attrs(text)
        if kind == "option":
            attrs = {**attrs, "flag": bool(OPTION_TERM.match(attrs["term"])), "depth": self._depth}
            if attrs.get("body_start") is None:
                attrs.pop("body_start")
        self.parts.append(Part(kind, text, list(self.heading), attrs))


def _name_attrs(line: str) -> dict:
    pieces = regex.split(r"\s*[-—–]+\s+", line, maxsplit=1)
    description = pieces[1].strip() if len(pieces) > 1 else ""
    return {
        "names": [name.strip() for name in pieces[0].split(",") if name.strip()],
        "description": description,
    }


def so_target(source: str) -> str | None:
    """Return the page a ``.so`` link page points to, or None for a real page."""
    lines = [line for line in source.splitlines() if line.strip() and not line.startswith('.\\"')]
    if len(lines) == 1 and lines[0].startswith(".so "):
        return lines[0][4:].strip()
    return None


def parse_man(source: str) -> tuple[list[Part], str]:
    """Return the blocks of a man page and its title (``name(section)``)."""
    parser = ManParser()
    parts = parser.parse(source)
    title = f"{parser.title.lower()}({parser.section})" if parser.title else ""
    return parts, title
