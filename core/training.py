"""Train a reference model on a release that is already published, without touching it.

Releases are never overwritten, so ``zhiling train`` writes the model, its
card and an evaluation report into a new folder beside the release
(``<version>-reference/`` by default), built under a hidden name and renamed
into place so that a crash leaves nothing that looks finished.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pluggy

from zhiling.errors import ReleaseError, ZhilingError
from zhiling.kinds import KINDS
from zhiling.manager import make_plugin_manager
from zhiling.recipe import Step, build
from zhiling.registry import Registry

REPORT = "evaluation.json"


@dataclass(frozen=True)
class TrainResult:
    """Where the model went and the figures its trainer returned."""

    output: Path
    figures: dict[str, Any]


def default_output(release: Path) -> Path:
    """Return the folder beside ``release`` that its reference model goes to."""
    return release.parent / f"{release.name}-reference"


def train_release(
    release: str | Path,
    *,
    options: dict[str, Any],
    trainer: str = "sft",
    output: str | Path | None = None,
    pm: pluggy.PluginManager | None = None,
) -> TrainResult:
    """Train ``trainer`` with ``options`` on ``release``; write the model to a new folder."""
    release = Path(release)
    manifest_file = release / "manifest.json"
    if not manifest_file.is_file():
        raise ReleaseError(f"{release} is not a zhiling release: it has no manifest.json")
    target = Path(output) if output else default_output(release)
    if target.exists():
        raise ReleaseError(f"{target} exists; move it away or pass another --output")
    registry = Registry(pm or make_plugin_manager())
    step = Step(KINDS["trainer"], trainer, options, "zhiling train")
    component = build(step, registry, base_dir=Path.cwd())
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.parent / f".{target.name}.partial-{os.getpid()}"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        figures = component.train(release, partial)
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        report = {"release": {k: manifest[k] for k in ("name", "version", "content_sha256")}}
        text = json.dumps({**report, "reference_model": figures}, ensure_ascii=False, indent=2)
        (partial / REPORT).write_text(text + "\n", encoding="utf-8")
        os.rename(partial, target)
    except ZhilingError:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    except Exception as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise ReleaseError(
            f"trainer {trainer!r} failed on {release}: {type(exc).__name__}: {exc}"
        ) from exc
    return TrainResult(target, figures)
