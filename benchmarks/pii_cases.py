"""A labelled PII test set, generated from a seed: real-format values and look-alikes.

Positives are built to the rules of each format (resident-ID checksum and
birth date, issuer prefix and Luhn digit, mainland mobile and landline
numbers, E.164, global IP addresses, tokens), written plain, with separators
and in full-width digits, inside Chinese or English sentences. Negatives are
what such a detector confuses them with: IDs with a wrong check digit or an
impossible birth date, cards failing Luhn, order numbers, ISBNs, dates,
version strings, timestamps, MAC addresses, private and documentation
addresses, and what documentation writes: section and kernel version numbers,
netmasks, decimal limits, and the role addresses of projects (list, bug tracker and
package aliases, postmaster and the like).
``tests/plugins/audits/test_pii.py`` asserts precision and recall on it;
``benchmarks/audits.py`` prints them.
"""

from __future__ import annotations

import ipaddress
import random
import string
from dataclasses import dataclass

PROVINCES = ("11", "31", "44", "51", "62", "65", "33", "42", "81")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ZH = ("请联系{}。", "我的信息是{}，请保密。", "客服：{}（工作日）", "登记资料：{}")
EN = ("Contact {} for details.", "My details: {}, keep them private.", "Call or write to {} today.")
FULL = str.maketrans({chr(0x21 + i): chr(0xFF01 + i) for i in range(94)} | {" ": "\u3000"})


@dataclass(frozen=True)
class Case:
    """One text holding one item; ``label`` is its PII type, or None for a look-alike."""

    text: str
    label: str | None
    start: int
    end: int


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def cn_id(rng: random.Random, *, valid: bool = True, bad_date: bool = False) -> str:
    """Return a resident ID; ``valid=False`` gets a wrong check digit, ``bad_date`` month 13."""
    region = rng.choice(PROVINCES) + _digits(rng, 4)
    month = 13 if bad_date else rng.randint(1, 12)
    born = f"{rng.randint(1940, 2015)}{month:02d}{rng.randint(1, 28):02d}"
    body = region + born + _digits(rng, 3)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]
    if not valid:
        check = rng.choice([c for c in "0123456789X" if c != check])
    return body + check


