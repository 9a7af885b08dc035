r"""Helpers for plugin authors: run one component on literal text, without a recipe.

A plugin's tests build its component directly and feed it documents made
from a few lines of text::

    from zhiling.testing import extract

    text = "# How do I list files?\n\nRun ls in the folder.\n"
    (pair,) = extract(FaqHeading(), text, lang="en")
    assert pair["output"] == "Run ls in the folder."

The helpers run components exactly as a recipe run does (same adaptation of
per-record kinds, same drop reasons, same ``StepError`` messages) and build
documents with the built-in ``text-files`` source, so the block structure an
extractor sees in a test is the one it will see in a release.
"""

from __future__ import annotations

import glob
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from tempfile import TemporaryDirectory
from types import ModuleType
from typing import Any

import pluggy

from zhiling.batches import BATCH_METHODS
from zhiling.errors import RecipeError
from zhiling.kinds import KINDS, Shard
from zhiling.manager import make_plugin_manager, reject_unknown_hooks
from zhiling.pipeline import PER_RECORD_METHODS, DropLog, StepRunner
from zhiling.recipe import Step, build, load_recipe
from zhiling.records import Block, Record
from zhiling.registry import Registry

__all__ = [
    "StandInHook",
    "StepResult",
    "components_of",
    "document",
    "extract",
    "measure_labelled",
    "plugin_hook",
    "read_file",
    "run_step",
]


@dataclass
class StepResult:
    """What one step made of its input: the records it passed on and those it dropped."""

    records: list[Record]
    dropped: list[tuple[Record, str]] = field(default_factory=list)

    def reasons(self) -> Counter[str]:
        """Return how many records were dropped for each reason."""
        return Counter(reason for _record, reason in self.dropped)


class CollectedDrops(DropLog):
    """A drop log that keeps dropped records in memory instead of writing them."""

    def __init__(self) -> None:
        super().__init__(None)
        self.entries: list[tuple[str, Record, str]] = []

    def write(self, label: str, record: Record, reason: str) -> None:
        """Keep ``record`` with the label of the step that dropped it and why."""
        self.entries.append((label, record, reason))


def kind_of(component: Any) -> str:
    """Return the kind of a built component, judged by the method it implements."""
    for kind, method in PER_RECORD_METHODS.items():
        if callable(getattr(component, method, None)):
            return kind
        if callable(getattr(component, BATCH_METHODS[kind], None)):
            return kind
    if callable(component) and callable(getattr(component, "removed", None)):
        return "deduper"
    methods = ", ".join(f"{m}()" for m in PER_RECORD_METHODS.values())
    raise TypeError(f"{component!r} is no step: it has none of {methods} or __call__ + removed()")


def step_runner(component: Any, drops: DropLog, *, index: int = 1, name: str = "") -> StepRunner:
    """Wrap a built component in the pipeline's step adapter, as a recipe run would."""
    kind = KINDS[kind_of(component)]
    label = name or str(getattr(component, "name", type(component).__name__))
    step = Step(kind, label, {}, "zhiling.testing")
    return StepRunner(index, step, component, type(component).__module__, drops)


def run_step(component: Any, records: Record | Iterable[Record]) -> StepResult:
    """Run one built segmenter, filter, extractor or deduper over ``records``.

    A single record may be passed as is. Raises ``StepError`` naming the
    record, exactly as a recipe run does when the component raises.
    """
    if isinstance(records, dict):
        records = [records]  # type: ignore[list-item]
    drops = CollectedDrops()
    output = list(step_runner(component, drops)(records))
    return StepResult(output, [(record, reason) for _label, record, reason in drops.entries])


def extract(component: Any, text: str, *, lang: str | None = None, **options: Any) -> list[Record]:
    """Return the instruction records that ``component`` extracts from one document of ``text``.

    ``options`` go to ``document``; ``lang`` left out is guessed as the
    ``text-files`` source guesses it.
    """
    return run_step(component, document(text, lang=lang, **options)).records


