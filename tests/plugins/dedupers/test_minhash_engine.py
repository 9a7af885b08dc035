import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH

from zhiling.plugins.dedupers import _minhash_engine as engine

TEXTS = ["要更新本地的软件包列表请运行aptupdate", "中", "", "apt update now, please", "ab"]


@pytest.mark.parametrize(("unit", "n"), [("char", 2), ("char", 5), ("word", 2)])
def test_signatures_equal_datasketch_minhash_with_the_same_shingles(unit, n):
    a, b = engine.permutations(64, 3)
    tokens, counts = engine.tokens(TEXTS, unit)
    hashes, shingle_counts = engine.shingle_hashes(tokens, counts, n)
    sigs = engine.signatures(hashes, shingle_counts, a, b)
    start = 0
    for row, count in zip(sigs, counts, strict=True):
        values = [int(t) for t in tokens[start : start + count]]
        start += count
        shingles = [values[i : i + n] for i in range(max(len(values) - n + 1, 1))] if values else []
        reference = MinHash(num_perm=64, seed=3, hashfunc=engine.shingle_hash)
        if shingles:
            reference.update_batch(shingles)
        assert np.array_equal(reference.hashvalues, row)
        lean = LeanMinHash(seed=3, hashvalues=row, scheme="affine32")
        assert lean.jaccard(LeanMinHash(reference)) == 1.0


def test_word_tokens_hash_like_the_scalar_word_hash():
    tokens, counts = engine.tokens(["Install x86_64 软件 now"], "word")
    words = ["Install", "x86_64", "软", "件", "now"]
    assert counts.tolist() == [5]
    assert tokens.tolist() == [engine.word_hash(w) for w in words]


def test_short_text_is_one_shingle_and_empty_text_none():
    tokens, counts = engine.tokens(["中", "", "中文字"], "char")
    hashes, shingle_counts = engine.shingle_hashes(tokens, counts, 5)
    assert shingle_counts.tolist() == [1, 0, 1]
    assert hashes[0] == engine.shingle_hash([ord("中")])
    sigs = engine.signatures(hashes, shingle_counts, *engine.permutations(16, 1))
    assert (sigs[1] == engine.EMPTY).all()
    assert not (sigs[0] == engine.EMPTY).all()


def test_bands_are_datasketch_optimal_parameters():
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    assert engine.optimal_bands(0.5, 128) == (lsh.b, lsh.r)


def test_clusters_pick_the_smallest_rank_whatever_the_input_order():
    rng = np.random.default_rng(5)
    base = rng.integers(0, 2**32, size=(3, 32), dtype=np.uint64).astype(np.uint32)
    sigs = np.repeat(base, 3, axis=0)  # three clusters of three identical signatures
    sigs[1, :4] += 1  # a near, not exact, copy
    rank = np.array([4, 2, 7, 0, 8, 5, 1, 3, 6])
    survivor, _ = engine.deduplicate(sigs, rank, 8, 4, 0.8)
    assert survivor.tolist() == [1, 1, 1, 3, 3, 3, 6, 6, 6]
    shuffle = rng.permutation(9)
    moved, _ = engine.deduplicate(sigs[shuffle], rank[shuffle], 8, 4, 0.8)
    assert shuffle[moved].tolist() == survivor[shuffle].tolist()


def test_verification_drops_candidates_below_the_threshold():
    sigs = np.array([[1, 2, 3, 4], [1, 2, 9, 9], [1, 2, 3, 9]], dtype=np.uint32)
    pairs = np.array([[0, 1], [0, 2]])
    assert engine.verify(pairs, sigs, 0.75).tolist() == [[0, 2]]


def test_empty_signatures_never_pair():
    sigs = np.full((3, 8), engine.EMPTY, dtype=np.uint32)
    assert len(engine.candidate_pairs(sigs, 4, 2, np.arange(3))) == 0


def test_cluster_report_counts_sizes():
    report = engine.cluster_report(np.array([0, 0, 0, 3, 3, 5]))
    assert report["clusters"] == 2
    assert report["removed"] == 3
    assert report["cluster_sizes"] == {"2": 1, "3": 1}
    assert report["largest_cluster"] == 3
