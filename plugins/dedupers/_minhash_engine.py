"""MinHash near-duplicate detection as stages of plain functions over numpy arrays.

The stages, in order, each a pure function of its arguments so that an
executor can run them where it likes (one process, threads, Ray tasks) and get
the same result:

1. ``tokens``: folded texts → one flat ``uint64`` token array plus the token
   count of each text (characters, regex words or jieba words).
2. ``shingle_hashes``: tokens → one 32-bit hash per n-gram of tokens plus the
   shingle count of each text. Parallel over any split of the texts.
3. ``signatures``: shingle hashes → a ``(docs, num_perm)`` ``uint32`` array.
   Parallel over any split of the texts; rows are independent.
4. ``band_keys``: signatures → one ``uint64`` key per text for one band.
   Parallel over bands and over rows.
5. ``band_pairs``: the keys of one band → candidate pairs (leader, member).
   Parallel over bands, and within a band over a hash partition by key.
   ``candidate_pairs`` runs 4 and 5 band after band and merges the pairs.
6. ``verify``: candidate pairs → those whose Jaccard (estimated from the
   signatures, or true from ``ShingleSets``) reaches the threshold. Parallel
   over any split of the pairs.
7. ``clusters``: all verified pairs → each text's survivor. One small step
   over the pairs (a few per duplicate), in one place.

``deduplicate`` runs stages 4 to 7 in this process; ``text_signatures`` runs
1 to 3.

Signatures are datasketch-compatible: the shingle hash is ``shingle_hash``
and the permutations are datasketch's ``affine32`` scheme for the same
``num_perm`` and ``seed``, so ``LeanMinHash(seed=seed, hashvalues=row,
scheme="affine32")`` equals a datasketch ``MinHash(num_perm, seed,
hashfunc=shingle_hash)`` updated with the same shingles.

Ranks make results independent of input order: text ``i`` has rank
``rank[i]`` (0 = the most preferred survivor, ranks distinct), every choice
between texts takes the smallest rank.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

EMPTY = np.uint32(0xFFFFFFFF)  # datasketch's value for a MinHash that saw no shingle
DROP = np.uint32(0xFFFFFFFF)  # in a ``char_map``: leave this code point out
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
#: A word: one Han character, or a run of other word characters (stdlib ``re``
#: is 1.7 times faster than ``regex`` here, and the range covers every CJK block).
WORD = re.compile(rf"[{_HAN}]|[^\W{_HAN}]+")
_MIX = np.uint64(0x9E3779B97F4A7C15)
_BASE = np.uint64(0x100000001B3)
_BLOCK = 16384  # shingles per permutation block: (128, 16384) uint32 is 8 MiB, fastest here


#: Token units: code points, ``WORD`` matches, jieba words, or word lists given by the
#: caller (a segmenter's ``words``).
UNITS = ("char", "word", "jieba", "words")


@dataclass(frozen=True)
class Shingles:
    """How a language's texts are cut: ``unit`` n-grams of ``n`` (see ``UNITS``)."""

    unit: str
    n: int

    @classmethod
    def parse(cls, spec: str) -> Shingles:
        """Return the shingles named by ``"unit:n"``, such as ``"char:2"`` or ``"word:3"``."""
        unit, _, size = spec.partition(":")
        if unit not in UNITS or not size.isdigit() or int(size) < 1:
            raise ValueError(
                f"shingles must look like 'char:2', 'word:2', 'jieba:2' or 'words:2', not {spec!r}"
            )
        return cls(unit, int(size))


@cache
def _multipliers(count: int) -> np.ndarray:
    return (np.arange(1, count + 1, dtype=np.uint64) * _MIX) | np.uint64(1)


def _mix64(values: np.ndarray) -> np.ndarray:
    values = values ^ (values >> np.uint64(31))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    return values ^ (values >> np.uint64(29))


