"""Publish a release into ``<path>/<name>/<version>/`` on the local disk, atomically.

The release is copied into a hidden folder beside its destination and renamed
into place, so a reader never sees half a release and a crash leaves nothing
that looks like one; hidden folders that killed runs left (their PID is gone)
are removed by the next publish. A version that exists is never overwritten:
the same content is reported as already released, different content is an error.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from zhiling import ReleaseError, hookimpl, remove_dead


class LocalDir:
    """Keep versioned releases under ``path``, relative to the recipe's folder like every path.

    So a release lands in the same place whichever folder the run starts in,
    and ``verify`` finds the recipe from the release again.
    """

    def __init__(self, *, path: str = "releases", base_dir: Path) -> None:
        self.root = Path(os.path.normpath(base_dir / Path(path).expanduser()))

    def publish(self, release_dir: Path, manifest: dict[str, Any]) -> str:
        final = self.root / manifest["name"] / manifest["version"]
        if final.exists():
            return self._existing(final, release_dir, manifest)
        final.parent.mkdir(parents=True, exist_ok=True)
        remove_dead(final.parent, r"\..+\.partial-(?P<pid>\d+)")
        partial = final.parent / f".{final.name}.partial-{os.getpid()}"
        shutil.rmtree(partial, ignore_errors=True)
        try:
            shutil.copytree(release_dir, partial)
            os.rename(partial, final)
        except OSError as exc:
            shutil.rmtree(partial, ignore_errors=True)
            if final.exists():
                return self._existing(final, release_dir, manifest)
            raise ReleaseError(f"cannot write release {final}: {exc}") from exc
        return str(final)

    @staticmethod
    def _existing(final: Path, release_dir: Path, manifest: dict[str, Any]) -> str:
        try:
            old = json.loads((final / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ReleaseError(
                f"{final} exists but has no readable manifest.json; "
                "it was not written by zhiling: move it away"
            ) from exc
        if old.get("content_sha256") != manifest["content_sha256"]:
            raise ReleaseError(
                f"{final} already holds a different build of {manifest['name']} "
                f"{manifest['version']}; releases are never overwritten: "
                "bump 'version' in the recipe"
            )
        if (release_dir / "dropped").is_dir() and not (final / "dropped").is_dir():
            # Adding the folder would change a published release; saying nothing loses them.
            raise ReleaseError(
                f"{final} is already released with identical content but without dropped "
                "records, and a release is never changed: to keep them, move that folder "
                "away (or bump 'version') and run again with --keep-dropped"
            )
        return f"{final} (already released, identical content)"


@hookimpl
def register_release_targets(register):
    register("local-dir", LocalDir)
