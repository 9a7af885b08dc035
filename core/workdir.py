"""Work folders of runs, kept in a cache so that a run that dies can be resumed.

A run's folder is named by a key over everything its shards' outputs depend
on: the recipe's hash, the plugins it uses and their versions, the inputs'
checksums, the shard count and whether dropped records are kept. A shard
marks itself finished by writing its counts last (``stats-NNNNN``), after its
spools were renamed into place, so ``--resume`` reuses exactly the shards
that finished and redoes the others; the release, sorted by id, does not
depend on which run made which shard. The folder is removed after a
successful run unless it is asked to be kept.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhiling.errors import ReleaseError
from zhiling.faults import pid_alive, remove_dead
from zhiling.pipeline import StepStats

logger = logging.getLogger(__name__)

CACHE_VARIABLE = "ZHILING_CACHE_DIR"
#: The start of scratch folders' names, followed by the PID of the run.
SCRATCH_PREFIX = "zhiling-run-"
#: The file naming the PID of the run using a work folder.
OWNER = "owner"
#: What a finished shard leaves: its record and dropped spools and its counts.
SHARD_FILE = re.compile(r"(records|dropped|stats)-(\d{5})")


def cache_root() -> Path:
    """Return ``$ZHILING_CACHE_DIR``, or ``zhiling`` in ``$XDG_CACHE_HOME`` or ``~/.cache``."""
    if os.environ.get(CACHE_VARIABLE):
        return Path(os.environ[CACHE_VARIABLE]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "zhiling"


def runs_folder(root: Path | None = None) -> Path:
    """Return the folder holding the work folders of runs."""
    return (root or cache_root()) / "runs"


def run_key(manifest_keys: dict[str, Any], count: int, keep_dropped: bool) -> str:
    """Return the work folder name of a run: a hash of what its shards' outputs depend on."""
    given = {**manifest_keys, "shards": count, "keep_dropped": keep_dropped}
    return hashlib.sha256(json.dumps(given, sort_keys=True).encode()).hexdigest()[:24]


def stats_path(workdir: Path, index: int) -> Path:
    """Return where shard ``index`` writes its counts once its spools are in place."""
    return workdir / f"stats-{index:05d}"


def finished_stats(workdir: Path, index: int) -> list[StepStats] | None:
    """Return the counts of shard ``index`` if an earlier attempt finished it, else None."""
    path = stats_path(workdir, index)
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        stats: list[StepStats] = pickle.load(handle)
    return stats


def write_stats(workdir: Path, index: int, stats: list[StepStats], partial: Path) -> None:
    """Write a shard's counts under ``partial``, then rename them into place: it is finished."""
    with partial.open("wb") as handle:
        pickle.dump(stats, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, stats_path(workdir, index))


def _clear(folder: Path, *, resume: bool) -> None:
    """Empty ``folder`` but for its owner file and, if ``resume``, the finished shards' files."""
    found = {p.name: SHARD_FILE.fullmatch(p.name) for p in folder.iterdir()}
    finished = {m[2] for m in found.values() if m and m[1] == "stats"} if resume else set()
    for name, match in found.items():
        if name == OWNER or (match and match[2] in finished):
            continue
        entry = folder / name
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _claim(folder: Path) -> None:
    """Write this run's PID into ``folder``, refusing a folder a live run is using."""
    owner = folder / OWNER
    try:
        pid = int(owner.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pid = 0
    if pid and pid != os.getpid() and pid_alive(pid):
        raise ReleaseError(
            f"another run (PID {pid}) is building the same recipe and inputs in {folder}; "
            "wait for it to finish"
        )
    owner.write_text(str(os.getpid()), encoding="utf-8")


@contextmanager
def work_folder(root: Path, key: str, *, resume: bool, keep: bool) -> Iterator[Path]:
    """Yield the work folder ``root/runs/key``, reusing finished shards if ``resume``.

    Without ``resume`` whatever an earlier run left is removed first. On
    success the folder is removed unless ``keep``; on failure it stays for
    ``--resume``, and ``zhiling cache`` lists and clears it.
    """
    folder = runs_folder(root) / key
    folder.mkdir(parents=True, exist_ok=True)
    _claim(folder)
    _clear(folder, resume=resume)
    try:
        yield folder
    except BaseException:
        (folder / OWNER).unlink(missing_ok=True)
        raise
    if keep:
        (folder / OWNER).unlink(missing_ok=True)
    else:
        shutil.rmtree(folder)


def open_work(
    given: dict[str, Any],
    count: int,
    keep_dropped: bool,
    *,
    root: str | None,
    cache: Path | None,
    resume: bool,
    keep: bool,
) -> AbstractContextManager[Path]:
    """Return the run's work folder: in the cache if asked, else a scratch folder of this PID.

    ``given`` is what the manifest records about the build (recipe hash,
    components, input checksums); ``root`` is a folder the executor's workers
    share, used instead of the system's temporary folder and the cache.
    Scratch folders carry their PID, so those of killed runs are removed
    here, by the next run.
    """
    if cache is None and not resume and not keep:
        scratch_root = Path(root or tempfile.gettempdir())
        remove_dead(scratch_root, SCRATCH_PREFIX + r"(?P<pid>\d+)-.*")
        return _scratch(f"{SCRATCH_PREFIX}{os.getpid()}-", root)
    key = run_key(given, count, keep_dropped)
    # Workers on other machines can only write where the executor says they all can.
    home = Path(root) if root else (cache or cache_root())
    folder = work_folder(home, key, resume=resume, keep=keep)
    return _logged(folder, count) if resume else folder


@contextmanager
def _scratch(prefix: str, root: str | None) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix=prefix, dir=root) as name:
        yield Path(name)


@contextmanager
def _logged(folder: AbstractContextManager[Path], count: int) -> Iterator[Path]:
    """Say which shards an earlier run finished, then use the folder."""
    with folder as workdir:
        reused = [str(index + 1) for index in range(count) if stats_path(workdir, index).is_file()]
        if reused:
            logger.info("resuming: reusing shard(s) %s of %d", ", ".join(reused), count)
        else:
            logger.info("resuming: no shard of an earlier run finished; starting over")
        yield workdir


@dataclass(frozen=True)
class CachedRun:
    """A work folder in the cache: its key, size, finished shards and the PID using it."""

    path: Path
    nbytes: int
    finished: int
    owner: int | None

    def __str__(self) -> str:
        state = f"in use by PID {self.owner}" if self.owner else "not running"
        size = f"{self.nbytes / 2**20:.1f} MiB"
        return f"{self.path.name}  {size}  {self.finished} shard(s) finished  {state}"


def cached_runs(root: Path | None = None) -> list[CachedRun]:
    """Return the work folders in the cache, sorted by name."""
    folder = runs_folder(root)
    found = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        files = [p for p in path.rglob("*") if p.is_file()]
        try:
            pid: int | None = int((path / OWNER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pid = None
        alive = pid if pid is not None and pid_alive(pid) else None
        finished = sum(1 for p in path.glob("stats-*"))
        found.append(CachedRun(path, sum(p.stat().st_size for p in files), finished, alive))
    return found


def clear_runs(root: Path | None = None) -> list[CachedRun]:
    """Remove every work folder no live run is using; return the removed ones."""
    removed = []
    for run in cached_runs(root):
        if run.owner is None:
            shutil.rmtree(run.path)
            removed.append(run)
    return removed
