"""``zhiling run --resume``: a run killed mid-way is finished from its cached work folder.

A real ``zhiling run --workers 2`` is killed with SIGKILL once its first shard
has finished and while the second is held back; the resumed run reuses the
first shard, and its release is byte-identical to an uninterrupted run's.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

from tests.conftest import HeldRun

RELEASE = Path("releases/held/1.0.0")


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_killed_run_resumes_to_the_release_an_uninterrupted_run_makes(
    held_run: HeldRun, tmp_path
):
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
    resumed = held_run.run("run", "recipe.yaml", "--workers", "2", "--resume")

    assert resumed.returncode == 0, resumed.stderr
    assert "resuming: reusing shard(s) 1 of 2" in resumed.stderr
    assert files_of(held_run.project / RELEASE) == files_of(straight / RELEASE)
    assert list(held_run.cache.glob("runs/*")) == []


def test_without_resume_a_run_starts_over_and_keep_work_keeps_the_folder(held_run: HeldRun):
    killed = held_run.start()
    os.kill(killed.pid, signal.SIGKILL)
    killed.communicate(timeout=30)
    held_run.release()

    again = held_run.run("run", "recipe.yaml", "--workers", "2", "--keep-work")

    assert again.returncode == 0, again.stderr
    assert "resuming" not in again.stderr
    kept = held_run.run("cache")
    assert "1 work folder(s)" in kept.stdout
    assert "2 shard(s) finished  not running" in kept.stdout
    cleared = held_run.run("cache", "clear")
    assert cleared.stdout.startswith("removed 1 work folder(s)")
    assert list(held_run.cache.glob("runs/*")) == []
