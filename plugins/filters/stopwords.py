"""Drop records with too few stop words to be running prose.

Keyword lists, navigation menus, tables of numbers and binary junk have almost
no function words; real instructions have plenty. The ratio is taken over
``words``, so a segmenter must run first: split on spaces, a Chinese sentence
would be one word.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from zhiling import RecipeError, Record, StepError, hookimpl

LISTS = "stopwords_data"


@cache
def builtin_stopwords(language: str) -> frozenset[str] | None:
    """Return the shipped list for ``language`` ("zh", "en"), or None if none ships."""
    resource = resources.files(__package__).joinpath(LISTS, f"{language}.txt")
    if not resource.is_file():
        return None
    return frozenset(line.strip() for line in resource.read_text("utf-8").splitlines() if line)


class StopwordRatio:
    """Keep a record when at least ``min_ratio`` of its words are stop words of its language.

    ``language`` fixes the list; left out, each record's ``lang`` chooses it.
    """

    def __init__(self, *, min_ratio: float = 0.05, language: str | None = None, hook) -> None:
        if not 0 <= min_ratio <= 1:
            raise RecipeError(f"min_ratio must be between 0 and 1, got {min_ratio}")
        self.min_ratio = min_ratio
        self.language = language
        self.hook = hook
        self._lists: dict[str, frozenset[str]] = {}
        if language is not None:
            self._stopwords(language)

    def _stopwords(self, language: str) -> frozenset[str]:
        base = language.split("-")[0].lower()
        if base not in self._lists:
            found = self.hook.stopwords_for_language(language=base)
            if found is None:
                raise RecipeError(f"no installed plugin has stop words for language {base!r}")
            self._lists[base] = frozenset(word.lower() for word in found)
        return self._lists[base]

    def reason_to_drop(self, record: Record) -> str | None:
        if "words" not in record:
            raise StepError("record has no 'words'; add a '- segment:' step before this filter")
        words = record["words"]
        if not words:
            return "no_words"
        stopwords = self._stopwords(self.language or record.get("lang", "und"))
        ratio = sum(word.lower() in stopwords for word in words) / len(words)
        return None if ratio >= self.min_ratio else "too_few_stopwords"


@hookimpl
def register_filters(register):
    register("stopword-ratio", StopwordRatio)


@hookimpl(trylast=True)
def stopwords_for_language(language):
    return builtin_stopwords(language)
