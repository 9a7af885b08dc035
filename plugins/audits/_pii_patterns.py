"""Find personal data and secrets in text, with the formats used in mainland China.

Text is first folded one character for one character (full-width ASCII to
ASCII, the ideographic space to a space, Unicode dashes to "-"), so
「１３８ ００１３ ８０００」 is found like "138 0013 8000" and every match
position is also a position in the original text. Candidates come from regular
expressions; numbers are then validated (resident-ID checksum and birth date,
the Luhn digit and issuer prefix of cards, real IP addresses), because a
pattern alone cannot tell a card number from an order number.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

#: PII types, in the order overlapping matches are preferred.
TYPES = ("secret", "url_credentials", "email", "cn_id", "bank_card", "phone", "ip")

# The full-width colon is kept: it ends labels such as 「地址：」, and an IPv6
# address must not take it for one of its own colons.
FOLD = str.maketrans(
    {0xFF01 + i: chr(0x21 + i) for i in range(94) if i != 0x19}
    | {0x3000: " ", 0x00A0: " ", 0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-"}
    | {0x2014: "-", 0x2212: "-", 0xFE63: "-"}
)
SEPARATORS = re.compile(r"[\s()\-]")

#: Address ranges that identify nobody; the ``ip_ignore`` option picks from these.
IP_RANGES = {
    "documentation": ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"),
    "private": ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"),
    "loopback": ("127.0.0.0/8", "::1/128"),
    "link_local": ("169.254.0.0/16", "fe80::/10"),
    "unspecified": ("0.0.0.0/8", "::/128"),
    "multicast": ("224.0.0.0/4", "ff00::/8"),
}
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "  # noqa: SIM905
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
#: Card issuer prefixes with the lengths their numbers have (Visa, Mastercard,
#: Amex, UnionPay, JCB, Discover, Diners).
CARD_ISSUERS = (
    (("4",), (13, 16, 19)),
    (tuple(str(n) for n in (*range(51, 56), *range(2221, 2721))), (16,)),
    (("34", "37"), (15,)),
    (("62",), (16, 19)),
    (tuple(str(n) for n in range(3528, 3590)), (16,)),
    (("6011", "65", *(str(n) for n in range(644, 650))), (16,)),
    (("36", "38", *(str(n) for n in range(300, 306))), (14,)),
)
VERSION_BEFORE = re.compile(r"(?:version|ver\.?|release|版本|版本号)\s*[:：]?\s*$", re.I)
#: Dotted numbers that documentation writes where an IPv4 address could be: a section
#: ("Section 8.6.8.2", 「第 1.2.3.4 节」), a kernel or product version ("Linux 2.6.32.5").
NUMBER_BEFORE = re.compile(r"(?:section|sect\.|§|chapter|linux|kernel|第)\s*$", re.I)
#: A heading number: at the start of a line or after an opening bracket or quote, followed
#: by a full stop and the heading ("11.2.3.4. Configuring LVM", 「11.2.3.4. 配置」).
HEADING_BEFORE = re.compile(r"(?:^|[\n「『“\"'(（])\s*$")
HEADING_AFTER = re.compile(r"\.\s*\S")
#: A full stop then Chinese is a heading number wherever it stands (「图 4.10. 验证分区4.2.13.2.
#: 手动分区」): Chinese text ends its sentences with 「。」.
HEADING_AFTER_HAN = re.compile(r"\.\s*[\u4e00-\u9fff]")
#: Mailboxes of a role, not a person (RFC 2142's and those of mailing-list software and
#: bug trackers), whatever the domain.
ROLE_MAILBOXES = frozenset(
    "abuse admin bugs bug contact control git help hostmaster info listmaster mailer-daemon "  # noqa: SIM905
    "majordomo news noc noreply no-reply owner postmaster press request root sales "
    "security submit support sympa team webmaster".split()
)
#: Local parts that documentation writes as a stand-in for the reader's own address
#: ("ssh user@host.dom", "user.email yourname@example.com"): nobody's address.
PLACEHOLDER_MAILBOXES = frozenset(
    "user username yourname your-name you me foo bar login name someone somebody".split()  # noqa: SIM905
)
#: systemd template instances ("modprobe@module.service") look like addresses.
UNIT_SUFFIXES = (".service", ".socket", ".target", ".timer", ".mount", ".path", ".device")
#: Local-part endings of list addresses and their robots (debian-user, foo-request, …).
LIST_SUFFIXES = (
    "-announce", "-bounces", "-devel", "-discuss", "-done", "-help", "-owner", "-request",
    "-subscribe", "-unsubscribe", "-user", "-users",
)  # fmt: skip
#: First labels of hosts that serve lists, bug trackers and package aliases
#: (lists.debian.org, bugs.debian.org, packages.debian.org).
ROLE_HOSTS = ("lists", "bugs", "packages")

# A number must not continue another one: no digit or letter next to it, nor
# a digit behind a single separator ("Order 2024-0950-3410-7829").
# Nor the integer part of a decimal ("-922337203685477.5808 to +922337203685477.5807").
L, R = r"(?<![0-9A-Za-z])(?<![0-9][ \-])", r"(?![0-9A-Za-z])(?![ \-][0-9])(?!\.[0-9])"
AREA = r"0(?:10|2\d|[3-9]\d{2})"


@dataclass(frozen=True)
class Match:
    """One finding: its type, its span in the text and a normalised value for numbering."""

    type: str
    start: int
    end: int
    value: str


def digits(text: str) -> str:
    """Return ``text`` without separators, upper-cased (for ID numbers ending in X)."""
    return SEPARATORS.sub("", text).upper()


def valid_cn_id(text: str) -> bool:
    """Return whether an 18-character resident ID has a known province, a real date and checksum."""
    number = digits(text)
    if len(number) != 18 or number[:2] not in PROVINCES:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not 1900 <= born.year <= 2099:
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17]


def luhn(number: str) -> bool:
    """Return whether ``number`` passes the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(number)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def valid_card(text: str) -> bool:
    """Return whether a number has a known issuer prefix, that issuer's length and a Luhn digit."""
    number = digits(text)
    for prefixes, lengths in CARD_ISSUERS:
        if number.startswith(prefixes) and len(number) in lengths:
            return luhn(number)
    return False


