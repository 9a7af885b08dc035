"""Read local HTML files with the same block parser as the Debian documentation source.

Authors can then try extraction patterns on any HTML they have (a saved
manual, a docs folder) and get the blocks those patterns expect: headings,
list items with positions, table rows with cells, code.
"""

from __future__ import annotations

import glob
from collections.abc import Iterator
from pathlib import Path

from zhiling import RecipeError, Record, Shard, hookimpl
from zhiling.plugins.sources._doc import BROKEN, to_document
from zhiling.plugins.sources._html_blocks import parse_html


class HtmlFiles:
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
        if isinstance(paths, str) or not paths:
            raise RecipeError("'paths' must be a non-empty list of file patterns")
        self.patterns = [str(base_dir / pattern) for pattern in paths]
        self.license = license
        self.lang = lang
        self.shard = shard
        self.base_dir = base_dir

    def inputs(self) -> list[Path]:
        found = sorted({Path(p) for pattern in self.patterns for p in glob.glob(pattern)})
        if not found:
            raise RecipeError(f"no file matches {', '.join(self.patterns)}")
        return [path for path in found if path.is_file()]

    def __iter__(self) -> Iterator[Record]:
        for position, path in enumerate(self.inputs()):
            if self.shard.owns(position):
                yield self._read(path)

    def _read(self, path: Path) -> Record:
        try:
            uri = path.resolve().relative_to(self.base_dir.resolve()).as_posix()
        except ValueError:
            uri = path.name
        try:
            parsed: tuple | str = parse_html(path.read_bytes().decode("utf-8"))
        except BROKEN as exc:
            parsed = "not_utf8" if isinstance(exc, UnicodeDecodeError) else "unparsable"
        return to_document(uri, parsed, {"license": self.license}, self.lang)


@hookimpl
def register_sources(register):
    register("html-files", HtmlFiles)
