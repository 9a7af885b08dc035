"""Build documents the way the text-files source does, so patterns see real blocks."""

from __future__ import annotations

import pytest

from zhiling.plugins.sources.text_files import blocks_of


def make_document(text: str, lang: str, source: str = "manual.txt") -> dict:
    """Return a document record for ``text`` with its blocks, read from ``source``."""
    return {
        "id": "doc",
        "text": text,
        "lang": lang,
        "meta": {"source": source, "license": "CC0-1.0"},
        "blocks": blocks_of(text),
    }


@pytest.fixture
def pairs():
    """Return a runner: ``pairs(extractor, text, lang[, source])`` → the records it extracts."""

    def run(extractor, text: str, lang: str, source: str = "manual.txt") -> list[dict]:
        return list(extractor.extract(make_document(text, lang, source)))

    return run