def personal_email(text: str) -> bool:
    """Return whether an address may be a person's: not a role mailbox, list or tracker."""
    local, _, host = text.lower().rpartition("@")
    local = local.split("+", 1)[0]
    if local in ROLE_MAILBOXES or local.endswith(LIST_SUFFIXES) or local.isdigit():
        return False
    if local in PLACEHOLDER_MAILBOXES or host.endswith(UNIT_SUFFIXES):
        return False
    return host.split(".", 1)[0] not in ROLE_HOSTS


def netmask(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Return whether ``address`` is an IPv4 netmask: 255 first, then contiguous one bits."""
    if address.version != 4:
        return False
    bits = int(address)
    return bits >> 24 == 255 and (bits | (bits - 1)) == 0xFFFFFFFF if bits else False


def valid_ip(ignore: tuple[str, ...]) -> Callable[[str], bool]:
    """Return a check that accepts real IPv4/IPv6 addresses outside the ``ignore`` ranges."""
    networks = [ipaddress.ip_network(net) for name in ignore for net in IP_RANGES[name]]

    def check(text: str) -> bool:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            return False
        if netmask(address):
            return False
        return not any(address.version == n.version and address in n for n in networks)

    return check


@dataclass(frozen=True)
class Pattern:
    """A candidate expression for one type; ``group`` picks the part to report."""

    type: str
    regex: re.Pattern[str]
    check: Callable[[str], bool] | None = None
    group: int = 0
    value: Callable[[str], str] = digits
    #: A string every match contains ("" for none): patterns whose string is
    #: absent are skipped, which is most of them for most text.
    needs: str = ""


SECRET_PATTERNS = (
    r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])",
    r"(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,40}(?![A-Za-z0-9_])",
    r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_\w{60,100})(?![A-Za-z0-9_])",
    r"(?<![A-Za-z0-9_])(?:xox[abposr]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_\-]{35})",
    r"(?s)-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"
    r"(?:.*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[A-Za-z0-9+/=\s]*)",
)
AWS_SECRET = r"(?i)aws_secret_access_key\s*[=:]\s*[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"
URL_CREDENTIALS = r"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]*://([^\s:/@<>]+:[^\s/@<>]+)@\w"
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
EMAIL = (
    r"(?<![A-Za-z0-9._%+\-/])[A-Za-z0-9][A-Za-z0-9._%+\-]*@"
    rf"{LABEL}(?:\.{LABEL})*\.[A-Za-z]{{2,24}}(?![A-Za-z0-9\-])"
)
CN_ID = L + r"[1-9]\d{5}[ \-]?(?:19|20)\d{2}[ \-]?\d{4}[ \-]?\d{3}[\dXx]" + R
BANK_CARD = (
    L + r"(?:\d{13,19}|\d{4}([ \-])\d{4}\1\d{4}(?:\1\d{4})?(?:\1\d{1,3})?"
    r"|\d{4}([ \-])\d{6}\2\d{4,5})" + R
)
NO_DIGIT_BEFORE = r"(?<![0-9A-Za-z+])(?<![0-9][ \-])"
MOBILE = (
    NO_DIGIT_BEFORE + r"(?:(?:\+|00)86[ \-]?|\(\+?86\)[ \-]?)?"
    r"1[3-9]\d(?:\d{8}|[ \-]\d{4}[ \-]\d{4})" + R
)
LANDLINE = L + r"(?:\(" + AREA + r"\)[ \-]?|" + AREA + r"[ \-])[2-9]\d{2,3}[ \-]?\d{4}" + R
E164 = NO_DIGIT_BEFORE + r"\+[1-9](?:[ \-]?\d){7,14}" + R
# Not inside a package version: "linux-image-2.6.32.5", "1.2.3.4-1".
IPV4 = r"(?<![0-9A-Za-z.\-_])(?:\d{1,3}\.){3}\d{1,3}(?![0-9A-Za-z]|\.\d|-[0-9A-Za-z])"
IPV6 = (
    r"(?<![0-9A-Za-z:])(?=[0-9A-Fa-f:]*\d)(?=[0-9A-Fa-f:]*::|(?:[0-9A-Fa-f]{1,4}:){7})"
    r"[0-9A-Fa-f:]{2,39}(?![0-9A-Za-z:])"
)


DIGIT = "<digit>"  # ``needs`` value: any ASCII digit


def patterns(ip_ignore: tuple[str, ...]) -> list[Pattern]:
    """Return every pattern, the IP check ignoring the ranges named in ``ip_ignore``."""
    ip = valid_ip(ip_ignore)
    same = str
    return [
        *(Pattern("secret", re.compile(p), value=same) for p in SECRET_PATTERNS),
        Pattern("secret", re.compile(AWS_SECRET), group=1, value=same),
        Pattern("url_credentials", re.compile(URL_CREDENTIALS), group=1, value=same, needs="://"),
        Pattern("email", re.compile(EMAIL), personal_email, value=str.lower, needs="@"),
        Pattern("cn_id", re.compile(CN_ID), valid_cn_id, needs=DIGIT),
        Pattern("bank_card", re.compile(BANK_CARD), valid_card, needs=DIGIT),
        *(Pattern("phone", re.compile(p), needs=DIGIT) for p in (MOBILE, LANDLINE, E164)),
        Pattern("ip", re.compile(IPV4), ip, value=same, needs="."),
        Pattern("ip", re.compile(IPV6), ip, value=str.lower, needs=":"),
    ]


def not_an_address(text: str, start: int, end: int) -> bool:
    """Return whether the dotted number at ``start:end`` is a version or section number."""
    if VERSION_BEFORE.search(text, 0, start) or NUMBER_BEFORE.search(text, 0, start):
        return True
    if HEADING_AFTER_HAN.match(text, end):
        return True
    return bool(HEADING_BEFORE.search(text, 0, start) and HEADING_AFTER.match(text, end))


class Detector:
    """Find the PII of the chosen ``types`` in text, without overlaps."""

    def __init__(self, types: tuple[str, ...] = TYPES, ip_ignore: tuple[str, ...] = ()) -> None:
        unknown = sorted(set(ip_ignore) - set(IP_RANGES))
        if unknown:
            raise ValueError(f"unknown IP ranges {unknown} (known: {', '.join(IP_RANGES)})")
        self.patterns = [p for p in patterns(ip_ignore) if p.type in types]
        self.rank = {name: i for i, name in enumerate(TYPES)}

    def find(self, text: str) -> list[Match]:
        """Return the matches in ``text`` in order; overlaps keep the longer, then the likelier."""
        folded = text.translate(FOLD)
        has_digit = any(char in folded for char in "0123456789")
        candidates = []
        for pattern in self.patterns:
            if pattern.needs == DIGIT:
                if not has_digit:
                    continue
            elif pattern.needs not in folded:
                continue
            for found in pattern.regex.finditer(folded):
                start, end = found.span(pattern.group)
                piece = folded[start:end]
                if pattern.check is not None and not pattern.check(piece):
                    continue
                if pattern.type == "ip" and not_an_address(folded, start, end):
                    continue
                candidates.append(Match(pattern.type, start, end, pattern.value(piece)))
        candidates.sort(key=lambda m: (m.start, m.start - m.end, self.rank[m.type]))
        chosen: list[Match] = []
        for match in candidates:
            if not chosen or match.start >= chosen[-1].end:
                chosen.append(match)
        return chosen