def tokens(
    texts: Sequence[Any],
    unit: str,
    stopwords: frozenset[str] = frozenset(),
    char_map: np.ndarray | None = None,
):
    """Return ``(tokens, counts)``: every text's tokens as one ``uint64`` array.

    ``char`` tokens are code points, passed through ``char_map`` when given
    (index: code point, value: its replacement, or ``DROP`` to leave it out;
    code points past its end stay as they are); ``word`` tokens are hashed
    words of the ``WORD`` pattern (Han characters count as one word each);
    ``jieba`` tokens are hashed jieba words not in ``stopwords``; for
    ``words`` each item of ``texts`` is a list of words already.
    """
    if unit == "char":
        codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
        counts = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        if char_map is not None:
            inside = char_map[np.minimum(codes, len(char_map) - 1)]
            codes = np.where(codes < len(char_map), inside, codes)
            keep = codes != DROP
            owner = np.repeat(np.arange(len(texts)), counts)
            counts = np.bincount(owner[keep], minlength=len(texts)).astype(np.int64)
            codes = codes[keep]
        return codes.astype(np.uint64), counts
    lists: Sequence[Sequence[str]]
    if unit == "words":
        lists = texts  # already lists of words
    elif unit == "jieba":
        import jieba

        lists = [[w for w in jieba.lcut(t) if w.strip() and w not in stopwords] for t in texts]
    else:
        lists = [WORD.findall(text) for text in texts]
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    return word_hashes([word for words in lists for word in words]), counts


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """Return a 64-bit hash per word, all words at once (see ``word_hash``)."""
    if not words:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    starts = np.cumsum(lengths) - lengths
    position = np.arange(len(codes), dtype=np.int64) - np.repeat(starts, lengths)
    powers = np.cumprod(np.full(int(lengths.max()), _BASE, dtype=np.uint64))
    powers = np.concatenate([np.ones(1, dtype=np.uint64), powers[:-1]])
    return _mix64(np.add.reduceat(codes * powers[position], starts) + lengths.astype(np.uint64))


def word_hash(word: str) -> int:
    """Return one word's 64-bit hash: its code points as base-``_BASE`` digits, then mixed."""
    value = sum(ord(c) * pow(int(_BASE), k, 1 << 64) for k, c in enumerate(word)) + len(word)
    return int(_mix64(np.array([value % (1 << 64)], dtype=np.uint64))[0])


def shingle_hashes(token_array: np.ndarray, counts: np.ndarray, n: int):
    """Return ``(hashes, shingle_counts)``: a ``uint32`` hash per token n-gram of each text.

    Short-text policy: a text with fewer than ``n`` tokens (but at least one)
    is one shingle of all its tokens, so it can still match its duplicates;
    an empty text has no shingle (its signature is all ``EMPTY``).
    """
    total = len(token_array)
    remaining = np.repeat(np.cumsum(counts), counts) - np.arange(total, dtype=np.int64)
    starts = (np.cumsum(counts) - counts)[counts > 0]
    padded = np.concatenate([token_array, np.zeros(n, dtype=np.uint64)])
    multipliers = _multipliers(n)
    value = padded[:total] * multipliers[0]
    for k in range(1, n):
        value += padded[k : k + total] * multipliers[k]
    short = starts[remaining[starts] < n]  # texts with fewer than n tokens
    if len(short):
        value[short] = 0
        for k in range(n):
            inside = remaining[short] > k
            value[short[inside]] += padded[short[inside] + k] * multipliers[k]
    keep = remaining >= n
    keep[short] = True
    value = value[keep]
    shingle_counts = np.where(counts > 0, np.maximum(counts - n + 1, 1), 0)
    return (_mix64(value) >> np.uint64(32)).astype(np.uint32), shingle_counts


def shingle_hash(shingle: Sequence[int]) -> int:
    """Return the 32-bit hash of one shingle given as its token values (datasketch ``hashfunc``)."""
    weights = _multipliers(len(shingle))
    value = sum(int(t) * int(m) for t, m in zip(shingle, weights, strict=True)) % (1 << 64)
    return int(_mix64(np.array([value], dtype=np.uint64))[0] >> np.uint64(32))


@cache
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Return datasketch's ``affine32`` permutations ``(a, b)`` for ``num_perm`` and ``seed``."""
    from datasketch import MinHash

    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def fmix32(values: np.ndarray) -> np.ndarray:
    """Return MurmurHash3's 32-bit finaliser of ``values``, as datasketch pre-mixes input hashes."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def signatures(hashes: np.ndarray, counts: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the ``(len(counts), len(a))`` ``uint32`` MinHash signatures of each text's shingles.

    ``hashes`` holds every text's shingle hashes back to back, ``counts[i]``
    of them for text ``i``; a text with none gets a row of ``EMPTY``. Blocks
    are laid out permutation-major, so the per-text minimum runs along
    contiguous memory (five times faster than along the other axis here).
    """
    result = np.full((len(counts), len(a)), EMPTY, dtype=np.uint32)
    filled = np.flatnonzero(counts)
    if not len(filled):
        return result
    mixed = fmix32(hashes)
    offsets = np.concatenate([[0], np.cumsum(counts[filled])])
    buffer = np.empty((len(a), _BLOCK), dtype=np.uint32)
    doc = 0
    while doc < len(filled):
        stop = max(int(np.searchsorted(offsets, offsets[doc] + _BLOCK, "right")) - 1, doc + 1)
        part = mixed[offsets[doc] : offsets[stop]]
        block = (
            buffer[:, : len(part)]
            if len(part) <= _BLOCK
            else np.empty((len(a), len(part)), np.uint32)
        )
        np.multiply(a[:, None], part[None, :], out=block)
        np.add(block, b[:, None], out=block)
        starts = offsets[doc:stop] - offsets[doc]
        result[filled[doc:stop]] = np.minimum.reduceat(block, starts, axis=1).T
        doc = stop
    return result


