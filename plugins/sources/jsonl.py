"""Read JSON Lines files, one document per line.

Lines that are not JSON objects, or that lack the text field, become dropped
records with a reason; the first such line is also logged with the keys it
does have, since a wrong ``text_key`` usually explains them all.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

from zhiling import Record, Shard, document_id, hookimpl
from zhiling.plugins.sources._files import FileInputs

logger = logging.getLogger(__name__)


class JsonlSource(FileInputs):
    """Yield each line of the files matching ``paths`` as a document."""

    def __init__(
        self,
        *,
        paths: list[str],
        license: str | None = None,
        text_key: str = "text",
        lang: str | None = None,
        shard: Shard,
        base_dir: Path,
    ) -> None:
        super().__init__(paths, shard=shard, base_dir=base_dir)
        self.license = license
        self.text_key = text_key
        self.lang = lang
        self._warned = False

    def __iter__(self) -> Iterator[Record]:
        # Lines, not files, are split between workers: one big file is common.
        position = 0
        for path in self.inputs():
            name = self.input_name(path)
            with path.open("rb") as handle:
                for number, raw in enumerate(handle, start=1):
                    position += 1
                    if self.shard.owns(position - 1) and raw.strip():
                        yield self._parse(raw, f"{name}:{number}")

    def _parse(self, raw: bytes, where: str) -> Record:
        try:
            item = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return Record(id=where, meta={"source": where}, drop_reason="invalid_json")
        text = item.get(self.text_key) if isinstance(item, dict) else None
        if not isinstance(text, str) or not text.strip():
            if not self._warned:
                keys = sorted(item) if isinstance(item, dict) else []
                logger.warning(
                    "%s has no text in %r; is text_key right? keys: %s", where, self.text_key, keys
                )
                self._warned = True
            return Record(id=where, meta={"source": where}, drop_reason="no_text")
        if not isinstance(item.get("meta") or {}, dict):
            return Record(id=where, meta={"source": where}, drop_reason="meta_not_object")
        meta = dict(item.get("meta") or {})
        meta.setdefault("source", where)
        meta.setdefault("license", item.get("license") or self.license or "")
        return Record(
            id=str(item.get("id") or document_id(where, text)),
            text=text,
            lang=str(item.get("lang") or self.lang or "und"),
            meta=meta,
        )


@hookimpl
def register_sources(register):
    register("jsonl", JsonlSource)
