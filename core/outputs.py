"""Write a command's output so that a failure loses nothing.

Commands that read a dataset and write a new one (``dedupe``, ``audit
--redact``) write into a hidden temporary sibling of their output and move it
into place only once everything is written. A failed or interrupted run
therefore leaves the previous output as it was and no half-written (say,
half-redacted) copy behind, and the same command can simply be run again. The
sibling lies on the same file system, so the final move is a rename.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from zhiling.errors import ZhilingError


def refuse_overlap(source: Path, output: Path) -> None:
    """Refuse an ``output`` that is ``source``, lies inside it or holds it.

    Both are resolved first, so a symlink or ``..`` cannot hide the overlap.
    """
    src, out = source.resolve(), output.resolve()
    if out == src:
        raise ZhilingError(f"{output}: the output is the input {source}; choose another path")
    if src in out.parents:
        raise ZhilingError(f"{output}: the output lies inside the input {source}")
    if out in src.parents:
        raise ZhilingError(f"{output}: the output folder holds the input {source}")


@contextmanager
def _sibling(output: Path, *, folder: bool) -> Iterator[Path]:
    """Yield a new hidden path beside ``output``; remove it unless the caller moved it away."""
    output.parent.mkdir(parents=True, exist_ok=True)
    # Not ".partial-<pid>": local-dir removes those of dead processes by that name.
    prefix = f".{output.name}.tmp-"
    if folder:
        staging = Path(tempfile.mkdtemp(prefix=prefix, dir=output.parent))
    else:
        handle, name = tempfile.mkstemp(prefix=prefix, dir=output.parent)
        os.close(handle)
        staging = Path(name)
    try:
        yield staging
    finally:
        if staging.is_dir() and not staging.is_symlink():
            shutil.rmtree(staging, ignore_errors=True)
        else:
            staging.unlink(missing_ok=True)


@contextmanager
def new_output(output: Path, *, folder: bool) -> Iterator[Path]:
    """Yield a staging path that becomes ``output`` (which must not exist) on success."""
    if output.exists() or output.is_symlink():
        raise ZhilingError(f"{output} exists; choose a new path")
    with _sibling(output, folder=folder) as staging:
        yield staging
        if output.exists() or output.is_symlink():
            raise ZhilingError(f"{output} appeared while writing; nothing was moved there")
        staging.rename(output)


@contextmanager
def files_into(folder: Path, names: tuple[str, ...]) -> Iterator[Path]:
    """Yield a staging folder; on success move each of ``names`` from it into ``folder``.

    Other files in ``folder`` are left alone; each named file is replaced whole.
    """
    if folder.exists() and not folder.is_dir():
        raise ZhilingError(f"{folder}: exists and is not a folder")
    with _sibling(folder, folder=True) as staging:
        yield staging
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(staging / name, folder / name)
