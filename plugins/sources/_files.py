"""What the file-reading sources share: glob patterns relative to the recipe, and file URIs."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from pathlib import Path

from zhiling import RecipeError, Record, Shard


class FileInputs:
    """The files matching ``paths`` (globs, relative to ``base_dir``), and this shard's share."""

    def __init__(self, paths: list[str], *, shard: Shard, base_dir: Path) -> None:
        if isinstance(paths, str) or not paths:
            raise RecipeError("'paths' must be a non-empty list of file patterns")
        self.patterns = [str(base_dir / pattern) for pattern in paths]
        self.shard = shard
        self.base_dir = base_dir

    def inputs(self) -> list[Path]:
        """Return every matching file, sorted, so every worker sees the same order."""
        found = sorted({Path(p) for pattern in self.patterns for p in glob.glob(pattern)})
        if not found:
            raise RecipeError(f"no file matches {', '.join(self.patterns)}")
        return [path for path in found if path.is_file()]

    def owned(self) -> Iterator[Path]:
        """Yield the files of this shard: whole files are split between workers."""
        for position, path in enumerate(self.inputs()):
            if self.shard.owns(position):
                yield path

    def input_name(self, path: Path) -> str:
        """Return ``path`` relative to the recipe's folder, without leading ``..`` parts.

        The manifest records the file's checksum under this name and records
        carry it as their ``source.uri``: zh/a.txt and en/a.txt stay apart,
        and a dataset user reads ``tests/data/zh/a.txt`` rather than a path
        that only means something on the building machine.
        """
        relative = Path(os.path.relpath(path.resolve(), self.base_dir.resolve())).parts
        while relative and relative[0] == "..":
            relative = relative[1:]
        return "/".join(relative)

    def uri(self, path: Path) -> str:
        """Return the URI of ``path`` in records: its name in the manifest."""
        return self.input_name(path)


class FileDocuments(FileInputs):
    """A source reading one document per file; subclasses say how in ``read(path)``."""

    def __init__(
        self,
        *,
        paths: list[str],
        license: str,
        lang: str | None = None,
        shard: Shard,
        base_dir: Path,
    ) -> None:
        super().__init__(paths, shard=shard, base_dir=base_dir)
        self.license = license
        self.lang = lang

    def __iter__(self) -> Iterator[Record]:
        for path in self.owned():
            yield self.read(path)

    def read(self, path: Path) -> Record:
        """Return the document in ``path``, or a record with ``drop_reason`` if unreadable."""
        raise NotImplementedError
