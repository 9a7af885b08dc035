"""Progress of long stages, drawn by one process on stderr.

A stage (the map over shards, the reduce, a training run) is one tqdm bar
on a terminal: count, rate, and ETA when the total is known, redrawn within
the terminal's width. Without a terminal (CI logs, ``nohup``) a stage prints
one plain line at most every ``interval`` seconds and one when it ends, so a
long run shows life without flooding the log. Quiet mode prints nothing.

Only the process that owns the terminal draws. Worker processes write their
counts to a small file (``CountFile``) that the parent polls
(``CountWatcher``) and adds up into one stage: shards never overwrite each
other's lines.

tqdm rather than rich: it is already installed with ``datasets`` and
``huggingface_hub``, transformers draws its bars with it, and one bar per
stage is all a run needs.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TypeVar

from tqdm import tqdm

from zhiling.errors import ZhilingError

#: Environment variable holding the seconds between plain progress lines.
INTERVAL_VARIABLE = "ZHILING_PROGRESS_INTERVAL"
DEFAULT_INTERVAL = 10.0

T = TypeVar("T")

_settings: dict[str, Any] = {"quiet": False, "interval": None}


def configure(*, quiet: bool = False, interval: float | None = None) -> None:
    """Set how stages show progress: ``quiet`` silences them; ``interval`` paces plain lines."""
    if interval is not None and interval <= 0:
        raise ZhilingError(f"the progress interval must be positive, got {interval}")
    _settings.update(quiet=quiet, interval=interval)


def plain_interval() -> float:
    """Return the seconds between plain lines: configured, else the environment, else 10."""
    if _settings["interval"] is not None:
        return float(_settings["interval"])
    given = os.environ.get(INTERVAL_VARIABLE)
    if not given:
        return DEFAULT_INTERVAL
    try:
        seconds = float(given)
    except ValueError:
        seconds = 0.0
    if seconds <= 0:
        raise ZhilingError(f"{INTERVAL_VARIABLE}={given!r}: expected a positive number of seconds")
    return seconds


class _Stderr:
    """stderr that stops drawing, rather than failing the run, once its reader has gone."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.closed = False

    def write(self, text: str) -> int:
        if not self.closed:
            try:
                self.stream.write(text)
            except (BrokenPipeError, ValueError):
                self.closed = True
        return len(text)

    def flush(self) -> None:
        if not self.closed:
            try:
                self.stream.flush()
            except (BrokenPipeError, ValueError):
                self.closed = True

    def fileno(self) -> int:  # tqdm asks the terminal for its width through this
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # and chooses Unicode bar blocks by this
        return getattr(self.stream, "encoding", None) or "ascii"


