"""Read local HTML files with the same block parser as the Debian documentation source.

Authors can then try extraction patterns on any HTML they have (a saved
manual, a docs folder) and get the blocks those patterns expect: headings,
list items with positions, table rows with cells, code.
"""

from __future__ import annotations

from pathlib import Path

from zhiling import Record, hookimpl
from zhiling.plugins.sources._doc import BROKEN, to_document
from zhiling.plugins.sources._files import FileDocuments
from zhiling.plugins.sources._html_blocks import parse_html


class HtmlFiles(FileDocuments):
    """Yield every HTML file matching ``paths`` (globs, relative to the recipe) as a document."""

    def read(self, path: Path) -> Record:
        uri = self.uri(path)
        try:
            parsed: tuple | str = parse_html(path.read_bytes().decode("utf-8"))
        except BROKEN as exc:
            parsed = "not_utf8" if isinstance(exc, UnicodeDecodeError) else "unparsable"
        return to_document(uri, parsed, {"license": self.license}, self.lang)


@hookimpl
def register_sources(register):
    register("html-files", HtmlFiles)
