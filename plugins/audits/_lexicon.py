"""Shared by the lexicon audits: load word lists through the hook and find their terms.

Terms are matched longest first with one regular expression per list.
English (Latin-script) terms match whole words, case-insensitively; Chinese
terms have no word boundaries, so lists carry *blockers* (group ``-``): a
longer word that contains a term but means something else, such as 其他
around 他. A blocker is matched like a term and then ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from zhiling import RecipeError, Record

BLOCKER = "-"
DEFAULT_FIELDS = ("instruction", "input", "output", "text")


def _trie_pattern(terms: list[str]) -> str:
    """Return a regex matching any of ``terms``, longest first, shaped as a trie.

    Python's ``re`` tries alternatives one by one; sharing prefixes makes a
    list of hundreds of terms cost about as much as one.
    """
    trie: dict[str, Any] = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = True

    def pattern(node: dict[str, Any], last: str) -> str:
        branches = [re.escape(c) + pattern(child, c) for c, child in sorted(node.items()) if c]
        if "" in node:
            # A Latin word ends only at a word boundary; longer branches come first.
            branches.append(r"(?![a-z0-9])" if last.isascii() and last.isalnum() else "")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(trie, "")


class Matcher:
    """Find the groups of the terms of one lexicon in text."""

    def __init__(self, lexicon: dict[str, str]) -> None:
        self.groups = {term.casefold(): group for term, group in lexicon.items()}
        latin = [t for t in self.groups if t[:1].isascii() and t[:1].isalnum()]
        other = [t for t in self.groups if t not in set(latin)]
        alternatives = [r"(?<![a-z0-9])" + _trie_pattern(latin)] if latin else []
        alternatives += [_trie_pattern(other)] if other else []
        self.regex = re.compile("|".join(alternatives) or r"(?!)", re.IGNORECASE)

    def find(self, text: str) -> list[str]:
        """Return the group of every term found in ``text``, blockers left out."""
        found = (self.groups.get(m.group().casefold()) for m in self.regex.finditer(text))
        return [group for group in found if group and group != BLOCKER]


def base_language(record: Record) -> str:
    """Return the primary subtag of the record's language ("zh" for "zh-Hans")."""
    return str(record.get("lang") or "und").split("-")[0].lower()


def text_of(record: Record, fields: Iterable[str]) -> str:
    """Return the record's text fields joined by newlines (chat ``messages`` included)."""
    parts = []
    for name in fields:
        value: Any = record.get(name)
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts += [m["content"] for m in value if isinstance(m, dict) and "content" in m]
    return "\n".join(parts)


class Lexicons:
    """The matchers of some lexicon kinds per language, asked of the hook once per language."""

    def __init__(self, hook: Any, kinds: tuple[str, ...], languages: list[str] | None) -> None:
        self.hook = hook
        self.kinds = kinds
        self._cache: dict[str, dict[str, Matcher] | None] = {}
        for language in languages or []:
            if self.get(language) is None:
                raise RecipeError(
                    f"no installed plugin has a {kinds[0]!r} lexicon for language {language!r}"
                )

    def get(self, language: str) -> dict[str, Matcher] | None:
        """Return kind → matcher for ``language``, or None when its first kind has no list."""
        if language not in self._cache:
            found = {
                k: self.hook.lexicons_for_language(language=language, kind=k) for k in self.kinds
            }
            if found[self.kinds[0]] is None:
                self._cache[language] = None
            else:
                self._cache[language] = {k: Matcher(v or {}) for k, v in found.items()}
        return self._cache[language]

    def languages(self) -> Iterator[str]:
        """Yield the languages met so far that have lists."""
        return (lang for lang, found in sorted(self._cache.items()) if found is not None)
