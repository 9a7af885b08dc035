"""Which plugins a recipe used, and what changed between two builds of a release.

The manifest lists only the components a recipe names (its sources, steps,
audits, targets and trainer) and the plugins rendering its card, each with
the distribution and version providing it. Installing an unrelated plugin
then changes neither the manifest nor the card, and ``verify`` can say which
plugin or input moved when a rebuild differs.
"""

from __future__ import annotations

from typing import Any

from zhiling.kinds import KINDS
from zhiling.manager import plugin_versions
from zhiling.recipe import Recipe, Step
from zhiling.registry import Registry

#: The key of the card renderers in the manifest's ``components``.
CARD_RENDERER = "card_renderer"


def used_steps(recipe: Recipe) -> list[Step]:
    """Return every step whose component can change the release, the default target included."""
    targets = recipe.targets or (Step(KINDS["release_target"], "local-dir", {}, "default target"),)
    steps = [*recipe.sources, *recipe.steps, *recipe.audits, *targets]
    return steps + ([recipe.train] if recipe.train is not None else [])


def _distribution(registry: Registry, plugin_name: str) -> tuple[str, str]:
    """Return the (distribution, version) that installed ``plugin_name``; built-ins are zhiling."""
    plugin = registry.pm.get_plugin(plugin_name)
    for candidate, dist in registry.pm.list_plugin_distinfo():
        if candidate is plugin:
            return str(dist.project_name), str(dist.version)
    return "zhiling", plugin_versions(registry.pm)["zhiling"]


def used_components(recipe: Recipe, registry: Registry) -> dict[str, dict[str, str]]:
    """Return ``"<kind> <name>" -> {"plugin", "version"}`` for what the recipe uses."""
    used: dict[str, dict[str, str]] = {}
    for step in used_steps(recipe):
        plugin = registry.get(step.kind.name, step.name).plugin
        dist, version = _distribution(registry, plugin)
        used[f"{step.kind.name} {step.name}"] = {"plugin": dist, "version": version}
    for impl in registry.pm.hook.render_dataset_card.get_hookimpls():
        dist, version = _distribution(registry, impl.plugin_name)
        used[f"{CARD_RENDERER} {impl.plugin_name}"] = {"plugin": dist, "version": version}
    return dict(sorted(used.items()))


def used_plugins(components: dict[str, dict[str, str]]) -> dict[str, str]:
    """Return each distribution the components come from, with its version."""
    return dict(sorted({c["plugin"]: c["version"] for c in components.values()}.items()))


def changed_components(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Return one line per component added, removed, or now from another plugin or version."""
    lines = []
    for key in sorted(set(old) | set(new)):
        kind, _, name = key.partition(" ")
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if after is None:
            lines.append(f"{kind} {name} is no longer used")
        elif before is None:
            lines.append(f"{kind} {name} is new (plugin {after['plugin']} {after['version']})")
        elif before["plugin"] != after["plugin"]:
            lines.append(
                f"{kind} {name} now comes from plugin {after['plugin']} {after['version']}"
                f" (was {before['plugin']} {before['version']})"
            )
        else:
            lines.append(
                f"plugin {name} {before['version']} → {after['version']} ({before['plugin']})"
            )
    return lines


def changed_inputs(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """Return one line per input whose checksum differs, or that appeared or disappeared."""
    lines = []
    for name in sorted(set(old) | set(new)):
        if name not in new:
            lines.append(f"input {name} is missing")
        elif name not in old:
            lines.append(f"input {name} is new")
        elif old[name] != new[name]:
            lines.append(f"input {name} checksum differs")
    return lines
