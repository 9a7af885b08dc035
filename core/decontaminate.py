"""``zhiling decontaminate PATH --against FILE[:fields]``: drop benchmark items from any file.

The input is a JSON Lines file, a Parquet file or a release folder, read as
``zhiling dedupe`` reads it. The check is the registered ``decontaminate``
filter, built as a recipe step would build it, so the command and a recipe
drop the same records. Kept records are written to a temporary file beside
``out`` and renamed into place once complete; the removed ones, with the
benchmark and item that each contains, go to ``<out>.removed.jsonl`` the same
way. The output may never be the input.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from zhiling.dedupe import read_records
from zhiling.errors import ZhilingError
from zhiling.kinds import KINDS
from zhiling.manager import make_plugin_manager
from zhiling.outputs import refuse_overlap
from zhiling.pipeline import DropLog, StepRunner
from zhiling.recipe import Step, build
from zhiling.registry import Registry

#: The item fields checked when ``--against`` names none.
DEFAULT_ITEM_FIELDS = ("question",)


def parse_against(spec: str, id_field: str = "id") -> dict[str, Any]:
    """Return the benchmark of ``FILE[:field,field]``, named after the file."""
    path, fields = spec, list(DEFAULT_ITEM_FIELDS)
    head, sep, tail = spec.rpartition(":")
    if sep and head and not Path(spec).exists() and "/" not in tail:
        path, fields = head, [field for field in tail.split(",") if field]
    name = Path(path).name.split(".")[0] or path
    return {"name": name, "path": str(Path(path).resolve()), "fields": fields, "id": id_field}


def removed_path(out: Path) -> Path:
    """Return where the removed records of output ``out`` go."""
    return out.with_name(out.name.removesuffix(".jsonl") + ".removed.jsonl")


def decontaminate_path(path: Path, out: Path, options: dict[str, Any]) -> dict[str, Any]:
    """Write the records of ``path`` that contain no benchmark item to the JSONL file ``out``.

    Returns how many were read and kept and the removed count per benchmark.

    Raises:
        ZhilingError: when ``out`` is the input, or for a bad benchmark file or record.
    """
    if out.resolve() == path.resolve() or removed_path(out).resolve() == path.resolve():
        raise ZhilingError(f"refusing to write {out} over the input {path}; choose another -o")
    # Nor inside an input folder (a release) or around it, as for dedupe and audit.
    refuse_overlap(path, out)
    registry = Registry(make_plugin_manager())
    step = Step(KINDS["filter"], "decontaminate", options, "zhiling decontaminate")
    component = build(step, registry, base_dir=Path.cwd())
    plugin = registry.get("filter", "decontaminate").plugin
    out.parent.mkdir(parents=True, exist_ok=True)
    kept_tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    removed_tmp = out.with_name(f".{removed_path(out).name}.{os.getpid()}.tmp")
    drops = DropLog(removed_tmp)
    runner = StepRunner(1, step, component, plugin, drops)
    try:
        with kept_tmp.open("w", encoding="utf-8") as kept:
            for record in runner(read_records(path)):
                kept.write(_line(record))
        drops.close()
        if not removed_tmp.exists():
            removed_tmp.write_text("", encoding="utf-8")
        os.replace(removed_tmp, removed_path(out))
        os.replace(kept_tmp, out)
    finally:
        drops.close()
        kept_tmp.unlink(missing_ok=True)
        removed_tmp.unlink(missing_ok=True)
    per_benchmark: Counter[str] = Counter()
    for reason, count in runner.stats.dropped.items():
        per_benchmark[reason.split(":")[1]] += count
    return {
        "read": runner.stats.records_in,
        "kept": runner.stats.records_out,
        "removed": dict(sorted(per_benchmark.items())),
        "index": component.describe(),
    }


def _line(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=str) + "\n"
