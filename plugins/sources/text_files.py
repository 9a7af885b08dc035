"""Read plain-text files, one document per file, with their block structure.

A file holding NUL bytes or invalid UTF-8 becomes a dropped record with a
reason (``binary_content``, ``not_utf8``) instead of stopping the run, so one
corrupt file in a large crawl costs one record, not the release.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from pathlib import Path

from zhiling import RecipeError, Record, Shard, document_id, hookimpl
from zhiling.plugins.sources._structure import blocks_of, guess_language

__all__ = ["TextFiles", "blocks_of", "guess_language"]


class TextFiles:
    """Yield every file matching ``paths`` (globs, relative to the recipe) as a document."""

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
        uri = _uri(path, self.base_dir)
        data = path.read_bytes()
        if b"\x00" in data:
            return Record(
                id=document_id(uri, ""), meta={"source": uri}, drop_reason="binary_content"
            )
        try:
            text = data.decode("utf-8").replace("\r\n", "\n")
        except UnicodeDecodeError:
            return Record(id=document_id(uri, ""), meta={"source": uri}, drop_reason="not_utf8")
        return Record(
            id=document_id(uri, text),
            text=text,
            lang=self.lang or guess_language(text),
            meta={"source": uri, "license": self.license},
            blocks=blocks_of(text),
        )


def _uri(path: Path, base_dir: Path) -> str:
    # Relative even outside base_dir, so zh/a.txt and en/a.txt keep distinct URIs.
    return Path(os.path.relpath(path.resolve(), base_dir.resolve())).as_posix()


@hookimpl
def register_sources(register):
    register("text-files", TextFiles)