def luhn_digit(body: str) -> str:
    """Return the digit that makes ``body + digit`` pass the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(body)):
        value = int(char) * (1 if position % 2 else 2)
        total += value - 9 if value > 9 else value
    return str(-total % 10)


def card(rng: random.Random, *, valid: bool = True) -> str:
    """Return a card number of a real issuer prefix and length, Luhn-valid or not."""
    prefix, length = rng.choice([("4", 16), ("53", 16), ("62", 16), ("62", 19), ("37", 15)])
    body = prefix + _digits(rng, length - len(prefix) - 1)
    digit = luhn_digit(body)
    return body + (digit if valid else str((int(digit) + rng.randint(1, 9)) % 10))


def group(number: str, sizes: tuple[int, ...], sep: str) -> str:
    """Return ``number`` split into groups of ``sizes`` joined by ``sep``."""
    parts, at = [], 0
    for size in sizes:
        parts.append(number[at : at + size])
        at += size
    if at < len(number):
        parts.append(number[at:])
    return sep.join(p for p in parts if p)


def _style(rng: random.Random, value: str) -> str:
    return value.translate(FULL) if rng.random() < 0.25 else value


def _public_ip(rng: random.Random) -> str:
    while True:
        if rng.random() < 0.7:
            address = ipaddress.IPv4Address(rng.getrandbits(32))
        else:
            address = ipaddress.IPv6Address(
                (0x2400 + rng.randrange(0x400)) << 112 | rng.getrandbits(64)
            )
        if address.is_global and not address.is_multicast:  # a group, not a host
            return str(address)


def positive(rng: random.Random, kind: str) -> str:
    """Return one value of PII type ``kind`` in one of its usual written forms."""
    sep = rng.choice([" ", "-", ""])
    if kind == "cn_id":
        value = cn_id(rng)
        value = value.lower() if rng.random() < 0.1 else value
        return _style(
            rng, group(value, rng.choice([(6, 8, 4), (6, 4, 4, 4)]), rng.choice([" ", ""]))
        )
    if kind == "bank_card":
        number = card(rng)
        sizes = (4, 6, 5) if len(number) == 15 else (4, 4, 4, 4)
        return _style(rng, group(number, sizes, sep))
    if kind == "phone":
        shape = rng.randrange(3)
        if shape == 0:
            mobile = f"1{rng.choice('3456789')}{_digits(rng, 9)}"
            prefix = rng.choice(["", "", "+86 ", "+86-", "(+86) "])
            return _style(rng, prefix + group(mobile, (3, 4, 4), sep))
        if shape == 1:
            area = rng.choice(["010", "021", "020", "0755", "0571", "028"])
            local = rng.choice("2345678") + _digits(rng, 7)
            return _style(rng, rng.choice([f"{area}-{local}", f"({area}) {local[:4]} {local[4:]}"]))
        country = rng.choice(["44", "1", "81", "49", "33"])
        return f"+{country} {_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 4)}"
    if kind == "email":
        user = rng.choice(["zhang.wei", "li_na88", "wang+news", "j.smith", "admin2024"])
        host = rng.choice(["example.com", "mail.example.cn", "corp.example.org", "163.com"])
        return _style(rng, f"{user}@{host}") if rng.random() < 0.5 else f"{user}@{host}"
    if kind == "ip":
        return _public_ip(rng)
    if kind == "secret":
        alnum = string.ascii_letters + string.digits
        return rng.choice(
            [
                "AKIA"
                + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(16)),
                "hf_" + "".join(rng.choice(alnum) for _ in range(34)),
                "ghp_" + "".join(rng.choice(alnum) for _ in range(36)),
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA"
                + "".join(rng.choice(alnum) for _ in range(64))
                + "\n-----END RSA PRIVATE KEY-----",
            ]
        )
    raise ValueError(kind)


def negative(rng: random.Random) -> str:
    """Return a look-alike that must not be reported."""
    fake_card = card(rng, valid=False)
    four_part = ".".join(str(rng.randint(1, 99)) for _ in range(4))
    return rng.choice(
        [
            cn_id(rng, valid=False),
            group(cn_id(rng, valid=False), (6, 8, 4), " "),
            cn_id(rng, bad_date=True),
            fake_card,
            group(fake_card, (4, 4, 4, 4), " "),
            f"订单号 2025{_digits(rng, 12)}",
            f"Order 2024-{_digits(rng, 4)}-{_digits(rng, 4)}-{_digits(rng, 4)}",
            f"ISBN 978-7-{_digits(rng, 3)}-{_digits(rng, 5)}-{rng.randint(0, 9)}",
            f"978{_digits(rng, 10)}",
            f"{rng.randint(1990, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            f"{rng.randint(1990, 2030)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
            f"{rng.randint(1990, 2030)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}",
            "version " + ".".join(str(rng.randint(0, 20)) for _ in range(4)),
            f"v{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}",
            f"linux-image-{four_part}",
            f"libfoo {four_part}-1",
            f"{rng.randint(10, 23)}:{rng.randint(10, 59)}:{rng.randint(10, 59)}",
            ":".join(f"{rng.randrange(256):02x}" for _ in range(6)),
            f"timestamp 17{_digits(rng, 8)}",
            f"12{_digits(rng, 9)}",
            f"192.168.{rng.randrange(256)}.{rng.randrange(1, 255)}",
            f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
            f"203.0.113.{rng.randrange(1, 255)}",
            f"2001:db8::{rng.randrange(1, 0xFFFF):x}",
            "user@localhost",
            f"https://user@example.com:{rng.randint(1024, 9999)}/path",
            "".join(rng.choice("0123456789abcdef") for _ in range(40)),
            "hf_hub_download",
            f"¥{rng.randint(1, 99)},{_digits(rng, 3)}.{_digits(rng, 2)}",
            # what documentation writes (Debian FAQ, Handbook, man pages, LibreOffice help)
            f"「{rng.randint(1, 12)}.{rng.randint(1, 9)}.{rng.randint(1, 9)}.{rng.randint(1, 9)}."
            " 配置逻辑卷管理」",
            "Section " + ".".join(str(rng.randint(1, 20)) for _ in range(4)),
            f"Linux 2.6.{rng.randint(1, 39)}.{rng.randint(1, 20)}",
            rng.choice(["255.255.255.0", "255.255.0.0", "255.255.255.252", "255.255.255.128"]),
            f"+{_digits(rng, 15)}.{_digits(rng, 4)}",
            rng.choice(["submit", "control", "debian-user", "debian-devel", "12345"])
            + rng.choice(["@bugs.debian.org", "@lists.debian.org"]),
            rng.choice(["zim", "xyz", "apt"]) + "@packages.debian.org",
            rng.choice(["postmaster", "webmaster", "security", "support", "foo-request"])
            + "@example.com",
        ]
    )


def cases(seed: int = 0, per_type: int = 300, negatives: int = 1500) -> list[Case]:
    """Return ``per_type`` positives of every type and ``negatives`` look-alikes, in sentences."""
    from zhiling.plugins.audits._pii_patterns import TYPES

    rng = random.Random(seed)
    items: list[tuple[str | None, str]] = [
        (kind, positive(rng, kind))
        for kind in TYPES
        if kind != "url_credentials"
        for _ in range(per_type)
    ]
    items += [(None, negative(rng)) for _ in range(negatives)]
    result = []
    for label, value in items:
        template = rng.choice(ZH + EN)
        before, after = template.split("{}")
        result.append(Case(before + value + after, label, len(before), len(before) + len(value)))
    for _ in range(per_type):
        user, secret = rng.choice(["admin", "deploy", "李雷"]), _digits(rng, 4) + "pw!x"
        scheme = rng.choice(["https", "postgres", "redis", "ftp"])
        before = f"连接串 {scheme}://"
        text = f"{before}{user}:{secret}@db{rng.randint(1, 9)}.example.com:5432/app"
        result.append(
            Case(text, "url_credentials", len(before), len(before) + len(user) + len(secret) + 1)
        )
    return result


def score(detector_find, items: list[Case]) -> dict[str, dict[str, float]]:
    """Return precision and recall per type of ``detector_find`` over ``items``."""
    from zhiling.plugins.audits._pii_patterns import TYPES

    hits = {kind: 0 for kind in TYPES}
    found = {kind: 0 for kind in TYPES}
    wanted = {kind: sum(c.label == kind for c in items) for kind in TYPES}
    for case in items:
        for match in detector_find(case.text):
            found[match.type] += 1
            if (match.type, match.start, match.end) == (case.label, case.start, case.end):
                hits[match.type] += 1
    return {
        kind: {
            "precision": hits[kind] / found[kind] if found[kind] else 1.0,
            "recall": hits[kind] / wanted[kind] if wanted[kind] else 1.0,
            "found": found[kind],
            "expected": wanted[kind],
        }
        for kind in TYPES
    }
