"""Publish a release that was already built, through any registered release target.

``zhiling run`` publishes to the recipe's targets as it builds; this module
serves ``zhiling publish RELEASE --repo NAMESPACE/NAME``, which sends a
finished release folder on its way later, with the same target code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pluggy

from zhiling.errors import ReleaseError
from zhiling.kinds import KINDS
from zhiling.manager import make_plugin_manager
from zhiling.recipe import Step, build
from zhiling.registry import Registry


def read_manifest(release_dir: Path) -> dict[str, Any]:
    """Return the manifest of a release folder, raising ``ReleaseError`` if it has none."""
    path = Path(release_dir) / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReleaseError(
            f"{path}: cannot read the release manifest ({exc}); "
            "pass a folder written by 'zhiling run'"
        ) from exc
    if not isinstance(manifest, dict) or not {"name", "version", "files"} <= set(manifest):
        raise ReleaseError(f"{path}: not a zhiling manifest (needs name, version and files)")
    return manifest


def publish_release(
    release_dir: Path,
    target: str,
    options: dict[str, Any],
    *,
    pm: pluggy.PluginManager | None = None,
) -> str:
    """Publish ``release_dir`` with the release target ``target`` built from ``options``."""
    manifest = read_manifest(release_dir)
    registry = Registry(pm or make_plugin_manager())
    step = Step(KINDS["release_target"], target, options, "command line")
    component = build(step, registry, base_dir=Path.cwd())
    return str(component.publish(Path(release_dir), manifest))
