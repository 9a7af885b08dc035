"""``zhiling measure``: score a recipe's extractors on labelled passages.

Every passage of a labelling file (written by ``zhiling sample``, its ``pairs``
filled by a reader) becomes a document and goes through the recipe's steps,
chained as ``zhiling run`` chains them, but for the dedupers and for the
filters before the first extractor: those judge whole documents, and a passage
is not one. The records that come out are matched against the labelled pairs.

Matching rule (the one ``benchmarks/extraction.py`` uses for the built-in
patterns): a pair found in a passage matches a labelled pair of the same
passage when the F1 of their *outputs*, counted in units, is at least 0.6.
A unit is one Han character or one run of Latin letters or digits, lower-cased;
punctuation and spaces do not count. A leading clause that only restates the
goal ("To X, ", 「要…，」) may be kept or dropped, by a reader or a pattern, so
outputs are compared with and without it and the higher F1 counts. Pairs are
matched one to one, greedily
from the highest F1 down. Per pattern and language, precision is its matched
pairs over its pairs; recall is the labelled pairs marked with its name
(``"pattern": NAME``) that it matched. The ``all`` row pools every pattern's
pairs per passage, and its recall counts every labelled pair.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import regex

from zhiling.errors import ZhilingError
from zhiling.pipeline import DropLog, Pipeline
from zhiling.preview import extractors, run_steps
from zhiling.recipe import Recipe
from zhiling.records import Record, content_id
from zhiling.registry import Registry
from zhiling.testing import document

#: The lowest output F1 at which a found pair matches a labelled one.
THRESHOLD = 0.6
UNIT = regex.compile(r"\p{Han}|[A-Za-z0-9]+")
#: The row that pools every pattern.
ALL = "all"


#: A leading goal clause: "To change the settings for automatic numbering, choose …".
GOAL_CLAUSE = regex.compile(
    r"^(?:(?:To|In order to|If you (?:want|wish|need) to) [^,;:]{3,100}, "
    r"|(?:若要|如要|如需|要|如果(?:您|你)?(?:想|要|希望|需要))[^，,。；;：:]{2,40}[，,]\s*)"
)


def forms(text: str) -> list[str]:
    """Return ``text``, and ``text`` without its leading goal clause if it has one."""
    bare = GOAL_CLAUSE.sub("", text.strip(), count=1)
    return [text] if bare == text.strip() else [text, bare]


def units(text: str) -> Counter[str]:
    """Return the multiset of matching units of ``text``."""
    return Counter(unit.lower() for unit in UNIT.findall(text))


def f1(predicted: str, gold: str) -> float:
    """Return the unit-level F1 of two outputs, the best over their forms (see ``forms``)."""
    return max(_f1(a, b) for a in forms(predicted) for b in forms(gold))


def _f1(predicted: str, gold: str) -> float:
    a, b = units(predicted), units(gold)
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def match(predicted: list[Any], gold: list[Any]) -> list[tuple[int, int]]:
    """Return one-to-one ``(predicted, gold)`` index pairs, greedily by output F1."""
    scored = sorted(
        (
            (f1(p["output"], g["output"]), i, j)
            for i, p in enumerate(predicted)
            for j, g in enumerate(gold)
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for score, i, j in scored:
        if score >= THRESHOLD and i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


@dataclass
class Score:
    """The counts behind one row: pairs found and matched, labelled pairs and found."""

    pairs: int = 0
    hits: int = 0
    gold: int = 0
    gold_hits: int = 0

    @property
    def precision(self) -> float | None:
        return round(self.hits / self.pairs, 3) if self.pairs else None

    @property
    def recall(self) -> float | None:
        return round(self.gold_hits / self.gold, 3) if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return round(2 * p * r / (p + r), 3) if p and r else None

    def figures(self) -> dict[str, Any]:
        """Return the row as a precision file keeps it."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "pairs": self.pairs,
            "gold": self.gold,
        }


@dataclass
class Measurement:
    """Scores per pattern and language, with every false pair and miss."""

    versions: dict[str, str]
    scores: dict[tuple[str, str], Score] = field(default_factory=dict)
    #: ``(pattern, passage id, instruction, output)`` of pairs matching no label.
    false_pairs: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: ``(pattern or "", passage id, instruction, output)`` of labels no pair matched.
    misses: list[tuple[str, str, str, str]] = field(default_factory=list)

    def score(self, pattern: str, lang: str) -> Score:
        """Return the row of ``pattern`` in ``lang``, made empty when new."""
        return self.scores.setdefault((pattern, lang), Score())

    def precision_entries(self) -> dict[str, dict[str, Any]]:
        """Return the measured patterns as a precision file lists them."""
        entries: dict[str, dict[str, Any]] = {}
        for (pattern, lang), score in sorted(self.scores.items()):
            if pattern == ALL or score.precision is None:
                continue
            entry = entries.setdefault(
                pattern, {"version": self.versions[pattern], "languages": {}}
            )
            entry["languages"][lang] = score.figures()
        return entries


