"""Read plain-text files, one document per file, with their block structure.

A file holding NUL bytes or invalid UTF-8 becomes a dropped record with a
reason (``binary_content``, ``not_utf8``) instead of stopping the run, so one
corrupt file in a large crawl costs one record, not the release.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from zhiling import Record, Shard, document_id, hookimpl
from zhiling.plugins.sources._files import FileInputs
from zhiling.plugins.sources._structure import blocks_of, guess_language

__all__ = ["TextFiles", "blocks_of", "guess_language"]


class TextFiles(FileInputs):
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
        super().__init__(paths, shard=shard, base_dir=base_dir)
        self.license = license
        self.lang = lang

    def __iter__(self) -> Iterator[Record]:
        for path in self.owned():
            yield self._read(path)

    def _read(self, path: Path) -> Record:
        uri = self.uri(path)
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


@hookimpl
def register_sources(register):
    register("text-files", TextFiles)
