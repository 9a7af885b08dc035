"""Segment Chinese text into words with jieba.

Code, paths, options and menu paths are replaced by placeholders before jieba
sees the text and put back afterwards: jieba splits ``--all`` into ``-``,
``-``, ``all`` and 「工具 - 选项」 into five tokens, which would break stop-word
ratios and every pattern keyed on words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

import regex

from zhiling import PluginError, Record, hookimpl

PROTECTED = regex.compile(
    r"「[^」\n]{1,60}」"  # menu paths and UI names
    r"|`[^`\n]+`"  # inline code
    r"|(?<![\p{L}\p{N}])--?[A-Za-z][\w-]*(?:=\S+)?"  # options
    r"|(?:~|\.{1,2})?/[\w.@%+-]+(?:/[\w.@%+-]*)*"  # paths
    r"|[A-Za-z_][\w.+-]*[A-Za-z0-9_]"  # ASCII words and identifiers
)


def _jieba() -> Any:
    try:
        import jieba
    except ImportError as exc:
        raise PluginError("segmenter 'jieba' needs jieba: pip install jieba") from exc
    jieba.setLogLevel(logging.WARNING)
    return jieba


class JiebaWords:
    """Add ``words`` to records in ``languages``; other records pass through unchanged."""

    def __init__(
        self, *, languages: list[str] | None = None, field: str = "text", hmm: bool = True
    ) -> None:
        self.languages = tuple(languages or ["zh"])
        self.field = field
        self.hmm = hmm
        self._cut: Callable[..., list[str]] | None = None

    def words(self, text: str) -> list[str]:
        """Return the words of ``text``, protected spans kept whole."""
        cut = self._cut = self._cut or _jieba().lcut
        kept: list[str] = []

        def hold(match: regex.Match[str]) -> str:
            kept.append(match.group())
            return f" ZZ{len(kept) - 1}ZZ "

        masked = PROTECTED.sub(hold, text)
        result = []
        for token in cut(masked, HMM=self.hmm):
            token = token.strip()
            if not token:
                continue
            if token.startswith("ZZ") and token.endswith("ZZ") and token[2:-2].isdigit():
                token = kept[int(token[2:-2])]
            result.append(token)
        return result

    def segment(self, record: Record) -> Iterable[Record]:
        if record.get("lang", "").split("-")[0] in self.languages and self.field in record:
            record["words"] = self.words(str(record[self.field]))  # type: ignore[literal-required]
        return (record,)


@hookimpl
def register_segmenters(register):
    register("jieba", JiebaWords)
