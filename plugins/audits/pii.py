"""Count, redact or drop personal data and secrets, Chinese formats included.

Types: ``email``, ``phone`` (mainland mobile, landline with area code,
E.164), ``cn_id`` (resident ID with valid checksum and birth date),
``bank_card`` (issuer prefix, length and Luhn digit), ``ip`` (IPv4/IPv6 outside
the ``ip_ignore`` ranges), ``url_credentials`` (the ``user:password`` of a URL)
and ``secret`` (cloud keys, ``hf_`` and GitHub tokens, private key blocks).

Each type has a mode. ``report`` counts it and leaves it in the release (it
counts as *remaining*). ``redact`` replaces each value with a typed, numbered
placeholder such as ``<EMAIL_1>``: within one record, the same value in any
field gets the same number, so a reader still sees that two mentions are one
address; numbering restarts with each record. ``drop`` drops the whole record
with the reason ``contains_pii_<type>``.

Audits only observe; this one also implements ``apply``, which the core calls
before ``observe`` (see ``zhiling.kinds.Audit``). Only the text ``fields`` are
rewritten and only inside matches; ``source`` spans point into the source
document, not into these fields, so they stay valid.
"""

from __future__ import annotations

from bisect import insort
from collections import Counter
from collections.abc import Iterator
from typing import Any

from zhiling import RecipeError, Record, hookimpl
from zhiling.plugins.audits._pii_patterns import IP_RANGES, TYPES, Detector, Match

MODES = ("report", "redact", "drop")
DEFAULT_FIELDS = ("instruction", "input", "output", "text", "messages")
# Multicast groups name a set of listeners, never one host.
DEFAULT_IP_IGNORE = (
    "documentation", "private", "loopback", "link_local", "unspecified", "multicast",
)  # fmt: skip
Key = tuple[str, int]  # (field, message index or -1)


class PiiAudit:
    """Find PII in the text fields of every record and report, redact or drop it by type."""

    def __init__(
        self,
        *,
        mode: str = "report",
        modes: dict[str, str] | None = None,
        ip_ignore: list[str] | None = None,
        fields: list[str] | None = None,
        samples: int = 5,
    ) -> None:
        chosen = {name: mode for name in TYPES} | dict(modes or {})
        for name, value in chosen.items():
            if name not in TYPES:
                raise RecipeError(f"unknown PII type {name!r} (known: {', '.join(TYPES)})")
            if value not in MODES:
                raise RecipeError(f"mode {value!r} for {name!r} is not one of {', '.join(MODES)}")
        ignore = tuple(DEFAULT_IP_IGNORE if ip_ignore is None else ip_ignore)
        if set(ignore) - set(IP_RANGES):
            raise RecipeError(f"ip_ignore takes range names among {', '.join(IP_RANGES)}")
        self.modes = chosen
        self.fields = tuple(fields or DEFAULT_FIELDS)
        self.detector = Detector(TYPES, ignore)
        self.samples = samples
        self.found: Counter[str] = Counter()
        self.redacted: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        self.remaining: Counter[str] = Counter()
        self.records = 0
        self.records_with_pii = 0
        self.sample_ids: list[str] = []

    def texts(self, record: Record) -> Iterator[tuple[Key, str]]:
        """Yield every text this audit reads, keyed by field (and message index)."""
        for name in self.fields:
            value = record.get(name)
            if isinstance(value, str):
                yield (name, -1), value
            elif name == "messages" and isinstance(value, list):
                for index, message in enumerate(value):
                    if isinstance(message, dict) and isinstance(message.get("content"), str):
                        yield (name, index), message["content"]

    def apply(self, record: Record) -> Record | str:
        """Return the record with ``redact`` types replaced, or why a ``drop`` type drops it."""
        found = {key: self.detector.find(text) for key, text in self.texts(record)}
        counts = Counter(m.type for matches in found.values() for m in matches)
        self.found.update(counts)
        for name in TYPES:
            if counts[name] and self.modes[name] == "drop":
                self.dropped[name] += 1
                return f"contains_pii_{name}"
        if not any(counts[name] and self.modes[name] == "redact" for name in TYPES):
            return record
        return self.redact(record, found)

    def redact(self, record: Record, found: dict[Key, list[Match]]) -> Record:
        """Return a copy of ``record`` with every ``redact``-mode match in ``found`` replaced."""
        numbers: dict[tuple[str, str], int] = {}
        per_type: Counter[str] = Counter()
        texts = dict(self.texts(record))
        result: dict[str, Any] = dict(record)
        for key, matches in found.items():
            parts, last = [], 0
            for match in matches:
                if self.modes[match.type] != "redact":
                    continue
                if (match.type, match.value) not in numbers:
                    per_type[match.type] += 1
                    numbers[match.type, match.value] = per_type[match.type]
                number = numbers[match.type, match.value]
                parts += [texts[key][last : match.start], f"<{match.type.upper()}_{number}>"]
                last = match.end
                self.redacted[match.type] += 1
            new_text = "".join(parts) + texts[key][last:]
            field, index = key
            if index < 0:
                result[field] = new_text
            else:
                if result[field] is record.get(field):
                    result[field] = [dict(message) for message in result[field]]
                result[field][index]["content"] = new_text
        return result  # type: ignore[return-value]

    def observe(self, record: Record) -> None:
        self.records += 1
        counts = Counter(m.type for _, text in self.texts(record) for m in self.detector.find(text))
        if counts:
            self.remaining.update(counts)
            self.records_with_pii += 1
            insort(self.sample_ids, str(record.get("id", "")))
            del self.sample_ids[self.samples :]

    def report(self) -> dict[str, Any]:
        by_type = {
            name: {
                "mode": self.modes[name],
                "found": self.found[name],
                "redacted": self.redacted[name],
                "dropped_records": self.dropped[name],
                "remaining": self.remaining[name],
            }
            for name in TYPES
        }
        return {
            "records": self.records,
            "remaining": sum(self.remaining.values()),
            "records_with_remaining": self.records_with_pii,
            "redacted": sum(self.redacted.values()),
            "dropped_records": sum(self.dropped.values()),
            "by_type": by_type,
            "sample_ids": list(self.sample_ids),
        }


@hookimpl
def register_audits(register):
    register("pii", PiiAudit)
