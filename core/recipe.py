"""Load a recipe from YAML into frozen dataclasses, checking it against the registry.

Every error names ``file:line`` and the offending key, with a suggestion for a
misspelt name or option. Checking constructs every component once, so a
missing stop-word list or extra fails before any data is read.
"""

from __future__ import annotations

import difflib
import hashlib
import inspect
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from zhiling.errors import RecipeError, ZhilingError
from zhiling.gates import Gate, parse_gates
from zhiling.kinds import KINDS, SERVICES, STEP_VERBS, Kind, Shard
from zhiling.patterns import parse_min_precision
from zhiling.recipe_yaml import Located, parse
from zhiling.records import Record
from zhiling.registry import Component, Registry

TOP_LEVEL = {
    "name": "the release name, also its folder under the target",
    "version": "the release version, e.g. 1.0.0",
    "description": "one paragraph for the dataset card",
    "pretty_name": "the human title shown on the Hub",
    "license_policy": "which record licences may be released",
    "sources": "the inputs, each '- read: <source>'",
    "steps": "ordered processing steps",
    "audits": "audits of the released records",
    "splits": "seeded split fractions",
    "configs": "the languages that get a config (others are withheld)",
    "card": "the dataset card template",
    "targets": "where the release goes, each '- publish: <target>'",
    "train": "an optional reference-model training run",
    "executor": "how the recipe runs: local processes or a cluster",
    "task_categories": "Hub task categories for the card",
    "gates": "limits on audit figures that must hold for the release to be published",
    "min_precision": "lowest measured precision a pattern needs to be released",
    "shard_by_license": "true to write separate shards per licence (names carry the licence)",
    "license_name": "the card's license_name when a licence is 'other' on the Hub",
    "license_link": "the card's license_link (a URL or a file in the release) for 'other'",
}
REQUIRED = ("name", "version", "sources")
SPLIT_KEYS = ("seed", "train", "validation", "test")
#: ``splits: {leakage: 0.8}`` measures, per language, the share of validation and test
#: records with a near-duplicate (MinHash Jaccard at least that) in train.
SPLIT_OPTIONS = ("leakage",)

