"""Normalised n-grams of text as 64-bit hashes, and a sorted index of them.

Text is NFKC-normalised (full-width letters and digits become ASCII),
case-folded, and stripped of punctuation and symbols, so a copy that differs
only in width, case or punctuation gives the same n-grams. Two kinds of
n-gram are taken from every text: runs of ``words`` consecutive words, Han
characters left out, and runs of ``chars`` consecutive Han characters,
everything else left out. English-like text yields the first kind, Chinese
the second, mixed text both, with no language guess to get wrong.

N-grams are hashed with a polynomial over token numbers in numpy (no Python
loop per n-gram) and looked up in one sorted ``uint64`` array: 8 bytes per
n-gram, plus 4 for the item it came from.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from functools import cache

import numpy as np

#: Han character ranges: CJK unified ideographs, extension A, compatibility, extensions B+.
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
HAN = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in HAN_RANGES) + "]")


@cache
def blanks() -> dict[int, str]:
    """Map every punctuation, symbol and space character of the BMP to a space.

    str.translate with this table is several times faster than a regex over
    Unicode classes; it is built on first use (0.3 s), not on import.
    """
    return {
        c: " "
        for c in range(0x10000)
        if unicodedata.category(chr(c))[0] in "PS" or chr(c).isspace()
    }


#: Odd multipliers of the rolling hash (word n-grams and character n-grams differ).
WORD_BASE = np.uint64(0x9E3779B97F4A7C15)
CHAR_BASE = np.uint64(0xC2B2AE3D27D4EB4F)
NO_HASHES = np.zeros(0, dtype=np.uint64)


def normalise(text: str) -> str:
    """Return ``text`` in the form n-grams are taken from: NFKC, case-folded, no punctuation."""
    return unicodedata.normalize("NFKC", text).casefold().translate(blanks())


def _rolling(tokens: np.ndarray, n: int, base: np.uint64) -> np.ndarray:
    count = len(tokens) - n + 1
    if count <= 0:
        return NO_HASHES
    hashes = np.full(count, np.uint64(n), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(n):
            hashes = hashes * base + tokens[offset : offset + count]
        # A final mix so that nearby n-grams do not give nearby numbers.
        hashes ^= hashes >> np.uint64(31)
        hashes *= np.uint64(0xBF58476D1CE4E5B9)
        hashes ^= hashes >> np.uint64(29)
    return hashes


def ngram_hashes(text: str, *, words: int, chars: int) -> np.ndarray:
    """Return the hashes of every word ``words``-gram and Han ``chars``-gram of ``text``."""
    clean = normalise(text)
    points = np.frombuffer(clean.encode("utf-32-le"), dtype=np.uint32)
    is_han = np.zeros(len(points), dtype=bool)
    for low, high in HAN_RANGES:
        is_han |= (points >= low) & (points <= high)
    char_tokens = points[is_han].astype(np.uint64)
    word_list = (HAN.sub(" ", clean) if is_han.any() else clean).split()
    word_tokens = np.fromiter(
        (zlib.crc32(word.encode()) for word in word_list), dtype=np.uint64, count=len(word_list)
    )
    return np.concatenate(
        [_rolling(word_tokens, words, WORD_BASE), _rolling(char_tokens, chars, CHAR_BASE)]
    )


class NgramIndex:
    """The n-gram hashes of many items, each mapped to the first item it came from."""

    def __init__(self, hashes: np.ndarray, items: np.ndarray) -> None:
        self.hashes = hashes
        self.items = items

    @classmethod
    def build(cls, texts: list[str], *, words: int, chars: int) -> NgramIndex:
        """Index the n-grams of ``texts``; an n-gram shared by items maps to the first."""
        parts = [ngram_hashes(text, words=words, chars=chars) for text in texts]
        hashes = np.concatenate([NO_HASHES, *parts])
        items = np.repeat(np.arange(len(parts), dtype=np.uint32), [len(p) for p in parts])
        order = np.lexsort((items, hashes))
        hashes, items = hashes[order], items[order]
        first = np.ones(len(hashes), dtype=bool)
        first[1:] = hashes[1:] != hashes[:-1]
        return cls(hashes[first], items[first])

    def __len__(self) -> int:
        return len(self.hashes)

    def first_hits(self, queries: list[np.ndarray]) -> list[int]:
        """Return, per array of query hashes, the lowest item any of them hits, or -1."""
        if not len(self.hashes):
            return [-1] * len(queries)
        flat = np.concatenate([NO_HASHES, *queries])
        owner = np.repeat(np.arange(len(queries)), [len(q) for q in queries])
        where = np.minimum(np.searchsorted(self.hashes, flat), len(self.hashes) - 1)
        hit = self.hashes[where] == flat
        found = [-1] * len(queries)
        for query, item in zip(owner[hit].tolist(), self.items[where[hit]].tolist(), strict=True):
            if found[query] < 0 or item < found[query]:
                found[query] = item
        return found
