"""Read local HTML files with the same block parser as the Debian documentation source.

Authors can then try extraction patterns on any HTML they have (a saved
manual, a docs folder) and get the blocks those patterns expect: headings,
list items with positions, table rows with cells, code.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from zhiling import Record, Shard, hookimpl
from zhiling.plugins.sources._doc import BROKEN, to_document
from zhiling.plugins.sources._files import FileInputs
from zhiling.plugins.sources._html_blocks import parse_html


class HtmlFiles(FileInputs):
    """Yield every HTML file matching ``paths`` (globs, relative to the recipe) as a document."""

    def __init__(
        self,
        *,
        paths: list[str],
        license: str,
        lang: str | None = None,
        shard: Shard,
        base_dir: Path,
    ) -> None:
        super().__init__(paths, shard=shard, base_dir=base_dir)
        self.license = license
        self.lang = lang

    def __iter__(self) -> Iterator[Record]:
        for path in self.owned():
            yield self._read(path)

    def _read(self, path: Path) -> Record:
        uri = self.uri(path)
        try:
            parsed: tuple | str = parse_html(path.read_bytes().decode("utf-8"))
        except BROKEN as exc:
            parsed = "not_utf8" if isinstance(exc, UnicodeDecodeError) else "unparsable"
        return to_document(uri, parsed, {"license": self.license}, self.lang)


@hookimpl
def register_sources(register):
    register("html-files", HtmlFiles)
