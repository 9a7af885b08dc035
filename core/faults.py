"""Leave nothing behind when a run dies: workers that follow their parent, and stale folders.

A run killed with SIGKILL cannot clean up after itself, so the next run does:
folders carry the PID of the run that made them, and a folder whose run is
gone is removed. Workers ask the kernel to kill them when their parent dies,
so a killed run leaves no process computing for nobody.
"""

from __future__ import annotations

import ctypes
import logging
import os
import re
import shutil
import signal
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

#: ``prctl`` option asking for a signal when the parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1


def pid_alive(pid: int) -> bool:
    """Return whether a process with ``pid`` exists (owned by anyone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def die_with_parent() -> None:
    """Make this worker process die with its parent and leave Ctrl-C to the parent.

    Used as a worker pool's initializer. On Linux the kernel sends SIGKILL when
    the parent dies; elsewhere the parent's own clean-up ends its workers.
    SIGINT is ignored because a terminal sends it to the whole process group:
    the parent reports the interrupt once and ends the workers itself.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        logger.warning("cannot ask to die with the parent: errno %d", ctypes.get_errno())
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def remove_dead(folder: Path, pattern: str) -> list[Path]:
    """Remove the entries of ``folder`` whose name matches ``pattern`` and whose run is dead.

    ``pattern`` is a regular expression with a group named ``pid``. Entries of
    live processes (this one included) are kept; the removed ones are returned.
    """
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    matcher = re.compile(pattern)
    for entry in sorted(folder.iterdir()):
        found = matcher.fullmatch(entry.name)
        if found is None or pid_alive(int(found["pid"])):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        logger.info("removed %s, left by a run that died", entry)
        removed.append(entry)
    return removed