def band_keys(sigs: np.ndarray, band: int, rows: int) -> np.ndarray:
    """Return one ``uint64`` key per signature for rows ``band*rows`` to ``(band+1)*rows``."""
    part = sigs[:, band * rows : (band + 1) * rows].astype(np.uint64)
    return _mix64(part @ _multipliers(rows) + np.uint64(band))


def band_pairs(keys: np.ndarray, rank: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Return candidate pairs ``(leader, member)`` (text indices) of one band, shape ``(m, 2)``.

    Texts sharing a key form a bucket; each member is paired with the bucket's
    leader, its smallest-ranked text. Inactive texts (empty ones) are skipped.
    Any subset of texts that holds whole buckets (a hash partition by key)
    gives exactly the pairs of those buckets, so partitions can run apart and
    their pairs be concatenated.
    """
    index = np.flatnonzero(active)
    order = index[np.lexsort((rank[index], keys[index]))]
    sorted_keys = keys[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = sorted_keys[1:] != sorted_keys[:-1]
    leaders = order[np.maximum.accumulate(np.where(new, np.arange(len(order)), 0))]
    return np.stack([leaders[~new], order[~new]], axis=1)


def verify(
    pairs: np.ndarray, sigs: np.ndarray, threshold: float, shingle_sets: ShingleSets | None = None
) -> np.ndarray:
    """Return the pairs whose similarity reaches ``threshold``.

    The similarity is the share of permutations on which the signatures
    agree (an estimate of the Jaccard similarity), or, with ``shingle_sets``,
    the true Jaccard similarity of the two shingle sets wherever both are known.
    """
    keep = np.zeros(len(pairs), dtype=bool)
    for start in range(0, len(pairs), 65536):
        part = pairs[start : start + 65536]
        similarity = (sigs[part[:, 0]] == sigs[part[:, 1]]).mean(axis=1)
        if shingle_sets is not None:
            known = shingle_sets.known[part[:, 0]] & shingle_sets.known[part[:, 1]]
            similarity[known] = shingle_sets.jaccard(part[known])
        keep[start : start + 65536] = similarity >= threshold
    return pairs[keep]


@dataclass(frozen=True)
class ShingleSets:
    """Every text's shingle hashes back to back; text ``i`` owns ``offsets[i]:offsets[i+1]``.

    ``known[i]`` is False for texts whose shingles were not kept (those of a
    saved index); their pairs are verified on signatures.
    """

    hashes: np.ndarray
    offsets: np.ndarray
    known: np.ndarray

    def jaccard(self, pairs: np.ndarray) -> np.ndarray:
        """Return the Jaccard similarity of the shingle sets of each pair (one loop per pair)."""
        result = np.ones(len(pairs))
        for k, (i, j) in enumerate(pairs.tolist()):
            left = np.unique(self.hashes[self.offsets[i] : self.offsets[i + 1]])
            right = np.unique(self.hashes[self.offsets[j] : self.offsets[j + 1]])
            shared = np.intersect1d(left, right, assume_unique=True).size
            union = left.size + right.size - shared
            result[k] = shared / union if union else 1.0
        return result


def clusters(pairs: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """Return each text's survivor: the smallest-ranked text of its connected component.

    Min-label propagation with pointer jumping over the pairs; texts in no
    pair are their own survivor.
    """
    order = np.argsort(rank, kind="stable")
    label = np.arange(len(rank), dtype=np.int64)  # in rank space
    left, right = rank[pairs[:, 0]].astype(np.int64), rank[pairs[:, 1]].astype(np.int64)
    while True:
        low = np.minimum(label[left], label[right])
        before = label.copy()
        np.minimum.at(label, left, low)
        np.minimum.at(label, right, low)
        label = label[label]
        if np.array_equal(label, before):
            return order[label[rank]]


def text_shingles(
    texts: Sequence,
    shingles: Shingles,
    stopwords: frozenset[str] = frozenset(),
    char_map: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the shingle hashes of ``texts`` and each text's count (stages 1 and 2)."""
    token_array, counts = tokens(texts, shingles.unit, stopwords, char_map)
    return shingle_hashes(token_array, counts, shingles.n)


def text_signatures(
    texts: Sequence,
    shingles: Shingles,
    a: np.ndarray,
    b: np.ndarray,
    stopwords: frozenset[str] = frozenset(),
    char_map: np.ndarray | None = None,
) -> np.ndarray:
    """Return the signatures of ``texts`` (stages 1 to 3 in one call)."""
    return signatures(*text_shingles(texts, shingles, stopwords, char_map), a, b)


def candidate_pairs(sigs: np.ndarray, bands: int, rows: int, rank: np.ndarray) -> np.ndarray:
    """Return the distinct candidate pairs of all bands (stages 4 and 5, one band at a time).

    Only one band's keys are held at once, so memory is one ``uint64`` per
    text beyond the signatures. Texts with an ``EMPTY`` signature never pair.
    """
    active = sigs[:, 0] != EMPTY
    size = np.int64(len(sigs))
    codes = [np.zeros(0, dtype=np.int64)]
    for band in range(bands):
        pairs = band_pairs(band_keys(sigs, band, rows), rank, active).astype(np.int64)
        codes.append(np.unique(pairs[:, 0] * size + pairs[:, 1]))
    unique = np.unique(np.concatenate(codes))  # one int64 per pair: half the memory of rows
    return np.stack([unique // size, unique % size], axis=1)


def optimal_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """Return datasketch's ``(bands, rows)`` for ``threshold``, equal weight on both errors."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def bounded_map(pool, function, items, ahead: int):
    """Yield ``function(item)`` in order, run on ``pool`` with at most ``ahead`` items in flight."""
    pending: deque = deque()
    for item in items:
        pending.append(pool.submit(function, item))
        if len(pending) >= ahead:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def priority_rank(ids: Sequence[str], lengths: np.ndarray, before: int = 0) -> np.ndarray:
    """Return survivor ranks: ``before`` earlier texts first, then longest first, then smallest id.

    The result covers ``before + len(ids)`` texts; the first ``before`` keep
    their order (a previous release's texts, which always survive).
    """
    order = np.lexsort((np.array(ids, dtype=str), -lengths)) if len(ids) else np.zeros(0, int)
    rank = np.empty(before + len(ids), dtype=np.int64)
    rank[:before] = np.arange(before)
    rank[before + order] = np.arange(before, before + len(ids))
    return rank


def deduplicate(
    sigs: np.ndarray,
    rank: np.ndarray,
    bands: int,
    rows: int,
    threshold: float | None,
    shingle_sets: ShingleSets | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return each text's survivor index and its estimated Jaccard to it (stages 4 to 7).

    With ``threshold`` None, every candidate pair counts (no verification);
    ``shingle_sets`` makes verification use true Jaccard similarities.
    """
    pairs = candidate_pairs(sigs, bands, rows, rank)
    return resolve(pairs, sigs, rank, threshold, shingle_sets)


def resolve(
    pairs: np.ndarray,
    sigs: np.ndarray,
    rank: np.ndarray,
    threshold: float | None,
    shingle_sets: ShingleSets | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return survivors and similarities from the distinct candidate ``pairs`` (stages 6 and 7)."""
    if threshold is not None:
        pairs = verify(pairs, sigs, threshold, shingle_sets)
    survivor = clusters(pairs, rank)
    similarity = np.ones(len(rank))
    moved = np.flatnonzero(survivor != np.arange(len(rank)))
    for start in range(0, len(moved), 65536):
        part = moved[start : start + 65536]
        similarity[part] = (sigs[part] == sigs[survivor[part]]).mean(axis=1)
    return survivor, similarity


class LocalStages:
    """Runs the parallel stages in this process: signatures on threads, pairs band by band.

    The deduper calls its heavy stages through this object, so an executor
    can swap in one that runs the same functions elsewhere with the same result.
    """

    def __init__(self, threads: int) -> None:
        self.threads = threads

    def sketch(self, signatures, batches):
        """Yield ``signatures(batch)`` for every batch, in order, a few batches ahead."""
        with ThreadPoolExecutor(self.threads) as pool:
            yield from bounded_map(pool, signatures, batches, 2 * self.threads)

    def candidate_pairs(self, sigs: np.ndarray, bands: int, rows: int, rank: np.ndarray):
        """Return the distinct candidate pairs (see the module-level ``candidate_pairs``)."""
        return candidate_pairs(sigs, bands, rows, rank)


def cluster_report(survivor: np.ndarray, before: int = 0) -> dict:
    """Return how many clusters of each size there are among texts from index ``before`` on."""
    sizes = np.bincount(survivor, minlength=len(survivor))
    clustered = sizes[sizes > 1]
    histogram = np.bincount(clustered) if len(clustered) else np.zeros(0, int)
    removed = int(np.count_nonzero(survivor[before:] != np.arange(before, len(survivor))))
    return {
        "texts": len(survivor) - before,
        "removed": removed,
        "clusters": len(clustered),
        "largest_cluster": int(clustered.max()) if len(clustered) else 1,
        "cluster_sizes": {str(size): int(n) for size, n in enumerate(histogram) if n},
    }
