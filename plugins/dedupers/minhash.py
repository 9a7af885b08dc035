"""Remove near-duplicates with MinHash LSH, Chinese-aware (recipe: ``- dedupe: minhash``).

Each record's ``fields`` are folded (NFKC width, case, optionally 繁 → 简),
cut into shingles chosen by the language in ``lang_field`` and sketched into
datasketch compatible signatures, in vectorised batches on ``threads``
threads. ``shingles`` maps a language (``*``: any other) to ``unit:n``:
``char`` n-grams (default ``zh``/``ja``: ``char:2``), ``word`` n-grams of a
regular expression (default ``*``: ``word:2``), ``jieba`` word n-grams
without stop words, or ``words`` n-grams of a segmenter's ``words``.
Candidates come from datasketch's optimal bands for ``threshold`` (or for
``lsh_threshold``, lower, to catch more of the pairs just above ``threshold``:
at 0.8 and 128 permutations a pair of Jaccard 0.84 is a candidate only about
two times in three); with
``verify`` (the default) a candidate pair is kept only if its Jaccard
similarity reaches the threshold: estimated from the signatures, or with
``verify: exact`` the true Jaccard of the two shingle sets (kept in a file
in ``workdir``). Kept pairs are joined into clusters.

Survivor rule: of each cluster the record with the longest ``output`` (the
longest ``fields`` if there is none) survives, ties going to the smallest
id; records of a previous release (``against``) always win. Ranks come from
content only, so survivors do not depend on input order or worker count.
Each removed record gets ``meta["dedup"]`` (cluster, survivor id, cluster
size, estimated similarity) and the reason ``near_duplicate``, or
``in_previous_release`` when its survivor comes from ``against``: release
folders or ``.npz`` indexes that ``save_index`` wrote for an earlier run.

Short texts: a text with fewer tokens than the shingle size is one shingle
(never dropped, never an error); an empty text has no shingle and is never
merged (the exact deduper handles those). ``templates`` are regular
expressions removed from each folded field first, so that 「如何…？」 or
"how do i …?" wrappers shared by many records do not pull them together.

Memory: records, and then the removed ones, wait in spools that move to
pickle files in ``workdir`` past 100,000 records; signatures (``num_perm`` ×
4 bytes per record) go to a file that is memory-mapped back; ids and lengths
stay in memory, and the band index is built one band at a time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from zhiling import RecipeError, Record, hookimpl
from zhiling.plugins.dedupers import _minhash_engine as engine
from zhiling.plugins.dedupers._minhash_index import (
    ShingleStore,
    SignatureStore,
    Spool,
    load_index,
    release_records,
    save_index,
    sketch,
)
from zhiling.plugins.dedupers._minhash_text import Sketcher

DEFAULT_TEMPLATES = [r"^(?:如何|怎样|怎么)", r"[？?]$", r"^how (?:do|can) i\b", r"^how to\b"]


class MinHashDeduper:
    """Keep one record per cluster of near-duplicate ``fields`` (see the module docstring)."""

    def __init__(
        self,
        *,
        threshold: float = 0.5,
        lsh_threshold: float | None = None,
        num_perm: int = 128,
        seed: int = 1,
        fields: list[str] | None = None,
        lang_field: str = "lang",
        shingles: dict[str, str] | None = None,
        templates: list[str] | None = None,
        traditional_to_simplified: bool = True,
        verify: bool | str = True,
        against: list[str] | None = None,
        save_index: str | None = None,
        batch_size: int = 8192,
        threads: int | None = None,
        hook,
        workdir: Path,
        base_dir: Path,
    ) -> None:
        if not 0 < threshold <= 1:
            raise RecipeError(f"threshold must be in (0, 1], got {threshold}")
        try:
            self.sketcher = Sketcher(
                fields=list(fields or ["instruction", "output"]),
                lang_field=lang_field,
                shingles=shingles or {},
                templates=DEFAULT_TEMPLATES if templates is None else templates,
                simplify=traditional_to_simplified,
                num_perm=num_perm,
                seed=seed,
                stopwords=lambda: hook.stopwords_for_language(language="zh"),
            )
        except (ValueError, re.error) as exc:
            raise RecipeError(str(exc)) from exc
        modes = {True: "signature", False: "none", "signature": "signature", "exact": "exact"}
        if verify not in modes:
            raise RecipeError(f"verify must be true, false, 'signature' or 'exact', not {verify!r}")
        self.threshold, self.verify, self.num_perm = threshold, modes[verify], num_perm
        self.fields, self.lang_field = self.sketcher.fields, lang_field
        self.against = [base_dir / path for path in against or []]
        missing = [str(path) for path in self.against if not path.exists()]
        if missing:
            raise RecipeError(f"'against' names what does not exist: {', '.join(missing)}")
        self.save_index = base_dir / save_index if save_index else None
        self.batch_size, self.threads = batch_size, threads or min(4, os.cpu_count() or 1)
        self.workdir = workdir
        if lsh_threshold is not None and not 0 < lsh_threshold <= threshold:
            raise RecipeError(f"lsh_threshold must be in (0, threshold], got {lsh_threshold}")
        self.bands, self.rows = engine.optimal_bands(lsh_threshold or threshold, num_perm)
        #: The parallel stages; an executor may replace them (same functions, run elsewhere).
        self.stages = engine.LocalStages(self.threads)
        self.settings = self.sketcher.settings()
        self._removed: Spool | None = None
        self._report: dict = {}

    def signatures(self, batch: list[Record]):
        """Return a batch's signatures, with its shingle sets when verifying exactly.

        Executors that run this stage elsewhere call it on their own rebuilt
        copy of the deduper, so it depends on the recipe's options only.
        """
        return self.sketcher.sketch(batch, self.verify == "exact")

    def _sketch(self, records: Iterable[Record], stores, spool: Spool | None):
        return sketch(
            records, self.signatures, self.sketcher.length, stores, spool,
            batch_size=self.batch_size, stages=self.stages,
        )  # fmt: skip

    def _previous(self, stores: tuple[SignatureStore, ShingleStore | None]) -> list[str]:
        ids: list[str] = []
        for path in self.against:
            if path.is_dir():
                columns = ["id", self.lang_field, "output", *self.fields]
                ids.extend(self._sketch(release_records(path, columns), stores, None)[0])
            else:
                found, sigs = load_index(path, self.settings)
                ids.extend(found)
                stores[0].append(sigs)
                if stores[1] is not None:
                    stores[1].unknown(len(found))
        return ids

    def __call__(self, records: Iterable[Record]) -> Iterator[Record]:
        name = self.workdir / f"minhash-{os.getpid()}-{id(self)}"
        store = SignatureStore(name.with_suffix(".signatures"), self.num_perm)
        shingle_store = (
            ShingleStore(name.with_suffix(".shingles")) if self.verify == "exact" else None
        )
        spool = Spool(name.with_suffix(".pickle"))
        self._removed = dropped = Spool(name.with_suffix(".removed"), once=False)
        opened: list[Any] = [spool, dropped, store, *([shingle_store] if shingle_store else [])]
        try:
            old_ids = self._previous((store, shingle_store))
            ids, lengths = self._sketch(records, (store, shingle_store), spool)
            sigs = store.array()
            rank = engine.priority_rank(ids, lengths, len(old_ids))
            verify_at = None if self.verify == "none" else self.threshold
            sets = shingle_store.sets() if shingle_store else None
            pairs = self.stages.candidate_pairs(sigs, self.bands, self.rows, rank)
            survivor, similarity = engine.resolve(pairs, sigs, rank, verify_at, sets)
        except BaseException:
            for each in opened:
                each.discard()
            raise
        yield from self._split(spool, dropped, old_ids + ids, len(old_ids), survivor, similarity)
        self._report = engine.cluster_report(survivor, len(old_ids))
        self._report.update(bands=self.bands, rows=self.rows, threshold=self.threshold)
        if self.save_index is not None:
            kept = np.flatnonzero(survivor == np.arange(len(survivor)))
            kept = kept[kept >= len(old_ids)]
            save_index(
                self.save_index, [ids[i - len(old_ids)] for i in kept], sigs[kept], self.settings
            )
        for each in opened[2:]:
            each.discard()

    def _split(self, spool, dropped, everyone, before, survivor, similarity) -> Iterator[Record]:
        """Yield the survivors; spool the others with their cluster, survivor and reason."""
        sizes = np.bincount(survivor, minlength=len(survivor))
        removed: list[tuple[Record, str]] = []
        for index, record in enumerate(spool, start=before):
            chosen = int(survivor[index])
            if chosen == index:
                yield record
                continue
            record.setdefault("meta", {})["dedup"] = {
                "cluster": f"minhash:{everyone[chosen]}",
                "survivor": everyone[chosen],
                "cluster_size": int(sizes[chosen]),
                "similarity": round(float(similarity[index]), 4),
            }
            reason = "in_previous_release" if chosen < before else "near_duplicate"
            removed.append((record, reason))
            if len(removed) >= 1024:
                dropped.add(removed)
                removed = []
        dropped.add(removed)

    def removed(self) -> Iterable[tuple[Record, str]]:
        return iter(self._removed) if self._removed is not None else iter(())

    def report(self) -> dict:
        """Return cluster-size statistics and the LSH settings, for the release manifest."""
        return {**self._report, "settings": self.settings}

    def cluster_sizes(self) -> dict[int, int]:
        """Return duplicate-group size → count, which the release report draws."""
        return {int(size): n for size, n in self._report.get("cluster_sizes", {}).items()}


@hookimpl
def register_dedupers(register):
    register("minhash", MinHashDeduper)
