"""Run shards in local worker processes, one per core by default."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from zhiling import RecipeError, die_with_parent, hookimpl

T = TypeVar("T")


class LocalExecutor:
    """Map shards over ``workers`` processes; with one worker the caller runs in-process.

    Workers are started with ``spawn`` so that none inherits locks held by the
    parent's threads (Arrow and tokenizers start thread pools). They die with
    the parent, and if the parent stops early (Ctrl-C, an error in another
    shard) it ends them rather than waiting for their shards to finish.
    """

    def __init__(self, *, workers: int | None = None) -> None:
        if workers is not None and workers < 1:
            raise RecipeError(f"workers must be at least 1, got {workers}")
        self.workers = workers or os.cpu_count() or 1

    @property
    def parallelism(self) -> int:
        return self.workers

    def map_shards(self, task: Callable[[int, int], T], count: int) -> list[T]:
        context = multiprocessing.get_context("spawn")
        before = set(multiprocessing.active_children())
        pool = ProcessPoolExecutor(
            max_workers=min(self.workers, count), mp_context=context, initializer=die_with_parent
        )
        try:
            futures = [pool.submit(task, index, count) for index in range(count)]
            results = [future.result() for future in futures]
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            for worker in set(multiprocessing.active_children()) - before:
                worker.terminate()
            raise
        pool.shutdown()
        return results


@hookimpl
def register_executors(register):
    register("local", LocalExecutor)
