"""Drop records that share an n-gram with an item of an evaluation benchmark.

A model trained on a benchmark's test items scores meaninglessly on it, so a
release should hold none of them. Every record whose checked fields share a
normalised n-gram (``_ngrams``) with a benchmark item is dropped with the
reason ``contaminated:<benchmark>:<item id>``; the release report sums them
per benchmark, and a gate ``distributions.contamination.total: 0`` fails the
release when any was found.

The defaults are 13 words, as in the GPT-3 and datatrove decontamination, and
13 Han characters, chosen by ``benchmarks/decontaminate.py`` on the
debian-instruct release (see benchmarks/RESULTS.md): no false hit on 35,804
records, and an item changed in one word is still found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from zhiling import RecipeError, Record, StepError, hookimpl
from zhiling.plugins.filters._benchmarks import Benchmark, default_cache, load_index
from zhiling.plugins.filters._ngrams import ngram_hashes

REASON = "contaminated"


def parse_benchmarks(raw: object, base_dir: Path) -> list[Benchmark]:
    """Return the benchmarks of the ``benchmarks:`` option, paths relative to ``base_dir``."""
    if not isinstance(raw, list) or not raw:
        raise RecipeError("'benchmarks' must list at least one {name, path, fields} mapping")
    benchmarks = []
    for entry in raw:
        if not isinstance(entry, dict) or not {"name", "path", "fields"} <= set(entry):
            raise RecipeError(f"a benchmark needs 'name', 'path' and 'fields', got {entry!r}")
        unknown = set(entry) - {"name", "path", "fields", "id"}
        if unknown:
            raise RecipeError(f"benchmark {entry['name']!r}: unknown key {sorted(unknown)[0]!r}")
        fields = entry["fields"]
        fields = [fields] if isinstance(fields, str) else fields
        if not fields or not all(isinstance(f, str) for f in fields):
            raise RecipeError(f"benchmark {entry['name']!r}: 'fields' must name text fields")
        path = Path(str(entry["path"])).expanduser()
        benchmarks.append(
            Benchmark(
                str(entry["name"]),
                path if path.is_absolute() else base_dir / path,
                tuple(fields),
                str(entry.get("id", "id")),
            )
        )
    return benchmarks


class Decontaminate:
    """Drop a record whose ``fields`` share an n-gram with an item of the ``benchmarks``.

    The n-grams are ``words`` consecutive words and ``chars`` consecutive Han
    characters; the index is built once per set of benchmark files.
    """

    def __init__(
        self,
        *,
        benchmarks: list[dict[str, Any]],
        fields: list[str] | None = None,
        words: int = 13,
        chars: int = 13,
        batch_size: int = 256,
        cache_dir: str | None = None,
        base_dir: Path = Path(),
    ) -> None:
        for option, value in (("words", words), ("chars", chars), ("batch_size", batch_size)):
            if not isinstance(value, int) or value < 1:
                raise RecipeError(f"{option} must be a whole number of at least 1, got {value!r}")
        self.fields = list(fields or ["instruction", "output"])
        self.words, self.chars, self.batch_size = words, chars, batch_size
        self.benchmarks = parse_benchmarks(benchmarks, base_dir)
        cache = Path(cache_dir).expanduser() if cache_dir else default_cache()
        self.index, self.owners = load_index(
            self.benchmarks,
            words=words,
            chars=chars,
            cache=cache if cache.is_absolute() else base_dir / cache,
        )

    def _hashes(self, record: Record) -> Any:
        fields: dict[str, Any] = cast(dict[str, Any], record)
        texts = [str(fields[field]) for field in self.fields if fields.get(field)]
        if not any(field in fields for field in self.fields):
            raise StepError(f"record has none of the fields {self.fields}; set 'fields'")
        return ngram_hashes("\n".join(texts), words=self.words, chars=self.chars)

    def reasons_to_drop(self, records: list[Record]) -> list[str | None]:
        hits = self.index.first_hits([self._hashes(record) for record in records])
        return [
            None if item < 0 else f"{REASON}:{self.owners[item][0]}:{self.owners[item][1]}"
            for item in hits
        ]

    def reason_to_drop(self, record: Record) -> str | None:
        return self.reasons_to_drop([record])[0]

    def describe(self) -> dict[str, Any]:
        """Return the settings and index size, for the release's records and the command."""
        return {
            "benchmarks": sorted({name for name, _ in self.owners}),
            "items": len(self.owners),
            "ngrams": len(self.index),
            "words": self.words,
            "chars": self.chars,
        }


@hookimpl
def register_filters(register):
    register("decontaminate", Decontaminate)
