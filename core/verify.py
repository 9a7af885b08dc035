"""Rebuild a release from its manifest and say whether the result is byte-identical.

A release records the hash of its recipe and of every input file. ``verify``
finds the recipe (``--recipe``, or the recorded file name in the working
folder or in ``recipes/``), refuses a recipe whose content hash differs,
rebuilds into a temporary folder without publishing anywhere, and compares:
the plugins the recipe uses and their versions, the inputs' checksums, then
each step's record counts and fingerprint (a hash of the ids it passed on),
then every file. The first difference it reports is the earliest place the
builds diverged. The CLI exits 0 when identical, 1 when it differs, 2 on error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import pluggy

from zhiling.errors import ReleaseError
from zhiling.manager import make_plugin_manager
from zhiling.provenance import changed_components, changed_inputs
from zhiling.publish import read_manifest
from zhiling.recipe import load_recipe
from zhiling.registry import Registry
from zhiling.run import run_recipe


@dataclass(frozen=True)
class Verification:
    """What a rebuild found; ``identical`` holds when every file matched byte for byte."""

    recipe: Path
    changes: list[str] = field(default_factory=list)
    step: str | None = None
    files: list[str] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        """Return whether the rebuild reproduced every file of the release."""
        return not self.files

    def summary(self) -> str:
        """Return a readable report, the first difference first."""
        if self.identical:
            return f"identical: every file was rebuilt byte for byte from {self.recipe}"
        lines = ["differs:"]
        lines.extend(f"  changed since the release: {change}" for change in self.changes)
        if self.step:
            lines.append(f"  first step whose output differs: {self.step}")
        lines.append(f"  first file that differs: {self.files[0]} ({len(self.files)} in all)")
        return "\n".join(lines)


def find_recipe(manifest: dict[str, Any], recipe: Path | None, release_dir: Path) -> Path:
    """Return ``recipe``, or the recipe file the manifest names, looked up from the cwd.

    Without ``recipe``, the file is looked for in the working folder and its
    ``recipes/``, then in the folder holding ``releases/`` (the release is
    ``<recipe folder>/<path>/<name>/<version>``) and its ``recipes/``, so a
    release written by the shipped recipes (``path: ../releases``) or by the
    default target is verified from any folder.
    """
    if recipe is not None:
        return Path(recipe)
    name = manifest["recipe"]["file"]
    above = release_dir.resolve().parents
    project = above[min(2, len(above) - 1)]
    candidates = (Path(name), Path("recipes") / name, project / name, project / "recipes" / name)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ReleaseError(
        f"recipe {name!r} is neither in the working folder, nor beside the release's "
        "releases/ folder, nor in the recipes/ folder of either; pass it with --recipe"
    )


def verify_release(
    release_dir: Path,
    recipe: Path | None = None,
    *,
    pm: pluggy.PluginManager | None = None,
    workers: int | None = None,
) -> Verification:
    """Rebuild ``release_dir`` from its recipe and inputs and compare the results.

    ``workers`` only changes how fast the rebuild runs: releases do not depend on it.
    """
    release_dir = Path(release_dir)
    manifest = read_manifest(release_dir)
    _check_manifest(manifest, release_dir / "manifest.json")
    path = find_recipe(manifest, recipe, release_dir)
    pm = pm or make_plugin_manager()
    registry = Registry(pm)
    loaded = load_recipe(path, registry)
    recorded = manifest["recipe"]["sha256"]
    if loaded.sha256 != recorded:
        raise ReleaseError(
            f"{path} is not the recipe that built {release_dir} "
            f"(its sha256 is {loaded.sha256[:12]}…, the release records {recorded[:12]}…)"
        )
    with TemporaryDirectory(prefix="zhiling-verify-") as scratch:
        rebuilt = Path(scratch) / "release"
        keep_dropped = (release_dir / "dropped").is_dir()
        result = run_recipe(path, pm=pm, workers=workers, output=rebuilt, keep_dropped=keep_dropped)
        # Releases made before the manifest named its components have nothing to compare.
        used = manifest.get("components", result.manifest["components"])
        changes = changed_components(used, result.manifest["components"])
        changes += changed_inputs(manifest["sources"], result.manifest["sources"])
        return Verification(
            recipe=path,
            changes=changes,
            step=first_step_difference(manifest["steps"], result.manifest["steps"]),
            files=differing_files(release_dir, rebuilt),
        )


#: What verify reads from a manifest, and the type each must have.
_NEEDED: tuple[tuple[str, str | None, type], ...] = (
    ("recipe", None, dict),
    ("recipe", "file", str),
    ("recipe", "sha256", str),
    ("sources", None, dict),
    ("steps", None, list),
)


def _check_manifest(manifest: dict[str, Any], path: Path) -> None:
    """Raise one line naming the first key verify needs that the manifest lacks or garbles."""
    for key, inner, kind in _NEEDED:
        value = manifest.get(key)
        if inner is not None:
            value = value.get(inner) if isinstance(value, dict) else None
        if not isinstance(value, kind):
            name = f"{key}.{inner}" if inner else key
            raise ReleaseError(
                f"{path}: '{name}' is missing or not a {kind.__name__}; "
                "verify needs a manifest as 'zhiling run' wrote it"
            )


def first_step_difference(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> str | None:
    """Return the first step whose output differs, by counts or fingerprint, or None."""
    for before, after in zip(old, new, strict=False):
        if before == after:
            continue
        if _counts(before) == _counts(after):
            return f"{before['step']}: {_counts(before)} both times, but other records came out"
        return f"{before['step']}: {_counts(before)} in the release, {_counts(after)} rebuilt"
    if len(old) != len(new):
        return f"the release has {len(old)} steps, the rebuild {len(new)}"
    return None


def _counts(step: dict[str, Any]) -> str:
    dropped = ", ".join(f"{k} {v}" for k, v in sorted(step["dropped"].items()))
    return f"{step['in']} in, {step['out']} out" + (f" (dropped {dropped})" if dropped else "")


def differing_files(release_dir: Path, rebuilt: Path) -> list[str]:
    """Return the files that differ or exist on one side only, data files first."""
    names = {
        path.relative_to(root).as_posix()
        for root in (release_dir, rebuilt)
        for path in root.rglob("*")
        if path.is_file()
    }
    ordered = sorted(names, key=lambda name: (not name.endswith(".parquet"), name))
    return [
        name
        for name in ordered
        if not (release_dir / name).is_file()
        or not (rebuilt / name).is_file()
        or (release_dir / name).read_bytes() != (rebuilt / name).read_bytes()
    ]
