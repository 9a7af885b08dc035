"""Read plain-text files, one document per file, with their block structure.

A file holding NUL bytes, invalid UTF-8 or a paragraph of over a million characters
becomes a dropped record with a
reason (``binary_content``, ``not_utf8``) instead of stopping the run, so one
corrupt file in a large crawl costs one record, not the release.
"""

from __future__ import annotations

from pathlib import Path

from zhiling import Record, document_id, hookimpl
from zhiling.plugins.sources._files import FileDocuments
from zhiling.plugins.sources._structure import blocks_of, guess_language, parts_of

__all__ = ["TextFiles", "blocks_of", "guess_language"]

#: Longer than any paragraph a person wrote; past it a file is a dump or an attack, and
#: every later step (segmentation, extraction regexes) would pay for it.
MAX_PARAGRAPH_CHARS = 1_000_000


class TextFiles(FileDocuments):
    """Yield every file matching ``paths`` (globs, relative to the recipe) as a document."""

    def read(self, path: Path) -> Record:
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
        if any(end - start > MAX_PARAGRAPH_CHARS for start, end in parts_of(text)):
            return Record(
                id=document_id(uri, ""), meta={"source": uri}, drop_reason="paragraph_too_long"
            )
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
