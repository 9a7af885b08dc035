"""Keep related records in one split (recipe: ``- dedupe: split-groups``).

A seeded hash of each record's id picks its split, so two near-duplicates, or
two questions drawn from one page, land in train and test apart and the test
split measures memory instead of generalisation. This step removes nothing:
it gives every record ``meta["split_group"]``, the smallest id of the group it
belongs to, and the release hashes that instead of the id, so a whole group
goes to one split.

``by`` names what joins records into a group: ``near_duplicate`` (MinHash
clusters of ``fields``, with the same options and folding as the ``minhash``
deduper; default threshold 0.8, 5-character shingles in every language),
``source_passage`` (records of one document whose source spans overlap: two
questions drawn from one paragraph) and ``source_document`` (every record of
one document, ``source.doc_id``: coarse, since a manual held in one page then
goes to one split whole). Groups are the connected components of the chosen
relations; the default is ``[near_duplicate, source_passage]``.

Memory: like ``minhash`` (signatures on disk), plus one small integer and one
document id per record while the groups are joined.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from zhiling import RecipeError, Record, hookimpl
from zhiling.plugins.dedupers._minhash_index import Spool
from zhiling.plugins.dedupers.minhash import MinHashDeduper

RELATIONS = ("near_duplicate", "source_passage", "source_document")


class SplitGrouper(MinHashDeduper):
    """Tag every record with the group whose members must share a split (module docstring)."""

    def __init__(
        self,
        *,
        by: list[str] | None = None,
        threshold: float = 0.8,
        lsh_threshold: float | None = None,
        fields: list[str] | None = None,
        shingles: dict[str, str] | None = None,
        templates: list[str] | None = None,
        hook: Any,
        workdir: Path,
        base_dir: Path,
    ) -> None:
        self.by = list(by or RELATIONS[:2])
        unknown = [name for name in self.by if name not in RELATIONS]
        if unknown or not self.by:
            raise RecipeError(
                f"split-groups: 'by' takes {', '.join(RELATIONS)}, not {', '.join(unknown)}"
            )
        super().__init__(
            threshold=threshold,
            lsh_threshold=lsh_threshold,
            fields=fields,
            shingles=shingles or {"zh": "char:5", "*": "char:5"},
            templates=templates or [],
            hook=hook,
            workdir=workdir,
            base_dir=base_dir,
        )
        self._groups: dict[str, Any] = {}

    def _split(self, spool, dropped, everyone, before, survivor, similarity) -> Iterator[Record]:
        """Join clusters and documents into groups, then yield every record with its group."""
        count = len(survivor) - before
        parent = np.arange(count + 1, dtype=np.int64).tolist()

        def root(node: int) -> int:
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        def join(left: int, right: int) -> None:
            left, right = root(left), root(right)
            if left != right:
                parent[max(left, right)] = min(left, right)

        if "near_duplicate" in self.by:
            for index in range(count):
                join(index, int(survivor[before + index]) - before)
        first_of_document: dict[str, int] = {}
        extents: dict[str, list[tuple[int, int, int]]] = {}
        held = Spool(self.workdir / f"split-groups-{os.getpid()}-{id(self)}.pickle")
        batch: list[Record] = []
        for index, record in enumerate(spool):
            document = (record.get("source") or {}).get("doc_id")
            if "source_document" in self.by and document:
                join(index, first_of_document.setdefault(document, index))
            spans = (record.get("source") or {}).get("spans") or []
            if "source_passage" in self.by and document and spans:
                extent = (min(s[0] for s in spans), max(s[1] for s in spans), index)
                extents.setdefault(document, []).append(extent)
            batch.append(record)
            if len(batch) >= 1024:
                held.add(batch)
                batch = []
        held.add(batch)
        for found in extents.values():
            _join_overlapping(found, join)
        ids = everyone[before:]
        smallest: dict[int, str] = {}
        for index in range(count):
            top = root(index)
            if top not in smallest or ids[index] < smallest[top]:
                smallest[top] = ids[index]
        sizes = np.bincount([root(index) for index in range(count)], minlength=count + 1)
        self._groups = {
            "groups": len(smallest),
            "grouped_records": int(sizes[sizes > 1].sum()),
            "largest_group": int(sizes.max()) if count else 0,
            "by": self.by,
        }
        for index, record in enumerate(held):
            record.setdefault("meta", {})["split_group"] = smallest[root(index)]
            yield record

    def report(self) -> dict:
        """Return how many groups there are and how large, with the MinHash settings."""
        return {**self._groups, "threshold": self.threshold, "settings": self.settings}

    def cluster_sizes(self) -> dict[int, int]:
        """Nothing is removed, so there are no duplicate groups to draw."""
        return {}


def _join_overlapping(extents: list[tuple[int, int, int]], join) -> None:
    """Join the records of one document whose ``(start, end, index)`` extents overlap."""
    extents.sort()
    reach, last = -1, -1
    for start, end, index in extents:
        if start < reach:
            join(last, index)
        if end > reach:
            reach, last = end, index


@hookimpl
def register_dedupers(register):
    register("split-groups", SplitGrouper)