def _figure(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return (
        f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"
        if minutes >= 60
        else f"{minutes}:{secs:02d}"
    )


class Stage:
    """One stage's count, shown as a bar, as paced plain lines, or not at all.

    Update it with ``advance`` (by a step) or ``set`` (an absolute count, e.g.
    summed over shards); ``note`` is shown after the figures. ``close`` draws
    the final state; a stage is also a context manager that closes itself.
    """

    def __init__(self, name: str, *, total: int | None = None, unit: str = "records") -> None:
        self.name = name
        self.total = total
        self.unit = unit
        self.count = 0
        self.note = ""
        self.started = time.monotonic()
        self._shown = self.started
        self._lock = threading.Lock()
        self._bar: tqdm[Any] | None = None
        self._plain = False
        if not _settings["quiet"]:
            if sys.stderr.isatty():
                self._bar = tqdm(
                    total=total,
                    desc=name,
                    unit=f" {unit}",
                    file=_Stderr(sys.stderr),
                    dynamic_ncols=True,
                    mininterval=0.2,
                    leave=True,
                )
            else:
                self._plain = True
                self._interval = plain_interval()

    def __enter__(self) -> Stage:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.close(failed=kind is not None)

    def advance(self, steps: int = 1) -> None:
        """Add ``steps`` to the count."""
        self.set(self.count + steps)

    def set(self, count: int, note: str | None = None) -> None:
        """Make the count ``count`` (and the note ``note``) and redraw if it is time to."""
        with self._lock:
            if note is not None:
                self.note = note
            if self._bar is not None:
                if note is not None:
                    self._bar.set_postfix_str(note, refresh=False)
                self._bar.update(count - self.count)
            self.count = count
            now = time.monotonic()
            if self._plain and now - self._shown >= self._interval:
                self._shown = now
                self._line(now)

    def counted(self, items: Iterable[T]) -> Iterator[T]:
        """Yield ``items``, advancing the count by one for each."""
        for item in items:
            yield item
            self.advance()

    def close(self, note: str | None = None, *, failed: bool = False) -> None:
        """Draw the final count once; ``failed`` says the stage stopped early."""
        with self._lock:
            if note is not None:
                self.note = note
            if self._bar is not None:
                ended = "; ".join(filter(None, [self.note, "stopped" if failed else ""]))
                self._bar.set_postfix_str(ended, refresh=False)
                self._bar.close()
                self._bar = None
            if self._plain:
                self._plain = False
                self._line(time.monotonic(), final="stopped" if failed else "done")

    def _line(self, now: float, *, final: str = "") -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self.count / elapsed
        of = f"/{self.total:,}" if self.total is not None else ""
        parts = [f"{self.name}: {self.count:,}{of} {self.unit}"]
        parts.append(f"{_duration(elapsed)} elapsed, {_figure(rate)} {self.unit}/s")
        if final:
            parts[0] += f" {final}"
        elif self.total is not None and rate > 0:
            parts.append(f"ETA {_duration(max(self.total - self.count, 0) / rate)}")
        line = ", ".join(parts) + (f"; {self.note}" if self.note else "")
        stream = _Stderr(sys.stderr)
        stream.write(line + "\n")
        stream.flush()


def stage(name: str, *, total: int | None = None, unit: str = "records") -> Stage:
    """Start showing the progress of stage ``name``; see ``Stage``."""
    return Stage(name, total=total, unit=unit)


class CountFile:
    """A worker's counts, replaced atomically in a small JSON file at most every ``every`` s.

    ``counts`` returns what to write, e.g. ``{"in": documents, "out": records}``.
    """

    def __init__(
        self, path: Path, counts: Callable[[], dict[str, int]], every: float = 0.25
    ) -> None:
        self.path = path
        self.counts = counts
        self.every = every
        self._written = time.monotonic()

    def tick(self) -> None:
        """Write the counts if ``every`` seconds have passed since they were last written."""
        if time.monotonic() - self._written >= self.every:
            self._write(done=False)

    def done(self) -> None:
        """Write the final counts, marked done."""
        self._write(done=True)

    def _write(self, *, done: bool) -> None:
        self._written = time.monotonic()
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        partial.write_text(json.dumps({**self.counts(), "done": done}), encoding="utf-8")
        os.replace(partial, self.path)


class CountWatcher:
    """Adds up the count files matching ``pattern`` in ``folder`` into ``shown``, polling."""

    def __init__(self, folder: Path, pattern: str, shown: Stage, count: int) -> None:
        self.folder = folder
        self.pattern = pattern
        self.shown = shown
        self.count = count
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="zhiling-progress", daemon=True)

    def __enter__(self) -> CountWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.refresh()

    def _poll(self) -> None:
        while not self._stop.wait(0.2):
            self.refresh()

    def refresh(self) -> None:
        """Read every count file and show the sums; a file being replaced is read next time."""
        totals: dict[str, int] = {}
        for path in self.folder.glob(self.pattern):
            try:
                counts = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + int(value)
        note = f"{totals.get('out', 0):,} out, shards {totals.get('done', 0)}/{self.count} done"
        self.shown.set(totals.get("in", 0), note)
