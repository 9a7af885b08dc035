"""Drop instruction pairs a careful reader would reject, each with a counted reason.

Patterns match shapes; this filter judges the pair they built:

- ``anaphoric_goal``: the question only points back (「如何这样做？」, "How do I do so?").
- ``cross_reference_only``: the answer is one pointer (「请参阅 apt(8)。」, "See …").
- ``other_language``: question or answer is not in the record's language (zh packages
  keep untranslated English paragraphs and man-page descriptions).
- ``too_few_content_words``: the question has fewer than ``min_content_words`` words that
  are not stop words (「如何配置？」, "How do I open it?").
- ``boilerplate``: ``--help``/``--version`` entries, navigation bars, bug-report footers.

Stop words (from the ``stopwords_for_language`` hook) only count words here; no text is
changed. Chinese is segmented with jieba after masking code, so ``--all`` stays one word,
and the count is the same with jieba's HMM on or off for the shapes the patterns build.
Records without an ``instruction`` (documents) pass through.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import regex

from zhiling import PluginError, RecipeError, Record, hookimpl


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


CODE = regex.compile(
    r"(?:\b(?:Ctrl|Shift|Alt|Cmd|Option|Fn)\s*\+\s*)+\w+|\bF\d{1,2}\b|`[^`\n]+`|「[^」\n]{1,60}」|(?<![\p{L}\p{N}])--?[A-Za-z][\w-]*(?:=\S*)?"
    r"|(?:~|\.{1,2})?/[\w.@%+-]+(?:/[\w.@%+-]*)*|[A-Za-z_][\w.+-]*\(\d\w*\)"
)
LETTER = regex.compile(r"\p{L}")
HAN = regex.compile(r"\p{Han}")
LATIN_WORD = regex.compile(r"[A-Za-z]+")
EN_WORD = regex.compile(r"[A-Za-z][\w'-]*|\d+")
TEMPLATE_WORDS = {
    "zh": _word_set("如何 怎样 怎么 哪个 命令 函数 可以 什么 作用 快捷键 使用 时 选项"),
    "en": _word_set("how do i what which can use is the to shortcut command function"),
}
ANAPHORA = regex.compile(
    r"这样做|这么做|此操作|这一点|这项工作|\b(?:do|doing|achieve) (?:so|this|that|it)\b", regex.I
)
POINTER = regex.compile(
    r"^(?:请|另请)?(?:参阅|参见|参看|请见|见)|^(?:please )?(?:see|refer to|consult)\b", regex.I
)
BOILERPLATE = regex.compile(
    r"(?<![\w-])--(?:help|version)\b|^(?:上一页|下一页|上一级|Prev|Next|Up|Home)\b"
    r"|Report bugs to|Full documentation|完整文档",
    regex.I,
)
SENTENCE_END = regex.compile(r"[。！？!?]|\.(?:\s|$)")


def prose_language(text: str) -> str | None:
    """Return "zh" or "en" for the prose in ``text`` (code ignored), None when there is none.

    Han characters are weighed against Latin words: 「按 Ctrl+A。」 is Chinese.
    """
    prose = CODE.sub(" ", text)
    han, words = len(HAN.findall(prose)), len(LATIN_WORD.findall(prose))
    if not han and not words:
        return None
    return "zh" if han >= words else "en"


class PairQuality:
    """Keep instruction pairs that stand on their own, in their language, with real content."""

    def __init__(self, *, min_content_words: int = 2, hmm: bool = True, hook) -> None:
        if min_content_words < 0:
            raise RecipeError(f"min_content_words must be 0 or more, got {min_content_words}")
        self.min_content_words = min_content_words
        self.hmm = hmm
        self.hook = hook
        self._stopwords: dict[str, frozenset[str]] = {}
        self._cut: Callable[..., list[str]] | None = None

    def content_words(self, text: str, lang: str) -> list[str]:
        """Return the words of ``text`` that are neither stop words nor question template."""
        if lang not in self._stopwords:
            found = self.hook.stopwords_for_language(language=lang)
            if found is None:
                raise RecipeError(f"no installed plugin has stop words for language {lang!r}")
            self._stopwords[lang] = frozenset(w.lower() for w in found) | TEMPLATE_WORDS.get(
                lang, frozenset()
            )
        stop = self._stopwords[lang]
        codes: list[str] = CODE.findall(text)
        masked = CODE.sub(" ", text)
        words = self._jieba_words(masked) if lang == "zh" else EN_WORD.findall(masked)
        kept = [w for w in words if w.lower() not in stop and (LETTER.search(w) or w.isdigit())]
        return codes + kept

    def _jieba_words(self, text: str) -> list[str]:
        if self._cut is None:
            try:
                import jieba
            except ImportError as exc:
                raise PluginError("filter 'pair-quality' needs jieba: pip install jieba") from exc
            jieba.setLogLevel(logging.WARNING)
            self._cut = jieba.lcut
        return [word.strip() for word in self._cut(text, HMM=self.hmm) if word.strip()]

    def reason_to_drop(self, record: Record) -> str | None:
        if "instruction" not in record:
            return None
        instruction, output = record["instruction"], record.get("output", "")
        lang = record.get("lang", "und").split("-")[0]
        if BOILERPLATE.search(instruction) or BOILERPLATE.search(output):
            return "boilerplate"
        if ANAPHORA.search(instruction):
            return "anaphoric_goal"
        if POINTER.match(output.strip()) and len(SENTENCE_END.findall(output.strip())) <= 1:
            return "cross_reference_only"
        if lang in ("zh", "en") and {prose_language(instruction), prose_language(output)} - {
            lang,
            None,
        }:
            return "other_language"
        if len(self.content_words(instruction, lang)) < self.min_content_words:
            return "too_few_content_words"
        return None


@hookimpl
def register_filters(register):
    register("pair-quality", PairQuality)
