"""Run the map stage of a recipe as Ray tasks, on a local runtime or an existing cluster.

Each shard is one Ray task that rebuilds the plugins and the recipe from what
is installed on its node, reads its shard of every source and runs the
per-record steps. Results come back in shard order whatever order the tasks
finish in, so the release is the same as the local executor's. A task whose
worker dies is retried (``retries``); a step that raises fails the run at once
with the error, and the record, it names. See ``docs/cluster.md``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from zhiling import PluginError, RecipeError, StepError, ZhilingError, hookimpl

T = TypeVar("T")
logger = logging.getLogger(__name__)


def _run_shard(task: Callable[[int, int], T], index: int, count: int) -> T:
    return task(index, count)


def import_ray() -> Any:
    """Return the ``ray`` module, or say which extra installs it."""
    try:
        import ray
    except ImportError as exc:
        raise PluginError("the ray executor needs Ray: pip install 'zhiling[ray]'") from exc
    return ray


class RayExecutor:
    """Map shards over a Ray cluster: ``address`` is ``auto``, ``ray://host:10001`` or unset.

    Unset, ``RAY_ADDRESS`` is used, else a runtime is started on this machine.
    ``scratch`` names a folder that the driver and every node share; without
    one, shards send their spooled records back through Ray's object store.
    ``shards`` defaults to the cluster's CPUs (at least two: a run of one
    shard stays in the driver process, whatever the executor).
    """

    def __init__(
        self,
        *,
        address: str | None = None,
        shards: int | None = None,
        retries: int = 3,
        cpus_per_shard: float = 1.0,
        scratch: str | None = None,
        runtime_env: dict[str, Any] | None = None,
        dedup_partitions: int | None = None,
    ) -> None:
        if shards is not None and shards < 1:
            raise RecipeError(f"shards must be at least 1, got {shards}")
        if retries < 0:
            raise RecipeError(f"retries must be 0 or more, got {retries}")
        if dedup_partitions is not None and dedup_partitions < 1:
            raise RecipeError(f"dedup_partitions must be at least 1, got {dedup_partitions}")
        if cpus_per_shard <= 0:
            raise RecipeError(f"cpus_per_shard must be positive, got {cpus_per_shard}")
        self.address = address
        self.shards = shards
        self.retries = retries
        self.cpus_per_shard = cpus_per_shard
        self.scratch_root = scratch
        self.runtime_env = runtime_env
        self.dedup_partitions = dedup_partitions

    @property
    def workers_share_scratch(self) -> bool:
        return self.scratch_root is not None

    @property
    def parallelism(self) -> int:
        if self.shards is not None:
            return self.shards
        cpus = int(self.connect().cluster_resources().get("CPU", 1) // self.cpus_per_shard)
        return max(2, cpus)

    def connect(self) -> Any:
        """Return ``ray``, joining the cluster (or starting a local runtime) on first use."""
        ray = import_ray()
        if not ray.is_initialized():
            ray.init(address=self.address, runtime_env=self.runtime_env)
        return ray

    def distribute(self, component: Any, step: Any) -> Any:
        """Run a barrier step's parallel stages on the cluster, if it exposes them as ``stages``.

        The MinHash deduper does; ``step`` lets workers rebuild it. Other
        barrier steps run in the driver, as they would locally.
        """
        if not hasattr(getattr(component, "stages", None), "candidate_pairs"):
            return component
        from zhiling.plugins.executors._ray_dedup import RayStages

        ray = self.connect()
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        partitions = self.dedup_partitions or 2 * cpus
        component.stages = RayStages(
            ray, step, partitions=partitions, in_flight=2 * cpus, retries=self.retries
        )
        logger.info("[ray] step %d runs its parallel stages on the cluster", step.position + 1)
        return component

    def map_shards(self, task: Callable[[int, int], T], count: int) -> list[T]:
        ray = self.connect()
        options = {"runtime_env": self.runtime_env} if self.runtime_env else {}
        remote = ray.remote(_run_shard).options(
            max_retries=self.retries,
            retry_exceptions=False,
            num_cpus=self.cpus_per_shard,
            **options,
        )
        refs = [remote.remote(task, index, count) for index in range(count)]
        shard_of = {ref: index for index, ref in enumerate(refs)}
        results: dict[int, T] = {}
        started = time.monotonic()
        pending = list(refs)
        while pending:
            done, pending = ray.wait(pending, num_returns=1)
            index = shard_of[done[0]]
            try:
                results[index] = ray.get(done[0])
            except Exception as exc:
                for ref in pending:
                    ray.cancel(ref, force=True)
                raise self._failure(ray, exc, index, count) from exc
            logger.info(
                "[ray] shard %d/%d done (%d of %d, %.1fs): %s",
                *(index + 1, count, len(results), count, time.monotonic() - started),
                results[index],
            )
        return [results[index] for index in range(count)]

    def _failure(self, ray: Any, exc: Exception, index: int, count: int) -> ZhilingError:
        where = f"shard {index + 1}/{count} on the Ray cluster"
        if isinstance(exc, ray.exceptions.RayTaskError):
            cause = exc.cause
            if isinstance(cause, ZhilingError):
                return cause
            return StepError(f"{where} failed: {type(cause).__name__}: {cause}")
        return StepError(
            f"{where} failed after {self.retries} retries: {type(exc).__name__}: {exc}"
        )


@hookimpl
def register_executors(register):
    register("ray", RayExecutor)
