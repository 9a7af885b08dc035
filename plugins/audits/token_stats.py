"""Count the released text in tokens of a named tokenizer, per language and split.

Trainers budget in tokens of their own tokenizer, not in characters. With
``tokenizer:`` (a ``tokenizer.json`` file, or a model folder holding one or
loadable by ``transformers``, read offline) the audit counts tokens; without,
it counts characters and words (a Han character is a word) as the report does.
Figures per language, per split and per language and split: records, total,
p10, p50, p90 and max of the tokens of one record (instruction + output).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import regex

from zhiling import RecipeError, Record, hookimpl

WORDS = regex.compile(r"\p{Han}|[^\s\p{Han}]+")
BATCH = 1024
INSTALL = "token-stats needs the 'tokenizers' package: pip install 'zhiling[train]'"


def load_tokenizer(where: Path) -> tuple[str, Callable[[list[str]], list[int]]]:
    """Return a name for the tokenizer at ``where`` and a function counting tokens of texts."""
    if not where.exists():
        raise RecipeError(f"tokenizer {where} does not exist")
    file = where / "tokenizer.json" if where.is_dir() else where
    if file.is_file():
        try:
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise RecipeError(INSTALL) from exc
        fast = Tokenizer.from_file(str(file))
        return where.name, lambda texts: [
            len(e.ids) for e in fast.encode_batch(texts, add_special_tokens=False)
        ]
    try:
        from transformers import AutoTokenizer
    except ImportError as exc:
        raise RecipeError(INSTALL.replace("'tokenizers'", "'transformers'")) from exc
    slow = AutoTokenizer.from_pretrained(str(where), local_files_only=True)
    return where.name, lambda texts: [
        len(ids) for ids in slow(texts, add_special_tokens=False)["input_ids"]
    ]


def summary(counts: list[int]) -> dict[str, int]:
    """Return records, total, p10, p50, p90 and max of ``counts`` (nearest-rank percentiles)."""
    ordered = sorted(counts)
    if not ordered:
        return {"records": 0, "total": 0, "p10": 0, "p50": 0, "p90": 0, "max": 0}

    def rank(q: float) -> int:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {
        "records": len(ordered),
        "total": sum(ordered),
        "p10": rank(0.1),
        "p50": rank(0.5),
        "p90": rank(0.9),
        "max": ordered[-1],
    }


class TokenStats:
    """Tally tokens (or characters and words) of every released record."""

    def __init__(
        self,
        *,
        tokenizer: str | None = None,
        fields: list[str] | None = None,
        base_dir: Path = Path(),
        split: Callable[[str], str] | None = None,
    ) -> None:
        self.fields = list(fields or ["instruction", "output"])
        self.split = split or (lambda _record_id: "all")
        self.name = "characters/words"
        self.count_tokens: Callable[[list[str]], list[int]] | None = None
        if tokenizer is not None:
            path = Path(tokenizer).expanduser()
            self.name, self.count_tokens = load_tokenizer(
                path if path.is_absolute() else base_dir / path
            )
        self.pending: list[tuple[str, str, str]] = []
        self.counts: dict[str, dict[tuple[str, str], list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )

    def observe(self, record: Record) -> None:
        text = "\n".join(str(record.get(field) or "") for field in self.fields)
        key = (str(record.get("lang") or "unknown"), self.split(str(record.get("id", ""))))
        if self.count_tokens is None:
            self.counts["characters"][key].append(len(text))
            self.counts["words"][key].append(len(WORDS.findall(text)))
            return
        self.pending.append((*key, text))
        if len(self.pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.count_tokens is None or not self.pending:
            return
        counted = self.count_tokens([text for _, _, text in self.pending])
        for (lang, split, _), tokens in zip(self.pending, counted, strict=True):
            self.counts["tokens"][(lang, split)].append(tokens)
        self.pending = []

    def report(self) -> dict[str, Any]:
        self._flush()
        units = {}
        for unit, by_key in sorted(self.counts.items()):
            grouped: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
            for (lang, split), counts in by_key.items():
                for view, name in (("by_language", lang), ("by_split", split)):
                    grouped[view][name] += counts
                grouped["by_language_split"][f"{lang}/{split}"] += counts
            every = [n for counts in by_key.values() for n in counts]
            units[unit] = {"all": summary(every)} | {
                view: {name: summary(c) for name, c in sorted(table.items())}
                for view, table in sorted(grouped.items())
            }
        return {"tokenizer": self.name, "fields": self.fields, "units": units}


@hookimpl
def register_audits(register):
    register("token-stats", TokenStats)
