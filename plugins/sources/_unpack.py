"""Write a tar stream into a folder so that no member can reach outside it.

Checking member *names* as text is not enough: an archive may first create a
symlink (``x/l -> ..``) and then write ``x/l/…/file`` through it, or hard-link a
name through such a chain to a file of this machine. So every member is placed
against the tree as it really is on disk: no parent folder of a member may be a
symlink, an existing entry is replaced instead of written through, a hard link
must name a regular file already unpacked, and a symlink's target is resolved
as text and written back normalised (so ``y -> x/l/..`` becomes ``y -> x``,
whatever ``x/l`` is). Sizes are capped before bytes are read,
because a few kilobytes of compressed zeros can unpack to gigabytes.
"""

from __future__ import annotations

import os
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from zhiling import StepError

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Caps on what one package may unpack to; the defaults are far above real docs."""

    member_bytes: int = 512 * MIB
    total_bytes: int = 4096 * MIB
    man_page_bytes: int = 16 * MIB


def extract(stream: IO[bytes], root: Path, what: str, limits: Limits | None = None) -> None:
    """Write the members of a tar ``stream`` under ``root``, refusing any that would escape."""
    limits = limits or Limits()
    total = 0
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        for member in archive:
            relative = inside(member.name, what, member.name)
            if not relative.parts:
                continue  # the root itself
            if member.isfile():
                total += member.size
                _check_size(member, total, limits, what)
            if not (member.isdir() or member.isfile() or member.issym() or member.islnk()):
                continue  # devices and fifos carry no documentation
            destination = _place(root, relative, what, member.name, member.isdir())
            if member.isdir():
                destination.mkdir(exist_ok=True)
            elif member.issym():
                os.symlink(link_target(relative, member.linkname, what, member.name), destination)
            elif member.islnk():
                source = _hard_link_source(root, member, what)
                total += source.stat().st_size
                _check_size(member, total, limits, what)
                with source.open("rb") as copied:
                    _write(destination, copied)
            else:
                data = archive.extractfile(member)
                assert data is not None
                _write(destination, data)


def _check_size(member: tarfile.TarInfo, total: int, limits: Limits, what: str) -> None:
    if member.size > limits.member_bytes:
        raise StepError(
            f"{what}: refused archive member {member.name!r}: {member.size:,} bytes is over "
            f"the {limits.member_bytes:,}-byte member limit (option max_member_mb)"
        )
    if total > limits.total_bytes:
        raise StepError(
            f"{what}: refused archive member {member.name!r}: the package unpacks to over "
            f"{limits.total_bytes:,} bytes (option max_unpacked_mb)"
        )


def _place(root: Path, relative: PurePosixPath, what: str, member: str, is_dir: bool) -> Path:
    """Return where ``relative`` goes, after making sure no folder on the way is a link.

    An entry already there (a duplicate member) is removed rather than followed, so
    a symlink the archive made earlier is never written through.
    """
    folder = root
    for part in relative.parent.parts:
        folder = folder / part
        if folder.is_symlink():
            raise StepError(
                f"{what}: refused archive member {member!r}: its folder "
                f"{folder.relative_to(root).as_posix()!r} is a symlink"
            )
        if not folder.exists():
            folder.mkdir()
        elif not folder.is_dir():
            raise StepError(f"{what}: refused archive member {member!r}: a parent is a file")
    destination = folder / relative.name
    if destination.is_symlink() or destination.is_file():
        destination.unlink()
    elif destination.exists() and not (is_dir and destination.is_dir()):
        raise StepError(f"{what}: refused archive member {member!r}: it would replace a folder")
    return destination


def _write(destination: Path, data: IO[bytes]) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    with os.fdopen(os.open(destination, flags, 0o644), "wb") as out:
        shutil.copyfileobj(data, out)


def _hard_link_source(root: Path, member: tarfile.TarInfo, what: str) -> Path:
    """Return the regular file, already unpacked, that a hard link ``member`` names."""
    source = inside(member.linkname, what, member.name)
    path = root
    for part in source.parts:
        path = path / part
        if path.is_symlink():
            raise StepError(
                f"{what}: refused archive member {member.name!r}: its hard link target "
                f"{member.linkname!r} passes through a symlink"
            )
    if not source.parts or not path.is_file():
        raise StepError(
            f"{what}: refused archive member {member.name!r}: its hard link target "
            f"{member.linkname!r} is not a regular file unpacked before it"
        )
    return path


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
