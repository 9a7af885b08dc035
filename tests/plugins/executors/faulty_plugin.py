"""A test-only filter that fails on one chosen record, installed for Ray workers by conftest.

Workers rebuild plugins from installed entry points, so conftest writes this
module with a ``.dist-info`` entry point into a folder on the workers' path.
"""

from __future__ import annotations

import os
from pathlib import Path

from zhiling import Record, hookimpl


class Faulty:
    """Raise on record ``raise_on``; kill the worker on ``crash_on`` unless ``marker`` exists."""

    def __init__(self, *, raise_on: str = "", crash_on: str = "", marker: str = "") -> None:
        self.raise_on = raise_on
        self.crash_on = crash_on
        self.marker = Path(marker) if marker else None

    def reason_to_drop(self, record: Record) -> str | None:
        if record["id"] == self.raise_on:
            raise ValueError("this record was chosen to fail")
        if record["id"] == self.crash_on and self.marker and not self.marker.exists():
            self.marker.touch()
            os._exit(1)  # the worker dies as if killed; Ray retries the shard
        return None


@hookimpl
def register_filters(register):
    register("faulty", Faulty)
