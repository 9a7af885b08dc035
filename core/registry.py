"""Collect every component that plugins register, and reject duplicate names."""

from __future__ import annotations

import difflib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pluggy

from zhiling.errors import PluginError, RecipeError
from zhiling.kinds import KINDS, SERVICES, Kind


@dataclass(frozen=True)
class Component:
    """One registered factory and the plugin that registered it."""

    kind: Kind
    name: str
    factory: Callable[..., Any]
    plugin: str

    @property
    def qualname(self) -> str:
        """Return ``module.qualname`` of the factory, to name it in errors."""
        module = getattr(self.factory, "__module__", "?")
        return f"{module}.{getattr(self.factory, '__qualname__', repr(self.factory))}"

    def options(self) -> list[str]:
        """Return the option names a recipe may set: the factory's non-service parameters."""
        parameters = inspect.signature(self.factory).parameters.values()
        return [
            p.name
            for p in parameters
            if p.name not in SERVICES and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]


class Registry:
    """Kind → name → component, built by calling each registration hook once."""

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm
        self._components: dict[str, dict[str, Component]] = {name: {} for name in KINDS}
        for kind in KINDS.values():
            caller = getattr(pm.hook, kind.hook)
            for impl in caller.get_hookimpls():
                self._call_one(kind, impl)

    def _call_one(self, kind: Kind, impl: pluggy.HookImpl) -> None:
        def register(name: str, factory: Callable[..., Any]) -> None:
            self._add(Component(kind, name, factory, impl.plugin_name))

        try:
            impl.function(register=register)
        except PluginError:
            raise
        except Exception as exc:
            raise PluginError(
                f"plugin {impl.plugin_name!r} failed in {kind.hook}: {type(exc).__name__}: {exc}"
            ) from exc

    def _add(self, component: Component) -> None:
        if not component.name or component.name != component.name.strip():
            raise PluginError(
                f"plugin {component.plugin!r} registered a {component.kind.name} "
                f"with an invalid name {component.name!r}"
            )
        known = self._components[component.kind.name]
        if component.name in known:
            first = known[component.name]
            raise PluginError(
                f"{component.kind.name} {component.name!r} is registered twice: by "
                f"{component.qualname} (plugin {component.plugin!r}) and by "
                f"{first.qualname} (plugin {first.plugin!r}). To run without one, set "
                f"ZHILING_DISABLE_PLUGINS to its plugin name"
            )
        known[component.name] = component

    def names(self, kind: str) -> list[str]:
        """Return the registered names of ``kind``, sorted."""
        return sorted(self._components[kind])

    def components(self, kind: str) -> list[Component]:
        """Return the registered components of ``kind``, sorted by name."""
        return [self._components[kind][name] for name in self.names(kind)]

    def get(self, kind: str, name: str, *, where: str = "") -> Component:
        """Return the component ``name`` of ``kind`` or raise a ``RecipeError`` with a hint."""
        try:
            return self._components[kind][name]
        except KeyError:
            pass
        known = self.names(kind)
        close = difflib.get_close_matches(str(name), known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        prefix = f"{where}: " if where else ""
        raise RecipeError(
            f"{prefix}{KINDS[kind].verb} {name!r} is not installed{hint} "
            f"(known: {', '.join(known) or 'none'})"
        )