#: A release name becomes a folder and a Hub repo id: one or two ASCII segments.
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}(/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?")
#: ``MAJOR.MINOR[.PATCH]`` with optional ``-pre`` and ``+build``, ASCII only.
_DOTTED = r"[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*"
VERSION_PATTERN = re.compile(rf"[0-9]+\.[0-9]+(\.[0-9]+)?(-{_DOTTED})?(\+{_DOTTED})?")
#: Annotations of options that take a list; a bare string there is refused.
_LIST_TYPES = ("list", "tuple", "set", "frozenset", "Sequence", "Iterable", "Collection")


@dataclass(frozen=True)
class Step:
    """One recipe entry: the component to build and the options to build it with."""

    kind: Kind
    name: str
    options: dict[str, Any]
    where: str

    def describe(self) -> str:
        """Return ``verb 'name'`` as used in messages."""
        return f"{self.kind.verb} {self.name!r}"


@dataclass(frozen=True)
class Recipe:
    """A validated recipe; ``data`` is the parsed YAML whose hash the manifest records."""

    path: Path
    name: str
    version: str
    description: str
    pretty_name: str
    sources: tuple[Step, ...]
    steps: tuple[Step, ...]
    audits: tuple[Step, ...]
    targets: tuple[Step, ...]
    train: Step | None
    executor: Step | None
    splits: dict[str, float]
    split_seed: int
    languages: tuple[str, ...]
    allowed_licenses: frozenset[str] | None
    card: Path | None
    task_categories: tuple[str, ...]
    gates: tuple[Gate, ...]
    data: dict[str, Any] = field(repr=False)
    min_precision: dict[str, float] | None = None
    shard_by_license: bool = False
    #: The card's ``license_name``/``license_link`` for 'other', when the recipe gives them.
    other_license: dict[str, str] = field(default_factory=dict)
    leakage_threshold: float | None = None

    @property
    def base_dir(self) -> Path:
        """Return the folder relative paths in the recipe are resolved against."""
        return self.path.parent

    def reason_to_withhold(self, record: Record) -> str | None:
        """Return why the release policy keeps ``record`` out of the release, or None.

        ``license_policy.allow`` lists the licences that may ship; ``configs``
        lists the languages that get a config, and records in any other
        language are withheld rather than slipped into ``all`` unnoticed.
        """
        if self.allowed_licenses is not None and record.get("license", "") not in (
            self.allowed_licenses
        ):
            return "license_not_allowed"
        if self.languages and record.get("lang") not in self.languages:
            return "language_not_configured"
        return None

    @property
    def sha256(self) -> str:
        """Return the hash of the recipe's content, independent of formatting and comments."""
        canonical = json.dumps(self.data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_recipe(path: str | Path, registry: Registry) -> Recipe:
    """Load ``path``, check every name and option against ``registry``, and build each component.

    Raises:
        RecipeError: naming the file, line and key at fault.
    """
    path = Path(path)
    data, located = parse(path)
    _check_keys(data, TOP_LEVEL, located, data, "recipe")
    for key in REQUIRED:
        if key not in data:
            raise RecipeError(f"{path}:1: missing required key {key!r} ({TOP_LEVEL[key]})")
    for key in ("name", "version"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise RecipeError(f"{located.where(data, key)}: {key!r} must be non-empty text")
    _check_name(data["name"], located.where(data, "name"))
    _check_version(data["version"], located.where(data, "version"))
    split_seed, splits = _splits(data, located)
    policy = data.get("license_policy", {})
    _check_keys(policy, {"allow": "SPDX ids"}, located, data, "license_policy")
    allow = _string_list(policy, "allow", located, default=None) if "allow" in policy else None
    card = _card(data, path, located)
    audits = _steps(data, "audits", {"audit": KINDS["audit"]}, located, registry)
    recipe = Recipe(
        path=path,
        name=data["name"],
        version=data["version"],
        description=str(data.get("description", "")).strip(),
        pretty_name=str(data.get("pretty_name", data["name"])),
        sources=_steps(data, "sources", {"read": KINDS["source"]}, located, registry),
        steps=_steps(data, "steps", STEP_VERBS, located, registry),
        audits=audits,
        targets=_steps(data, "targets", {"publish": KINDS["release_target"]}, located, registry),
        train=_single(data, "train", KINDS["trainer"], located, registry),
        executor=_single(data, "executor", KINDS["executor"], located, registry),
        splits=splits,
        split_seed=split_seed,
        languages=tuple(_string_list(data, "configs", located, default=[])),
        allowed_licenses=frozenset(allow) if allow is not None else None,
        card=card,
        task_categories=tuple(_string_list(data, "task_categories", located, default=[])),
        gates=_gates(data, located, audits),
        leakage_threshold=_leakage(data, located),
        data=data,
        min_precision=parse_min_precision(
            data.get("min_precision"), located.where(data, "min_precision")
        ),
        shard_by_license=_flag(data, "shard_by_license", located),
        other_license=_other_license(data, located),
    )
    if not recipe.sources:
        raise RecipeError(f"{located.where(data, 'sources')}: a recipe needs at least one source")
    trainer = (recipe.train,) if recipe.train else ()
    for step in (*recipe.sources, *recipe.steps, *recipe.audits, *recipe.targets, *trainer):
        check_builds(step, registry, recipe.base_dir)
    return recipe


def _other_license(data: dict[str, Any], located: Located) -> dict[str, str]:
    given: dict[str, str] = {
        key: data[key] for key in ("license_name", "license_link") if key in data
    }
    for key, value in given.items():
        if not isinstance(value, str) or not value.strip():
            raise RecipeError(f"{located.where(data, key)}: {key!r} must be non-empty text")
    return given


def _gates(data: dict[str, Any], located: Located, audits: tuple[Step, ...]) -> tuple[Gate, ...]:
    def where(mapping: object, key: str | None) -> str:
        return located.where(data, "gates") if key is None else located.where(mapping, key)

    return parse_gates(data.get("gates", {}), where, [step.name for step in audits])


def _check_name(name: str, where: str) -> None:
    """Refuse a name that could leave the releases folder or is no Hub repo id."""
    if not NAME_PATTERN.fullmatch(name) or ".." in name:
        raise RecipeError(
            f"{where}: name {name!r} must be one or two ASCII segments like 'org/name' "
            "(letters, digits, '.', '_', '-'; no '..', no leading '/' or '.', no backslash)"
        )


def _check_version(version: str, where: str) -> None:
    if not VERSION_PATTERN.fullmatch(version):
        raise RecipeError(
            f"{where}: version {version!r} is not of the form 1.0.0 "
            "(ASCII digits, optionally -pre and +build)"
        )


def _card(data: dict[str, Any], path: Path, located: Located) -> Path | None:
    """Return the card template's path, checking now that it can be read."""
    card = data.get("card")
    if card is None:
        return None
    if not isinstance(card, str) or not card.strip():
        raise RecipeError(f"{located.where(data, 'card')}: 'card' must be a file name")
    template = path.parent / card
    if not template.is_file():
        raise RecipeError(f"{located.where(data, 'card')}: card template {template} not found")
    return template


def _check_keys(
    mapping: object, allowed: dict[str, str], located: Located, parent: object, name: str
) -> None:
    if not isinstance(mapping, dict):
        raise RecipeError(f"{located.where(parent, name)}: {name!r} must be a mapping")
    for key in mapping:
        if key not in allowed:
            close = difflib.get_close_matches(key, list(allowed), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise RecipeError(
                f"{located.where(mapping, key)}: unknown key {key!r} in {name}{hint} "
                f"(known: {', '.join(sorted(allowed))})"
            )


def _splits(data: dict[str, Any], located: Located) -> tuple[int, dict[str, float]]:
    raw = data.get("splits", {"train": 1.0})
    _check_keys(raw, dict.fromkeys(SPLIT_KEYS + SPLIT_OPTIONS, ""), located, data, "splits")
    seed = raw.get("seed", 0)
    fractions = {name: raw[name] for name in SPLIT_KEYS[1:] if name in raw}
    bad = [name for name, value in fractions.items() if not _is_number(value)]
    if not isinstance(seed, int) or isinstance(seed, bool) or bad or not fractions:
        raise RecipeError(
            f"{located.where(data, 'splits')}: splits need an integer seed and finite "
            f"numeric fractions for train, validation and test (not {', '.join(bad) or 'seed'})"
        )
    if abs(sum(fractions.values()) - 1.0) > 1e-9 or min(fractions.values()) < 0:
        raise RecipeError(
            f"{located.where(data, 'splits')}: split fractions must be "
            f"non-negative and add up to 1, got {sum(fractions.values())}"
        )
    return seed, {name: float(value) for name, value in fractions.items() if value > 0}


def _leakage(data: dict[str, Any], located: Located) -> float | None:
    value = data.get("splits", {}).get("leakage")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise RecipeError(
            f"{located.where(data['splits'], 'leakage')}: 'leakage' is a Jaccard threshold "
            f"in (0, 1], got {value!r}"
        )
    return float(value)


def _is_number(value: object) -> bool:
    """Return whether ``value`` is a finite number; YAML's true/false and .nan are not."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value)


def _flag(data: dict[str, Any], key: str, located: Located) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise RecipeError(f"{located.where(data, key)}: {key!r} must be true or false")
    return value


def _string_list(
    data: dict[str, Any], key: str, located: Located, default: list[str] | None
) -> list[str]:
    value = data.get(key, default)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RecipeError(f"{located.where(data, key)}: {key!r} must be a list of names")
    return value


def _steps(
    data: dict[str, Any],
    section: str,
    verbs: dict[str, Kind],
    located: Located,
    registry: Registry,
) -> tuple[Step, ...]:
    entries = data.get(section, [])
    if not isinstance(entries, list):
        raise RecipeError(f"{located.where(data, section)}: {section!r} must be a list of steps")
    return tuple(_step(entry, verbs, located, registry, data, section) for entry in entries)


def _step(
    entry: object,
    verbs: dict[str, Kind],
    located: Located,
    registry: Registry,
    parent: object,
    section: str,
) -> Step:
    usage = " or ".join(f"'- {verb}: <name>'" for verb in verbs)
    if not isinstance(entry, dict):
        raise RecipeError(
            f"{located.where(parent, section)}: each entry of {section!r} "
            f"must be a mapping like {usage}"
        )
    found = [key for key in entry if key in verbs]
    where = located.where(entry)
    if len(found) != 1:
        others = [key for key in entry if key not in verbs]
        close = difflib.get_close_matches(others[0], list(verbs), n=1) if others else []
        hint = f"; did you mean {close[0]!r}?" if close and not found else ""
        raise RecipeError(
            f"{where}: an entry of {section!r} needs exactly one of "
            f"{', '.join(sorted(verbs))}{hint} (e.g. {usage})"
        )
    verb = found[0]
    kind = verbs[verb]
    where = located.where(entry, verb)
    name = entry[verb]
    component = registry.get(kind.name, name, where=where)
    options = {key: value for key, value in entry.items() if key != verb}
    _check_options(component, options, located, entry)
    return Step(kind, name, options, where)


def _single(
    data: dict[str, Any], key: str, kind: Kind, located: Located, registry: Registry
) -> Step | None:
    entry = data.get(key)
    if entry is None:
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("use"), str):
        raise RecipeError(
            f"{located.where(data, key)}: {key!r} must be a mapping with "
            f"'use: <{kind.name} name>' and its options"
        )
    where = located.where(entry, "use")
    component = registry.get(kind.name, entry["use"], where=where)
    options = {k: v for k, v in entry.items() if k != "use"}
    _check_options(component, options, located, entry)
    return Step(kind, entry["use"], options, where)


def _check_options(
    component: Component, options: dict[str, Any], located: Located, entry: dict[str, Any]
) -> None:
    known = component.options()
    label = f"{component.kind.verb} {component.name!r}"
    parameters = inspect.signature(component.factory).parameters
    for option in options:
        if option in SERVICES or option not in known:
            close = difflib.get_close_matches(option, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise RecipeError(
                f"{located.where(entry, option)}: {label} has no option "
                f"{option!r}{hint} (options: {', '.join(known) or 'none'})"
            )
        if _wants_list(parameters[option]) and not isinstance(options[option], (list, type(None))):
            raise RecipeError(
                f"{located.where(entry, option)}: {label} option {option!r} must be a list, "
                f"e.g. [{options[option]!r}], got {type(options[option]).__name__}"
            )
    signature = inspect.signature(component.factory)
    services = {name: None for name in signature.parameters if name in SERVICES}
    try:
        signature.bind(**options, **services)
    except TypeError as exc:
        missing = [
            name
            for name, p in signature.parameters.items()
            if p.default is p.empty
            and name not in options
            and name not in SERVICES
            and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        detail = f"needs option {missing[0]!r}" if missing else str(exc)
        raise RecipeError(f"{located.where(entry)}: {label} {detail}") from exc


def _wants_list(parameter: inspect.Parameter) -> bool:
    """Return whether ``parameter`` takes only a list, judged by its annotation or default.

    Annotations are often strings (postponed evaluation), so their text is read.
    """
    if isinstance(parameter.default, (list, tuple, set, frozenset)):
        return True
    annotation = parameter.annotation
    if isinstance(annotation, type):
        text = annotation.__name__
    else:
        text = annotation if isinstance(annotation, str) else str(annotation)
    alternatives = [part.strip() for part in re.split(r"\|(?![^\[]*\])", text)]
    listy = any(part.split("[")[0].split(".")[-1] in _LIST_TYPES for part in alternatives)
    return listy and "str" not in alternatives and "Any" not in alternatives


def build(step: Step, registry: Registry, **services: Any) -> Any:
    """Construct the component of ``step``, passing only the services its factory asks for."""
    component = registry.get(step.kind.name, step.name, where=step.where)
    factory: Callable[..., Any] = component.factory
    wanted = inspect.signature(factory).parameters
    given = {name: value for name, value in services.items() if name in wanted}
    if "hook" in wanted and "hook" not in given:
        given["hook"] = registry.pm.hook
    try:
        return factory(**step.options, **given)
    except ZhilingError as exc:
        raise type(exc)(f"{step.where}: {step.describe()}: {exc}") from exc
    except Exception as exc:
        raise RecipeError(
            f"{step.where}: {step.describe()} (plugin {component.plugin!r}) "
            f"could not be built: {type(exc).__name__}: {exc}"
        ) from exc


def check_builds(step: Step, registry: Registry, base_dir: Path) -> None:
    """Build ``step`` once with throw-away services so that bad options fail now."""
    with TemporaryDirectory(prefix="zhiling-check-") as scratch:
        build(step, registry, shard=Shard(), workdir=Path(scratch), base_dir=base_dir)
