"""Parse a recipe's YAML into plain values that remember the line of every key.

A recipe is small, but YAML lets a few hundred bytes of aliases stand for
billions of values and lets brackets nest deeper than Python's stack; a
recipe comes from anyone, so both are bounded here and refused with one line
naming the file, before they can exhaust memory or raise a ``RecursionError``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from zhiling.errors import RecipeError

#: Limits that keep a hostile recipe from exhausting memory or the stack.
MAX_RECIPE_BYTES = 1_000_000
MAX_DEPTH = 64
MAX_ALIAS_NODES = 10_000


class Located:
    """Convert YAML nodes to plain values, remembering the line of every key."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: dict[object, int] = {}
        self._scalars = yaml.SafeLoader("")
        self._seen: set[int] = set()
        self._aliased = 0

    def value(self, node: yaml.Node, inside_alias: bool = False) -> Any:
        """Convert ``node``; nodes reached again through an alias count against a budget.

        The composer shares one node per anchor, so a few bytes of aliases can
        stand for billions of nodes; counting them here stops the expansion early.
        """
        inside_alias = inside_alias or id(node) in self._seen
        self._seen.add(id(node))
        if inside_alias:
            self._aliased += 1
            if self._aliased > MAX_ALIAS_NODES:
                raise RecipeError(
                    f"{self.at(node)}: aliases expand to more than {MAX_ALIAS_NODES:,} "
                    "values; write the values out instead"
                )
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.value(key_node, inside_alias)
                if not isinstance(key, str):
                    raise RecipeError(f"{self.at(key_node)}: keys must be text, got {key!r}")
                if key in result:
                    raise RecipeError(f"{self.at(key_node)}: key {key!r} appears twice")
                result[key] = self.value(value_node, inside_alias)
                self.lines[id(result)] = self.lines.get(id(result), key_node.start_mark.line + 1)
                self.lines[(id(result), key)] = key_node.start_mark.line + 1
            return result
        if isinstance(node, yaml.SequenceNode):
            items = [self.value(item, inside_alias) for item in node.value]
            self.lines[id(items)] = node.start_mark.line + 1
            return items
        return self._scalars.construct_object(node)

    def at(self, node: yaml.Node) -> str:
        return f"{self.path}:{node.start_mark.line + 1}"

    def where(self, container: object, key: str | None = None) -> str:
        line = self.lines.get((id(container), key) if key else id(container))
        return f"{self.path}:{line or 1}"


def parse(path: Path) -> tuple[dict[str, Any], Located]:
    """Read ``path`` as YAML, keeping line numbers for later messages."""
    try:
        if path.stat().st_size > MAX_RECIPE_BYTES:
            raise RecipeError(f"{path}: a recipe may be at most {MAX_RECIPE_BYTES:,} bytes")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecipeError(f"{path}: cannot read recipe: {exc}") from exc
    located = Located(path)
    try:
        _check_depth(path, text)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise RecipeError(f"{path}{line}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(node, yaml.MappingNode):
        raise RecipeError(f"{path}:1: a recipe is a mapping with keys like 'name' and 'sources'")
    data = located.value(node)
    return data, located


def _check_depth(path: Path, text: str) -> None:
    """Refuse nesting deeper than ``MAX_DEPTH`` before the recursive composer sees it.

    The event parser keeps its state on a list, so walking its events is safe
    at any depth where composing the tree would overflow the stack.
    """
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else 1
                raise RecipeError(f"{path}:{line}: nested deeper than {MAX_DEPTH} levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
