"""Fetch, verify and safely unpack Debian packages without installing them.

Unpacking reads ``dpkg-deb --fsys-tarfile`` with Python's ``tarfile`` instead of
``dpkg-deb -x`` so that every member is checked before anything is written
(``_unpack``): a package that would write or read outside its folder, or unpack
to more than its limits, is refused whatever its checksum says.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from zhiling import StepError, file_sha256
from zhiling.plugins.sources._unpack import Limits, extract


def default_cache() -> Path:
    """Return the user's cache folder for packages (``$XDG_CACHE_HOME/zhiling/debs``)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "zhiling" / "debs"


def deb_path(cache: Path, name: str, version: str) -> Path | None:
    """Return the cached ``.deb`` of ``name`` at ``version``, as ``apt-get download`` names it."""
    quoted = version.replace(":", "%3a")
    found = sorted(cache.glob(f"{name}_{quoted}_*.deb"))
    return found[0] if found else None


def fetch(cache: Path, name: str, version: str) -> Path:
    """Return the cached package, downloading it with ``apt-get download`` when absent."""
    cache.mkdir(parents=True, exist_ok=True)
    # Worker processes read the same packages: one downloads, the others wait for it.
    with (cache / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return deb_path(cache, name, version) or _download(cache, name, version)


def _download(cache: Path, name: str, version: str) -> Path:
    # apt-get writes the .deb under its final name while it downloads, so a reader that
    # looked in the cache meanwhile would hash half a file. It downloads into a private
    # folder instead, and the finished file is renamed into the cache in one step.
    scratch = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=cache))
    try:
        try:
            result = subprocess.run(
                ["apt-get", "download", f"{name}={version}"],
                cwd=scratch,
                capture_output=True,
                text=True,
                timeout=600,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise StepError(f"package {name}={version}: apt-get download failed: {exc}") from exc
        found = deb_path(scratch, name, version)
        if result.returncode != 0 or not found:
            detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
            raise StepError(
                f"package {name}={version} could not be downloaded into {cache}: {detail[0]}. "
                f"Check the name and version with 'apt-cache policy {name}', or put the .deb there"
            )
        return found.rename(cache / found.name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def verify(path: Path, name: str, expected: str) -> None:
    """Raise a ``StepError`` naming the package and both hashes when the file differs."""
    actual = file_sha256(path)
    if actual != expected.lower():
        raise StepError(
            f"package {name}: checksum mismatch for {path.name}: the recipe pins sha256 "
            f"{expected.lower()} but the file has {actual}; a different build was fetched "
            "or the file is damaged: delete it, or pin the new version and hash"
        )


def unpack(deb: Path, target: Path, name: str, limits: Limits | None = None) -> Path:
    """Unpack ``deb`` into ``target`` once (atomically) and return ``target``."""
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        with subprocess.Popen(
            ["dpkg-deb", "--fsys-tarfile", str(deb)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            assert process.stdout is not None
            try:
                extract(process.stdout, scratch, f"package {name} ({deb.name})", limits)
            except BaseException:
                process.kill()  # a refused package leaves dpkg-deb writing into a pipe
                raise
            error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        if process.returncode != 0:
            raise StepError(f"package {name}: dpkg-deb cannot read {deb.name}: {error.strip()}")
        try:
            scratch.rename(target)
        except OSError:
            if not target.is_dir():  # another worker won the race otherwise
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target
