"""Turn documentation HTML (DocBook, Publican, Sphinx, LibreOffice help) into blocks.

The standard library's ``html.parser`` is enough here: the pages are machine
generated and well formed, and we need a streaming walk with a little state
(which block is open, which subtree is chrome), not a tree or XPath.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

from zhiling.plugins.sources._doc import CODE_CLOSE, CODE_OPEN, Part, flow, strip_marks

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
SKIP_TAGS = {"script", "style", "head", "nav", "header", "aside", "footer", "noscript", "button"}
SKIP_CLASSES = {"navheader", "navfooter", "toc", "list-of-tables", "list-of-figures", "related"}
SKIP_CLASSES |= {"relatedtopics", "sphinxsidebar", "related-pages", "headerlink", "MAC"}
SKIP_IDS = {"SearchFrame", "DonationFrame", "DEBUG"}
CODE_TAGS = {"code", "tt", "kbd", "samp"}
CODE_CLASSES = {"command", "literal", "filename", "option", "userinput", "computeroutput"}
PROSE = {"p", "dd", "dt", "blockquote", "figcaption", "caption"}
ADMONITIONS = {"note", "tip", "warning", "important", "caution"}
VOID = {"br", "img", "hr", "meta", "link", "input", "base", "wbr", "col", "area", "source"}


class BlockParser(HTMLParser):
    """Collect headings, paragraphs, list items, table rows and code from one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[Part] = []
        self.heading: list[str] = []
        self.title = ""
        self._stack: list[tuple[str, bool, bool, bool]] = []  # tag, skipping, code, boxed
        # How many of each tag are open: asking the stack instead costs its depth per end
        # tag, and a page of unclosed inline tags made parsing quadratic (62 s for 350 KB).
        self._opened: Counter[str] = Counter()
        self._skip = 0
        self._buffer: list[str] = []
        self._open: tuple[str, int, dict] | None = None  # kind, level, attrs
        self._lists: list[list] = []  # [ordered, position, howto]
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._admonition = 0
        self._in_title = False
        self._related = False
        self._term = ""  # the last <dt>: the term its <dd> paragraphs define
        self._header = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        if tag == "p" and "related" in classes:
            self._related = True  # LibreOffice: only "related topics" links follow
        skipping = self._skip > 0 or self._related or self._is_chrome(tag, values, classes)
        coding = tag in CODE_TAGS or bool(classes & CODE_CLASSES)
        # Admonitions are one-cell layout tables: their text is prose, not a table row.
        boxed = bool(classes & ADMONITIONS) or (tag == "table" and self._admonition > 0)
        if tag not in VOID:
            self._stack.append((tag, skipping, coding, boxed))
            self._opened[tag] += 1
            self._admonition += boxed
            self._skip += skipping
            if coding and not skipping:
                self._text(CODE_OPEN)
        if tag == "title":
            self._in_title = True
        if skipping:
            return
        if tag == "br":
            self._text("\n")
        elif tag in HEADINGS:
            self._start("heading", HEADINGS[tag])
        elif tag == "pre":
            self._start("code", 0)
        elif tag in ("ol", "ul"):
            self._flush()
            howto = "HowToSection" in (values.get("itemtype") or "")
            self._lists.append([tag == "ol", 0, howto])
        elif tag == "li" and self._lists:
            self._lists[-1][1] += 1
            ordered, position, howto = self._lists[-1]
            attrs = {"position": position, "ordered": ordered, **({"howto": True} if howto else {})}
            self._start("list_item", 0, attrs)
        elif tag == "tr" and not self._admonition:
            self._flush()
            self._row = []
            self._header = True
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._header = self._header and tag == "th"
        elif tag in PROSE or (tag == "div" and "para" in classes):
            if self._cell is None and (self._open is None or self._open[0] == "paragraph"):
                self._start("paragraph", 0, self._definition(tag))
            else:
                self._text(" ")

    def handle_endtag(self, tag):
        if tag in VOID or not self._opened[tag]:
            return
        while self._stack:
            open_tag, skipping, coding, boxed = self._stack.pop()
            self._opened[open_tag] -= 1
            if coding and not skipping:
                self._text(CODE_CLOSE)
            self._skip -= skipping
            self._admonition -= boxed
            if not skipping:
                self._close(open_tag)
            if open_tag == tag:
                break
        if tag == "title":
            self._in_title = False

    def _close(self, tag: str) -> None:
        kind = self._open[0] if self._open else None
        prose_end = (tag in PROSE or tag == "div") and kind in (None, "paragraph")
        if tag in HEADINGS or tag in ("pre", "li") or prose_end:
            self._flush()
        if tag in ("ol", "ul") and self._lists:
            self._lists.pop()
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(flow("".join(self._cell))[0])
            self._cell = None
        elif tag == "tr" and self._row is not None:
            cells, self._row = self._row, None
            if any(cells):
                attrs = {"cells": cells, **({"header": True} if self._header else {})}
                self.parts.append(Part("table_row", " | ".join(cells), _path(self.heading), attrs))

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if not self._skip:
            self._text(data)

    def _is_chrome(self, tag: str, values: dict, classes: set[str]) -> bool:
        if tag in SKIP_TAGS or classes & SKIP_CLASSES or values.get("id") in SKIP_IDS:
            return True
        # LibreOffice hides OS variants; the one whose id starts with "default" is ours.
        hidden = "hidden" in values and not (values.get("id") or "").startswith("default")
        return hidden or values.get("role") == "navigation"

    def _definition(self, tag: str) -> dict:
        # Definition lists hold Sphinx API signatures, DocBook variable lists and
        # glossaries; each description paragraph keeps the term it describes.
        if tag == "dt":
            return {"is_term": True}
        in_dd = self._opened["dd"] > 0
        return {"term": self._term} if in_dd and self._term else {}

    def _text(self, data: str) -> None:
        target = self._cell if self._cell is not None else self._buffer
        target.append(data)

    def _start(self, kind: str, level: int, attrs: dict | None = None) -> None:
        self._flush()
        self._open = (kind, level, attrs or {})

    def _flush(self) -> None:
        raw = "".join(self._buffer)
        self._buffer = []
        opened, self._open = self._open, None
        kind, level, attrs = opened or ("paragraph", 0, {})
        if kind == "code":
            text, spans = strip_marks(raw.strip("\n"))
            spans = []
        else:
            text, spans = flow(raw)
        if not text.strip():
            return
        if kind == "heading":
            self.heading = [*self.heading[: level - 1], text]
            self.heading += [""] * (level - len(self.heading))
            self.parts.append(Part("heading", text, _path(self.heading[:-1]), {"level": level}))
            return
        if attrs.pop("is_term", False):
            self._term = text
        if spans:
            attrs = {**attrs, "code": spans}
        self.parts.append(Part(kind, text, _path(self.heading), attrs))


def _path(heading: list[str]) -> list[str]:
    return [title for title in heading if title]


def parse_html(markup: str) -> tuple[list[Part], str]:
    """Return the blocks of an HTML page and its ``<title>``."""
    parser = BlockParser()
    parser.feed(markup)
    parser.close()
    parser._flush()
    return parser.parts, " ".join(parser.title.split())