def load_labelled(path: Path) -> list[dict[str, Any]]:
    """Read a labelling file; a malformed line stops with its file, line and what is wrong."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ZhilingError(f"{path}: cannot read the labelled file: {exc}") from exc
    passages = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            passage = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ZhilingError(f"{where}: not JSON: {exc}") from exc
        if isinstance(passage, dict) and "pairs" not in passage and "gold" in passage:
            passage["pairs"] = passage["gold"]  # the built-in patterns' labelled sets say gold
        _check(passage, where)
        passage.setdefault("id", f"{path.name}:{number}")
        passage["_where"] = where
        passages.append(passage)
    if not passages:
        raise ZhilingError(f"{path}: no labelled passages")
    return passages


def _check(passage: Any, where: str) -> None:
    if not isinstance(passage, dict) or not isinstance(passage.get("text"), str):
        raise ZhilingError(f"{where}: a passage needs a 'text' string")
    if not isinstance(passage.get("lang"), str):
        raise ZhilingError(f"{where}: a passage needs a 'lang' code such as 'zh' or 'en'")
    pairs = passage.get("pairs")
    if not isinstance(pairs, list):
        raise ZhilingError(f"{where}: 'pairs' must be a list ([] when the passage holds none)")
    for index, pair in enumerate(pairs, start=1):
        fields = ("instruction", "output")
        texts = [pair.get(key) for key in fields] if isinstance(pair, dict) else []
        if not texts or not all(isinstance(text, str) and text.strip() for text in texts):
            raise ZhilingError(
                f"{where}: pair {index} needs non-empty 'instruction' and 'output' strings"
            )


def as_document(passage: dict[str, Any]) -> Record:
    """Return the document an extractor sees for ``passage``.

    A passage written by ``zhiling sample`` brings its blocks and metadata; one
    written by hand is read by the ``text-files`` source (``#`` headings,
    blank-line paragraphs, lists, code), as the built-ins' labelled sets are,
    its URI taken from an optional ``source`` (patterns may read it: help
    pages name their product by path) and else its ``id``.
    """
    provenance = passage.get("provenance", {})
    if "blocks" in passage:
        meta = {
            "source": provenance.get("uri", passage["id"]),
            "license": provenance.get("license", ""),
            **passage.get("meta", {}),
        }
        record = Record(text=passage["text"], lang=passage["lang"], meta=meta)
        record["blocks"] = passage["blocks"]
    else:
        record = document(passage["text"], lang=passage["lang"])
        record["meta"]["source"] = str(passage.get("source", passage["id"]))
        record["meta"]["license"] = str(passage.get("license", ""))
    record["id"] = content_id("passage", passage.get("_where", passage["id"]), passage["text"])
    return record


def measure(recipe: Recipe, registry: Registry, passages: list[dict[str, Any]]) -> Measurement:
    """Run the recipe's steps on every passage and score each extractor against the labels."""
    documents = [as_document(passage) for passage in passages]
    with TemporaryDirectory(prefix="zhiling-measure-") as scratch:
        pipeline = Pipeline(recipe, registry, workdir=Path(scratch), drops=DropLog(None))
        built = extractors(pipeline)
        if not built:
            raise ZhilingError(f"{recipe.path}: the recipe has no extract step to measure")
        records = run_steps(pipeline, documents, document_filters=False)
    found: dict[str, list[Record]] = {}
    for record in records:
        if record.get("pattern"):
            found.setdefault(record["source"]["doc_id"], []).append(record)
    result = Measurement({e.name: e.version for e in built})
    for passage, doc in zip(passages, documents, strict=True):
        _score_passage(result, passage, found.get(doc["id"], []))
    return result


def _score_passage(result: Measurement, passage: dict[str, Any], pool: list[Record]) -> None:
    lang, gold, label = passage["lang"], passage["pairs"], str(passage["id"])
    for name in result.versions:
        own = [record for record in pool if record["pattern"]["name"] == name]
        matched = match(own, gold)
        marked = {j for j, pair in enumerate(gold) if pair.get("pattern") == name}
        score = result.score(name, lang)
        score.pairs += len(own)
        score.hits += len(matched)
        score.gold += len(marked)
        score.gold_hits += sum(1 for _, j in matched if j in marked)
        used = {i for i, _ in matched}
        result.false_pairs += [
            (name, label, r["instruction"], r["output"]) for i, r in enumerate(own) if i not in used
        ]
    matched = match(pool, gold)
    score = result.score(ALL, lang)
    score.pairs += len(pool)
    score.hits += len(matched)
    score.gold += len(gold)
    score.gold_hits += len(matched)
    found = {j for _, j in matched}
    result.misses += [
        (str(pair.get("pattern", "")), label, pair["instruction"], pair["output"])
        for j, pair in enumerate(gold)
        if j not in found
    ]


def render(result: Measurement, *, shown: int = 20) -> str:
    """Return the table of figures, then the false pairs and misses (``shown`` of each)."""
    lines = ["pattern           lang  precision  recall  pairs  gold"]
    names = [*sorted(result.versions), ALL]
    idle = [
        name
        for name in sorted(result.versions)
        if not any(s.pairs or s.gold for (p, _), s in result.scores.items() if p == name)
    ]
    for name in names:
        for (pattern, lang), score in sorted(result.scores.items()):
            if pattern != name or (name in idle or not (score.pairs or score.gold)):
                continue
            precision, recall = _figure(score.precision), _figure(score.recall)
            lines.append(
                f"{name:<17} {lang:<5} {precision:>9}  {recall:>6}  "
                f"{score.pairs:>5}  {score.gold:>4}"
            )
    if idle:
        lines.append(f"no pairs and no labels: {', '.join(idle)}")
    for title, entries in (("false pair", result.false_pairs), ("miss", result.misses)):
        for pattern, passage, instruction, output in entries[:shown]:
            who = f" ({pattern})" if pattern else ""
            lines.append(f"{title}{who} in {passage}: {instruction} → {_short(output)}")
        if len(entries) > shown:
            lines.append(f"{title}: {len(entries) - shown} more")
    return "\n".join(lines) + "\n"


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _short(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
