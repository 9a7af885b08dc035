"""Build documents the way the text-files source does, so patterns see real blocks."""

from __future__ import annotations

import pytest

from zhiling.plugins.sources.text_files import blocks_of


def make_document(text: str, lang: str) -> dict:
    """Return a document record for ``text`` with its blocks."""
    return {
        "id": "doc",
        "text": text,
        "lang": lang,
        "meta": {"source": "manual.txt", "license": "CC0-1.0"},
        "blocks": blocks_of(text),
    }


@pytest.fixture
def pairs():
    """Return a runner: ``pairs(extractor, text, lang)`` → the records it extracts."""

    def run(extractor, text: str, lang: str) -> list[dict]:
        return list(extractor.extract(make_document(text, lang)))

    return run
