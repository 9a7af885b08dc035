"""Read a package's ``usr/share/doc/<pkg>/copyright`` as an SPDX licence expression.

Machine-readable (DEP-5) files are parsed: the last ``Files:`` stanza that
matches the document wins, as the format says. Its patterns name source paths,
so a pattern matches an installed file when it matches a whole trailing part of
its path (``man3/*`` matches ``usr/share/man/man3/printf.3.gz``), compression
suffix dropped, ``*`` any text including ``/`` and ``?`` one character. The
folders that packages install into (``usr/share/doc/<pkg>/``, ``usr/share/``,
``usr/``) are no source names and take no part, or the upstream ``doc/*`` and
``kicad/*`` would claim all of ``usr/share/doc/kicad/``. A named man page also
matches by its file name, as installing moves pages into ``man<section>/``
(``find/find.1``, ``src/man1/kill.1``); other names are too common for that
(LibreOffice's ``wizards/.../access2base.html`` is not the help page of that
name). ``debian/`` is the packaging, never installed under that name, so its
patterns match only the man pages they name: an installed ``debian`` folder
(``usr/share/doc/debian/FAQ``, Python's ``debian`` package) is something else.
Free-form files become ``LicenseRef-<package>`` and keep their whole text as
the notice the licence asks to preserve.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

SPDX_IDS = (
    "MPL-2.0", "Apache-2.0", "CC0-1.0", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-3.0",
    "CC-BY-SA-4.0", "BSD-2-Clause", "BSD-3-Clause", "BSD-4-Clause", "ISC", "MIT",
    "PSF-2.0", "Zlib",
)  # fmt: skip
# SPDX ids match whatever the case, and Debian writes BSD-3-clause.
KNOWN = {spdx.lower(): spdx for spdx in SPDX_IDS}
ALIASES = {"Expat": "MIT", "PSF": "PSF-2.0", "public-domain": "LicenseRef-public-domain"}
GNU = regex.compile(
    r"^(?P<family>A?GPL|LGPL|GFDL)(?P<niv>-NIV)?-(?P<version>\d(?:\.\d)?)"
    r"(?P<later>\+)?(?P<niv2>-no-invariants?)?(?P<plus>\+)?$",
    regex.I,
)
TOKEN = regex.compile(r"\\([*?\\])|([*?])|([^*?\\]+|\\)")
COMPRESSED = r"(?:\.gz|\.bz2|\.xz)?"
MAN_PAGE = regex.compile(r"[^*?\\]+\.[1-9][a-z]*")
INSTALL_ROOT = regex.compile(r"^(?:usr/share/doc/[^/]+/|usr/share/|usr/)")


@dataclass(frozen=True)
class Licence:
    """The SPDX expression for a file and, for ``LicenseRef`` ids, the notice text."""

    spdx: str
    notice: str = field(default="", repr=False)


def to_spdx(short: str) -> str:
    """Return the SPDX form of a Debian short licence name or ``and``/``or`` expression."""
    tokens = regex.split(r"\s+(and|or)\s+|\s*,\s*", short.strip(), flags=regex.I)
    out: list[str] = []
    for token in tokens:
        if token is None or not token.strip():
            continue
        if token.lower() in ("and", "or"):
            out.append(token.upper())
        else:
            out.append(_one(token.strip()))
    return " ".join(out)


def _one(name: str) -> str:
    if name.lower() in KNOWN:
        return KNOWN[name.lower()]
    if name in ALIASES:
        return ALIASES[name]
    found = GNU.match(name)
    if found:
        version = found["version"] if "." in found["version"] else f"{found['version']}.0"
        family = found["family"].upper()
        niv = "-no-invariants" if found["niv"] or found["niv2"] else ""
        later = "-or-later" if found["later"] or found["plus"] else "-only"
        return f"{family}-{version}{niv}{later}"
    return "LicenseRef-" + regex.sub(r"[^A-Za-z0-9.-]+", "-", name).strip("-")


def _stanzas(text: str) -> list[dict[str, str]]:
    stanzas: list[dict[str, str]] = []
    current: dict[str, str] = {}
    key = ""
    for line in text.splitlines():
        if not line.strip():
            if current:
                stanzas.append(current)
            current, key = {}, ""
        elif line[0] in " \t" and key:
            current[key] += "\n" + line.strip()
        elif ":" in line:
            key, _, value = line.partition(":")
            current[key.strip()] = value.strip()
    if current:
        stanzas.append(current)
    return stanzas


def _matches(pattern: str, path: str) -> bool:
    return any(form.fullmatch(path) for form in _forms(pattern))


@functools.lru_cache(maxsize=4096)
def _forms(pattern: str) -> tuple[regex.Pattern[str], ...]:
    """Compile ``pattern``, and the name of a man page it names, to match path ends."""
    forms = [] if pattern.startswith("debian/") else [TOKEN.findall(pattern)]
    name = pattern.rpartition("/")[2]
    if name != pattern and MAN_PAGE.fullmatch(name):
        forms.append(TOKEN.findall(name))
    return tuple(regex.compile(r"(?:.*/)?" + _translated(form) + COMPRESSED) for form in forms)


def _translated(tokens: list[tuple[str, str, str]]) -> str:
    r"""Return the regular expression for DEP-5 pattern tokens (``\*`` is a literal star)."""
    out = []
    for escaped, wildcard, literal in tokens:
        if wildcard:
            out.append(".*" if wildcard == "*" else ".")
        else:
            out.append(regex.escape(escaped or literal))
    return "".join(out)


def read_licence(copyright_text: str, path: str, package: str) -> Licence:
    """Return the licence of the installed file ``path`` according to ``copyright_text``."""
    if not copyright_text.startswith("Format:"):
        return Licence(f"LicenseRef-{package}", copyright_text.strip())
    stanzas = _stanzas(copyright_text)
    texts = {
        s["License"].split("\n")[0]: s["License"]
        for s in stanzas
        if "Files" not in s and "License" in s
    }
    chosen = ""
    path = INSTALL_ROOT.sub("", path, count=1)
    for stanza in stanzas:
        patterns = stanza.get("Files", "").split()
        if any(_matches(pattern, path) for pattern in patterns) and "License" in stanza:
            chosen = stanza["License"]
    if not chosen:
        return Licence(f"LicenseRef-{package}", copyright_text.strip())
    short, _, body = chosen.partition("\n")
    spdx = to_spdx(short)
    notice = body or texts.get(short, "").partition("\n")[2]
    return Licence(spdx, notice if "LicenseRef-" in spdx else "")
