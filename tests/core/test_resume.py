"""``zhiling run --resume``: a run killed mid-way is finished from its cached work folder.

A real ``zhiling run --workers 2`` is killed with SIGKILL once its first shard
has finished and while the second is held back; the resumed run reuses the
first shard, and its release is byte-identical to an uninterrupted run's.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import HeldRun
from zhiling.errors import ReleaseError
from zhiling.workdir import runs_folder, work_folder

RELEASE = Path("releases/held/1.0.0")


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_killed_run_resumes_to_the_release_of_an_uninterrupted_run(held_run: HeldRun, tmp_path):
    straight = Path(shutil.copytree(held_run.project, tmp_path / "straight"))
    done = held_run.run("run", "recipe.yaml", "--workers", "2", cwd=straight)
    assert done.returncode == 0, done.stderr
    assert list(held_run.cache.glob("runs/*")) == [], "a successful run keeps no work folder"

    killed = held_run.start()
    os.kill(killed.pid, signal.SIGKILL)
    killed.communicate(timeout=30)
    assert not (held_run.project / RELEASE).exists()
    listed = held_run.run("cache")
    assert "1 work folder(s)" in listed.stdout
    assert "1 shard(s) finished  not running" in listed.stdout

    held_run.release()
    resumed = held_run.run("run", "recipe.yaml", "--workers", "2", "--resume", "--keep-work")

    assert resumed.returncode == 0, resumed.stderr
    assert "resuming: reusing shard(s) 1 of 2" in resumed.stderr
    assert files_of(held_run.project / RELEASE) == files_of(straight / RELEASE)
    kept = held_run.run("cache")
    assert "2 shard(s) finished  not running" in kept.stdout
    cleared = held_run.run("cache", "clear")
    assert cleared.stdout.startswith("removed 1 work folder(s)")
    assert list(held_run.cache.glob("runs/*")) == []


def leftovers(root: Path, key: str) -> Path:
    """Return a work folder as a killed run leaves it: shard 0 finished, shard 1 half-written."""
    folder = runs_folder(root) / key
    folder.mkdir(parents=True)
    for name in ("records-00000", "stats-00000", "partial-1a2b-records-00001", "spool-all.parquet"):
        (folder / name).write_bytes(b"from the killed run")
    (folder / "owner").write_text(str(dead_pid()), encoding="utf-8")
    return folder


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_resume_keeps_only_finished_shards_and_a_plain_run_starts_over(tmp_path):
    folder = leftovers(tmp_path, "k")
    with work_folder(tmp_path, "k", resume=True, keep=True) as work:
        assert sorted(p.name for p in work.iterdir()) == ["owner", "records-00000", "stats-00000"]
        assert (work / "owner").read_text() == str(os.getpid())
    with work_folder(tmp_path, "k", resume=False, keep=False) as work:
        assert sorted(p.name for p in work.iterdir()) == ["owner"]
    assert not folder.exists(), "removed after a successful run"


def test_a_work_folder_in_use_by_a_live_run_is_refused(tmp_path):
    folder = leftovers(tmp_path, "k")
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (folder / "owner").write_text(str(live.pid), encoding="utf-8")
        refused = pytest.raises(ReleaseError, match=f"another run \\(PID {live.pid}\\)")
        with refused, work_folder(tmp_path, "k", resume=True, keep=False):
            pass
    finally:
        live.kill()
        live.wait()
    assert (folder / "stats-00000").exists(), "a refused run touches nothing"
