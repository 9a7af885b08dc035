"""Remove near-duplicates with MinHash LSH, Chinese-aware (recipe: ``- dedupe: minhash``).

Each record's ``fields`` are folded (NFKC width, case, optionally 繁 → 简),
cut into shingles chosen by language (character n-grams for Chinese, word
n-grams otherwise; ``shingles`` overrides) and sketched into datasketch
compatible signatures, in vectorised batches on ``threads`` threads.
Candidates come from datasketch's optimal bands for ``threshold``; with
``verify`` a candidate pair is kept only if its estimated Jaccard reaches the
threshold. Kept pairs are joined into clusters.

Survivor rule: of each cluster the record with the longest ``output`` (the
longest deduped text if there is none) survives, ties going to the smallest
id; records of a previous release (``against``) always win. Ranks come from
content only, so survivors do not depend on input order or worker count.

Short texts: a text with fewer tokens than the shingle size is one shingle
(never dropped, never an error); an empty text has no shingle and is never
merged (the exact deduper handles those). ``templates`` are regular
expressions removed from each folded field first, so that 「如何…？」 or
"how do i …?" wrappers shared by many records do not pull them together.

Memory: records wait in a pickle spool in ``workdir``; only signatures
(``num_perm`` × 4 bytes per record), ids and lengths stay in memory, and the
band index is built one band at a time.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from zhiling import RecipeError, Record, batched, hookimpl
from zhiling.plugins.dedupers import _minhash_engine as engine
from zhiling.plugins.dedupers._minhash_index import (
    Spool,
    load_index,
    release_records,
    save_index,
)
from zhiling.plugins.dedupers._normalise import PUNCTUATION_AND_SPACE, fold

DEFAULT_SHINGLES = {"zh": "char:3", "ja": "char:3", "ko": "char:3", "*": "word:3"}
DEFAULT_TEMPLATES = [r"^(?:如何|怎样|怎么)", r"[？?]$", r"^how (?:do|can) i\b", r"^how to\b"]


class MinHashDeduper:
    """Keep one record per cluster of near-duplicate ``fields`` (see the module docstring)."""

    def __init__(
        self,
        *,
        threshold: float = 0.5,
        num_perm: int = 128,
        seed: int = 1,
        fields: list[str] | None = None,
        lang_field: str = "lang",
        shingles: dict[str, str] | None = None,
        templates: list[str] | None = None,
        traditional_to_simplified: bool = True,
        verify: bool = True,
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
            self.shingles = {k: engine.Shingles.parse(v) for k, v in (shingles or {}).items()}
        except ValueError as exc:
            raise RecipeError(str(exc)) from exc
        for lang, spec in DEFAULT_SHINGLES.items():
            self.shingles.setdefault(lang, engine.Shingles.parse(spec))
        self.fields = list(fields or ["instruction", "output"])
        self.templates = [
            re.compile(t) for t in (DEFAULT_TEMPLATES if templates is None else templates)
        ]
        self.threshold, self.verify, self.num_perm, self.seed = threshold, verify, num_perm, seed
        self.lang_field, self.simplify, self.hook = lang_field, traditional_to_simplified, hook
        self.against = [base_dir / path for path in against or []]
        self.save_index = base_dir / save_index if save_index else None
        self.batch_size, self.threads = batch_size, threads or min(4, os.cpu_count() or 1)
        self.workdir = workdir
        #: The parallel stages; an executor may replace them (same functions, run elsewhere).
        self.stages = engine.LocalStages(self.threads)
        self.bands, self.rows = engine.optimal_bands(threshold, num_perm)
        self.settings = {
            "num_perm": num_perm,
            "seed": seed,
            "fields": self.fields,
            "shingles": {k: f"{s.unit}:{s.n}" for k, s in sorted(self.shingles.items())},
            "templates": [t.pattern for t in self.templates],
            "traditional_to_simplified": self.simplify,
        }
        self._removed: list[tuple[Record, str]] = []
        self._report: dict = {}

    def text(self, record: Record, unit: str) -> str:
        """Return the folded, template-stripped text of ``record`` that is shingled."""
        parts = []
        for field in self.fields:
            value = fold(str(record.get(field) or ""), simplify=self.simplify).strip()
            for template in self.templates:
                value = template.sub("", value).strip()
            parts.append(PUNCTUATION_AND_SPACE.sub("", value) if unit == "char" else value)
        return "\n".join(parts)

    def _shingles_of(self, record: Record) -> engine.Shingles:
        lang = str(record.get(self.lang_field) or "").split("-")[0].lower()
        return self.shingles.get(lang, self.shingles["*"])

    def signatures(self, records: list[Record]) -> np.ndarray:
        """Return the signatures of ``records``, grouped by shingle kind within the batch."""
        a, b = engine.permutations(self.num_perm, self.seed)
        result = np.empty((len(records), self.num_perm), dtype=np.uint32)
        groups: dict[engine.Shingles, list[int]] = {}
        for index, record in enumerate(records):
            groups.setdefault(self._shingles_of(record), []).append(index)
        for shingles, members in groups.items():
            texts = [self.text(records[i], shingles.unit) for i in members]
            result[members] = engine.text_signatures(
                texts, shingles, a, b, self._stopwords(shingles)
            )
        return result

    def _stopwords(self, shingles: engine.Shingles) -> frozenset[str]:
        if shingles.unit != "jieba":
            return frozenset()
        return frozenset(self.hook.stopwords_for_language(language="zh") or ())

    def _sketch_all(self, records: Iterable[Record], spool: Spool | None):
        ids: list[str] = []
        lengths: list[int] = []

        def batches() -> Iterator[list[Record]]:
            for batch in batched(records, self.batch_size):
                for record in batch:
                    ids.append(str(record["id"]))
                    lengths.append(len(str(record.get("output") or self.text(record, "word"))))
                    if spool is not None:
                        spool.add(record)
                yield batch

        parts = list(self.stages.sketch(self.signatures, batches()))
        sigs = np.concatenate([np.zeros((0, self.num_perm), np.uint32), *parts])
        return ids, np.array(lengths, dtype=np.int64), sigs

    def _previous(self) -> tuple[list[str], np.ndarray]:
        ids: list[str] = []
        parts = [np.zeros((0, self.num_perm), np.uint32)]
        for path in self.against:
            if path.is_dir():
                columns = ["id", self.lang_field, "output", *self.fields]
                found, _, sigs = self._sketch_all(release_records(path, columns), None)
            elif path.is_file():
                found, sigs = load_index(path, self.settings)
            else:
                raise RecipeError(f"'against' names {path}, which does not exist")
            ids.extend(found)
            parts.append(sigs)
        return ids, np.concatenate(parts)

    def __call__(self, records: Iterable[Record]) -> Iterator[Record]:
        spool = Spool(self.workdir / f"minhash-spool-{os.getpid()}-{id(self)}.pickle")
        ids, lengths, sigs = self._sketch_all(records, spool)
        old_ids, old_sigs = self._previous()
        rank = engine.priority_rank(ids, lengths, len(old_ids))
        every_sig = np.concatenate([old_sigs, sigs])
        pairs = self.stages.candidate_pairs(every_sig, self.bands, self.rows, rank)
        threshold = self.threshold if self.verify else None
        survivor, similarity = engine.resolve(pairs, every_sig, rank, threshold)
        everyone = old_ids + ids
        sizes = Counter(survivor.tolist())
        for index, record in enumerate(spool, start=len(old_ids)):
            chosen = int(survivor[index])
            if chosen == index:
                yield record
                continue
            record.setdefault("meta", {})["dedup"] = {
                "cluster": f"minhash:{everyone[chosen]}",
                "survivor": everyone[chosen],
                "cluster_size": sizes[chosen],
                "similarity": round(float(similarity[index]), 4),
            }
            reason = "in_previous_release" if chosen < len(old_ids) else "near_duplicate"
            self._removed.append((record, reason))
        self._report = engine.cluster_report(survivor, len(old_ids))
        self._report.update(bands=self.bands, rows=self.rows, threshold=self.threshold)
        if self.save_index is not None:
            kept = np.flatnonzero(
                survivor[len(old_ids) :] == np.arange(len(old_ids), len(everyone))
            )
            save_index(self.save_index, [ids[i] for i in kept], sigs[kept], self.settings)

    def removed(self) -> Iterable[tuple[Record, str]]:
        return self._removed

    def report(self) -> dict:
        """Return cluster-size statistics and the LSH settings, for the release manifest."""
        return {**self._report, "settings": self.settings}


@hookimpl
def register_dedupers(register):
    register("minhash", MinHashDeduper)
