"""Release gates: limits on audit figures that must hold for a release to be published.

A recipe's top-level ``gates:`` maps ``<audit>.<figure>`` to a limit::

    gates:
      pii.remaining: 0            # a bare number is a maximum
      bias.max_skew: 3.0
      distributions.records: {min: 100}

``<audit>`` is the name of one of the recipe's audits, or ``distributions``
for the figures of the release report; ``<figure>`` is a dotted path into
that audit's report. Gates are checked once the release has been built in its
scratch folder and before any target publishes it, so a failing gate leaves
no release behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zhiling.errors import RecipeError, ReleaseError

#: Figures of the release report itself, next to the audits' own.
REPORT_SECTION = "distributions"


@dataclass(frozen=True)
class Gate:
    """One limit on one figure, with the recipe line it came from."""

    figure: str
    minimum: float | None
    maximum: float | None
    where: str

    @property
    def audit(self) -> str:
        """Return the audit (or report section) the figure belongs to."""
        return self.figure.split(".", 1)[0]

    def describe(self) -> str:
        """Return the limit in words, e.g. ``at most 0``."""
        parts = []
        if self.minimum is not None:
            parts.append(f"at least {self.minimum:g}")
        if self.maximum is not None:
            parts.append(f"at most {self.maximum:g}")
        return " and ".join(parts)


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def parse_gates(
    raw: object, where: Callable[[object, str | None], str], audits: list[str]
) -> tuple[Gate, ...]:
    """Return the gates of a recipe's ``gates:`` mapping, naming ``file:line`` on bad input."""
    if not isinstance(raw, dict):
        raise RecipeError(f"{where(raw, None)}: 'gates' must map '<audit>.<figure>' to a limit")
    gates = []
    for key, limit in raw.items():
        at = where(raw, key)
        audit, _, path = key.partition(".")
        if not path:
            raise RecipeError(f"{at}: gate {key!r} must be written '<audit>.<figure>'")
        if audit not in audits and audit != REPORT_SECTION:
            known = ", ".join([*audits, REPORT_SECTION])
            raise RecipeError(
                f"{at}: gate {key!r} reads audit {audit!r}, which the recipe does not run "
                f"(known: {known}); add '- audit: {audit}' under 'audits'"
            )
        if _number(limit):
            gates.append(Gate(key, None, float(limit), at))
            continue
        bounds = limit if isinstance(limit, dict) else {}
        if not bounds or set(bounds) - {"min", "max"} or not all(map(_number, bounds.values())):
            raise RecipeError(
                f"{at}: gate {key!r} needs a number (a maximum) or a mapping "
                f"with numeric 'min' and/or 'max', got {limit!r}"
            )
        gates.append(Gate(key, bounds.get("min"), bounds.get("max"), at))
    return tuple(gates)


def _figure(reports: dict[str, Any], gate: Gate) -> float:
    value: Any = reports.get(gate.audit)
    for part in gate.figure.split(".")[1:]:
        value = value.get(part) if isinstance(value, dict) else None
    if not _number(value):
        raise ReleaseError(
            f"{gate.where}: gate {gate.figure!r}: audit {gate.audit!r} reports no number "
            f"at {gate.figure.split('.', 1)[1]!r} (got {value!r}); nothing was published"
        )
    return float(value)


def check_gates(gates: tuple[Gate, ...], reports: dict[str, Any]) -> list[dict[str, Any]]:
    """Return every gate's figure and result, or raise ``ReleaseError`` naming each failure."""
    results, failures = [], []
    for gate in gates:
        value = _figure(reports, gate)
        passed = (gate.minimum is None or value >= gate.minimum) and (
            gate.maximum is None or value <= gate.maximum
        )
        results.append(
            {
                "gate": gate.figure,
                "value": value,
                "min": gate.minimum,
                "max": gate.maximum,
                "passed": passed,
            }
        )
        if not passed:
            failures.append(
                f"{gate.where}: gate {gate.figure!r} failed: audit {gate.audit!r} reports "
                f"{gate.figure.split('.', 1)[1]} = {value:g}, which must be {gate.describe()}"
            )
    if failures:
        raise ReleaseError("; ".join(failures) + "; the release was not published")
    return results
