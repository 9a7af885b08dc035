"""Clean faults: a run that is killed, interrupted or runs out of space leaves nothing behind.

Real runs in subprocesses: killed with SIGKILL (its workers must follow),
interrupted with SIGINT as a terminal's Ctrl-C does (one line, status 130),
and writing onto a full tmpfs (one line, no partial release). Folders that
killed runs left are removed by the next run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import HeldRun, build
from zhiling.cli import main

linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


def children_of(pid: int) -> set[int]:
    """Return the PIDs of the live (not zombie) processes whose parent is ``pid``."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pids: set[int]) -> set[int]:
    """Return those of ``pids`` that still run (zombies count as gone)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def dead_pid() -> int:
    """Return the PID of a process that has exited."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@linux_only
def test_workers_die_with_their_killed_parent(held_run: HeldRun):
    run = held_run.start()
    workers = children_of(run.pid)
    assert workers, "the run has no worker processes"

    os.kill(run.pid, signal.SIGKILL)
    run.communicate(timeout=30)

    deadline = time.monotonic() + 5
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert alive(workers) == set()


@linux_only
def test_ctrl_c_is_one_line_and_status_130(held_run: HeldRun):
    run = held_run.start()
    workers = children_of(run.pid)

    os.killpg(run.pid, signal.SIGINT)  # a terminal signals the whole foreground group
    _, stderr = run.communicate(timeout=60)

    assert run.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.splitlines()[-1] == "Error: interrupted"
    deadline = time.monotonic() + 5
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert alive(workers) == set()
    assert not (held_run.project / "releases").exists()


def test_the_next_run_removes_what_killed_runs_left(tmp_path, monkeypatch):
    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch_root))
    dead = dead_pid()
    stale_scratch = scratch_root / f"zhiling-run-{dead}-x1y2"
    live_scratch = scratch_root / f"zhiling-run-{os.getpid()}-other"
    for folder in (stale_scratch, live_scratch):
        (folder / "records-00000").parent.mkdir()
        (folder / "records-00000").write_bytes(b"left behind")
    versions = tmp_path / "releases" / "audited"
    stale_partial = versions / f".1.0.0.partial-{dead}"
    stale_partial.mkdir(parents=True)
    (tmp_path / "docs.txt").write_text(
        "To open a file, choose Open in the File menu and select the file.\n", encoding="utf-8"
    )
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text(
        "name: audited\nversion: 1.0.0\n"
        "sources:\n  - read: text-files\n    paths: [docs.txt]\n    lang: en\n"
        "    license: CC0-1.0\n"
        "steps:\n  - segment: regex-words\n  - extract: purpose-method\n",
        encoding="utf-8",
    )

    build(recipe, tmp_path, workers=1)

    assert not stale_scratch.exists()
    assert not stale_partial.exists()
    assert live_scratch.exists(), "a folder of a live process is not touched"
    assert sorted(p.name for p in versions.iterdir()) == ["1.0.0"]


def fill(handle: int) -> None:
    """Write zeros to ``handle`` until the file system is full."""
    while True:
        os.write(handle, b"\0" * 4096)


@pytest.fixture
def full_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """Return a tiny tmpfs filled to the last byte; needs root to mount."""
    mount = tmp_path / "full"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        handle = os.open(mount / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            with pytest.raises(OSError, match="No space left on device"):
                fill(handle)
        finally:
            os.close(handle)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_line_and_leaves_no_partial_release(held_run: HeldRun, full_tmpfs):
    held_run.release()
    recipe = held_run.project / "recipe.yaml"
    recipe.write_text(
        recipe.read_text().replace("path: releases", f"path: {full_tmpfs}"), encoding="utf-8"
    )

    done = held_run.run("run", "recipe.yaml", "--workers", "1")

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    error = done.stderr.splitlines()[-1]
    assert error.startswith("Error: ")
    assert "No space left on device" in error
    assert not (full_tmpfs / "held" / "1.0.0").exists()
    assert [p.name for p in full_tmpfs.rglob("*") if p.is_file()] == ["filler"]
    assert list(full_tmpfs.rglob(".*partial*")) == []


def test_a_full_cache_is_one_line(held_run: HeldRun, full_tmpfs):
    held_run.release()
    env = {**held_run.env, "ZHILING_CACHE_DIR": str(full_tmpfs)}

    done = subprocess.run(
        [sys.executable, "-m", "zhiling.cli", "run", "recipe.yaml", "--workers", "1"],
        cwd=held_run.project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1].startswith("Error: [Errno 28] No space left on device")
    assert not (held_run.project / "releases").exists()


def test_a_full_tmpdir_is_one_line_and_verify_says_error(
    quickstart_release, full_tmpfs, monkeypatch, capsys
):
    monkeypatch.setattr(tempfile, "tempdir", str(full_tmpfs))

    status = main(["verify", str(quickstart_release), "--workers", "1"])

    assert status == 2
    error = capsys.readouterr().err
    # One error line, after at most the progress line of the stage that stopped.
    assert "Traceback" not in error
    assert [line for line in error.splitlines() if not line.startswith("map: ")] == [
        error.splitlines()[-1]
    ]
    assert error.splitlines()[-1].startswith("Error: [Errno 28] No space left on device")
