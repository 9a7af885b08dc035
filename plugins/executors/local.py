"""Run shards in local worker processes, one per core by default."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from zhiling import RecipeError, hookimpl

T = TypeVar("T")


class LocalExecutor:
    """Map shards over ``workers`` processes; with one worker the caller runs in-process.

    Workers are started with ``spawn`` so that none inherits locks held by the
    parent's threads (Arrow and tokenizers start thread pools).
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
        with ProcessPoolExecutor(max_workers=min(self.workers, count), mp_context=context) as pool:
            futures = [pool.submit(task, index, count) for index in range(count)]
            return [future.result() for future in futures]


@hookimpl
def register_executors(register):
    register("local", LocalExecutor)