def document(
    text: str,
    *,
    lang: str | None = None,
    blocks: bool | list[Block] = True,
    uri: str = "document.txt",
    license: str = "CC0-1.0",
) -> Record:
    """Return the document the built-in ``text-files`` source reads from a file holding ``text``.

    ``blocks=True`` keeps the structure the source finds (headings, paragraphs,
    list items, code); ``False`` leaves it out, as a source without structure
    would; a list sets it by hand.
    """
    with TemporaryDirectory(prefix="zhiling-testing-") as scratch:
        path = Path(scratch) / uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        options = {"license": license} | ({"lang": lang} if lang else {})
        (record,) = read_file(path, source="text-files", registry=builtin_registry(), **options)
    if record.get("drop_reason"):
        raise ValueError(f"the text-files source cannot read this text: {record['drop_reason']}")
    if blocks is False:
        record.pop("blocks", None)
    elif blocks is not True:
        record["blocks"] = list(blocks)
    return record


def read_file(path: Path, *, source: str, registry: Registry, **options: Any) -> list[Record]:
    """Return the records that the source plugin ``source`` reads from the one file ``path``.

    The source is built with ``paths=[<file name>]`` relative to the file's
    folder plus ``options``, so any installed source that takes ``paths``
    (text, JSON Lines, HTML, ...) can read a single file.
    """
    accepted = registry.get("source", source, where=str(path)).options()
    unknown = sorted(set(options) - set(accepted))
    if "paths" not in accepted or unknown:
        problem = f"no option {unknown[0]!r}" if unknown else "no 'paths' option"
        raise RecipeError(
            f"source {source!r} has {problem}, so it cannot read {path} "
            f"(options: {', '.join(accepted) or 'none'})"
        )
    # Sources expand ``paths`` as glob patterns, so a name like "notes[1].txt" is escaped.
    paths = [glob.escape(path.name)]
    step = Step(KINDS["source"], source, {**options, "paths": paths}, str(path))
    return list(build(step, registry, shard=Shard(), base_dir=path.parent))


def measure_labelled(plugin: ModuleType | object, recipe: str | Path, labelled: str | Path) -> Any:
    """Score the recipe's extractors on a labelling file, as ``zhiling measure`` does.

    ``plugin`` is registered beside the built-ins, so this works whether or not
    the plugin is installed. Returns a ``zhiling.measure.Measurement``: its
    ``precision_entries()`` are what ``--write-precision`` writes.
    """
    from zhiling.measure import load_labelled, measure  # measure reads documents with helpers here

    registry = Registry(_manager([plugin]))
    return measure(load_recipe(Path(recipe), registry), registry, load_labelled(Path(labelled)))


@cache
def builtin_registry() -> Registry:
    """Return a registry of the built-in plugins only, shared by the helpers."""
    return Registry(make_plugin_manager(installed=False))


class StandInHook:
    """A stand-in for the ``hook`` service that answers stop-word look-ups from a mapping.

    Pass it as ``hook=`` to a factory that asks for the hook relay. Like the
    real relay it takes keyword arguments only, and answers None for a
    language it does not know.
    """

    def __init__(self, stopwords: Mapping[str, Iterable[str]] | None = None) -> None:
        self._stopwords = {lang: frozenset(words) for lang, words in (stopwords or {}).items()}

    def stopwords_for_language(self, *, language: str) -> frozenset[str] | None:
        """Return the stop words given for ``language``, or None."""
        return self._stopwords.get(language)


def plugin_hook(*plugins: ModuleType | object) -> Any:
    """Return the real hook relay of the built-ins plus ``plugins`` (modules with hookimpls).

    Use it where a factory should see the shipped stop-word lists, or a
    plugin's own ``stopwords_for_language`` answer.
    """
    return _manager(plugins).hook


def components_of(plugin: ModuleType | object) -> dict[str, list[str]]:
    """Register ``plugin`` beside the built-ins and return the names it adds, by kind.

    Raises ``PluginError`` as a real run would: for a misspelt hook name or a
    component name that a built-in already has.
    """
    pm = _manager([plugin])
    name = pm.get_name(plugin)
    registry = Registry(pm)
    found = {
        kind: [c.name for c in registry.components(kind) if c.plugin == name] for kind in KINDS
    }
    return {kind: names for kind, names in found.items() if names}


def _manager(plugins: Iterable[ModuleType | object]) -> pluggy.PluginManager:
    pm = make_plugin_manager(installed=False)
    for plugin in plugins:
        if not pm.is_registered(plugin):
            pm.register(plugin, name=getattr(plugin, "__name__", None))
    reject_unknown_hooks(pm)
    return pm
