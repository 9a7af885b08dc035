"""Fetch, verify and safely unpack Debian packages without installing them.

Unpacking reads ``dpkg-deb --fsys-tarfile`` with Python's ``tarfile`` instead of
``dpkg-deb -x`` so that every member is checked before anything is written: a
package whose archive names an absolute path, a ``..`` component or a link
leading outside the unpack folder is refused, whatever its checksum says.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath
from typing import IO

from zhiling import StepError, file_sha256


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


def unpack(deb: Path, target: Path, name: str) -> Path:
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
            extract(process.stdout, scratch, f"package {name} ({deb.name})")
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


def extract(stream: IO[bytes], root: Path, what: str) -> None:
    """Write the members of a tar ``stream`` under ``root``, refusing any that would escape."""
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        for member in archive:
            relative = inside(member.name, what, member.name)
            destination = root / relative
            if not relative.parts or not (member.isdir() or member.isfile() or member.issym()):
                if member.islnk():
                    _copy_hard_link(root, relative, member, what)
                continue  # the root itself, devices and fifos carry no documentation
            destination.parent.mkdir(parents=True, exist_ok=True)
            if member.isdir():
                destination.mkdir(exist_ok=True)
            elif member.issym():
                os.symlink(link_target(relative, member.linkname, what, member.name), destination)
            else:
                source = archive.extractfile(member)
                assert source is not None
                with destination.open("wb") as out:
                    shutil.copyfileobj(source, out)


def _copy_hard_link(root: Path, relative: PurePosixPath, member: tarfile.TarInfo, what: str):
    if relative.parts:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / inside(member.linkname, what, member.name), root / relative)


def link_target(relative: PurePosixPath, linkname: str, what: str, member: str) -> str:
    """Return a symlink target that stays in the unpack folder, relative to the link.

    An absolute target names a file of the installed system; it is re-rooted in
    the unpack folder, never followed onto this machine's own files.
    """
    link = PurePosixPath(linkname)
    if link.is_absolute():
        resolved = inside(str(link).lstrip("/"), what, member)
    else:
        resolved = inside(str(relative.parent / link), what, member, kind="a link pointing")
    return os.path.relpath(resolved or ".", relative.parent or ".")


def inside(name: str, what: str, member: str, kind: str = "a path leading") -> PurePosixPath:
    """Return ``name`` normalised, raising a ``StepError`` if it leaves the unpack folder."""
    path = PurePosixPath(name)
    if path.is_absolute() and kind == "a path leading":
        raise StepError(f"{what}: refused archive member {member!r}: absolute path")
    parts: list[str] = []
    for part in path.parts:
        if part in ("", ".", "/"):
            continue
        if part != "..":
            parts.append(part)
        elif parts:
            parts.pop()
        else:
            raise StepError(f"{what}: refused archive member {member!r}: {kind} outside")
    return PurePosixPath(*parts)
