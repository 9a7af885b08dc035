"""Which files make up a release, with their sizes and SHA-256: what may be published.

A release folder is data users download, so nothing may slip into it by
accident: not a ``.env`` left beside the shards, not a symlink pointing at a
file elsewhere on the machine. ``zhiling run`` lists every file it wrote
(the card, shards, report, charts) under ``checksums`` in the manifest;
publishing sends exactly those files plus ``manifest.json`` and refuses a
release that holds anything else, and ``check-card`` finds a file whose bytes
no longer match. ``dropped/`` (``--keep-dropped``) stays local by design.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zhiling.errors import ReleaseError
from zhiling.release import file_sha256

MANIFEST = "manifest.json"
#: Top-level folders that belong to the local release but are never published.
LOCAL_ONLY = ("dropped",)


def _walk(release_dir: Path) -> tuple[list[str], list[str]]:
    """Return the release's publishable regular files and its symlinks, as sorted relative paths."""
    files, links = [], []
    for path in sorted(release_dir.rglob("*")):
        relative = path.relative_to(release_dir).as_posix()
        if relative.split("/")[0] in LOCAL_ONLY or relative == MANIFEST:
            continue
        if path.is_symlink():
            links.append(relative)
        elif path.is_file():
            files.append(relative)
        elif not path.is_dir():
            links.append(relative)  # a fifo or device is no release file either
    return files, links


def checksums(release_dir: Path) -> dict[str, dict[str, Any]]:
    """Return ``{path: {"bytes", "sha256"}}`` of every file of a release being written."""
    files, links = _walk(release_dir)
    if links:
        raise ReleaseError(f"{release_dir / links[0]}: a release may not hold links")
    return {
        name: {
            "bytes": (release_dir / name).stat().st_size,
            "sha256": file_sha256(release_dir / name),
        }
        for name in files
    }


def file_problems(release_dir: Path, manifest: dict[str, Any]) -> list[str]:
    """Return a line for each link, unlisted file, missing file or changed file of a release."""
    listed = manifest.get("checksums")
    if not isinstance(listed, dict):
        return []
    files, links = _walk(release_dir)
    problems = [f"{name} is a link, which a release may not hold" for name in links]
    problems += [
        f"{name} is not listed in {MANIFEST}; remove it or rebuild the release"
        for name in files
        if name not in listed
    ]
    for name, expected in sorted(listed.items()):
        path = release_dir / name
        if name not in files:
            problems.append(f"{name} is listed in {MANIFEST} but missing")
        elif not isinstance(expected, dict):
            problems.append(f"{MANIFEST} has no size and sha256 for {name}")
        elif path.stat().st_size != expected.get("bytes"):
            problems.append(
                f"{name} has {path.stat().st_size} bytes; {MANIFEST} says {expected.get('bytes')}"
            )
        elif file_sha256(path) != expected.get("sha256"):
            problems.append(f"{name} does not match its sha256 in {MANIFEST}: it was changed")
    return problems


def publishable(release_dir: Path, manifest: dict[str, Any]) -> list[str]:
    """Return the files to upload, or raise one line naming the first file that is refused."""
    if not isinstance(manifest.get("checksums"), dict):
        raise ReleaseError(
            f"{release_dir / MANIFEST}: lists no file checksums (built by an older zhiling); "
            "rebuild the release before publishing it"
        )
    problems = file_problems(release_dir, manifest)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ReleaseError(f"{release_dir}: refusing to publish: {problems[0]}{more}")
    return [*manifest["checksums"], MANIFEST]
