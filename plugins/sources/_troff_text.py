"""Troff text: character and font escapes, and the arguments of font macros.

Man pages written by hand and by help2man use a small part of troff's escape
language; everything that only changes fonts, sizes or spacing is dropped, and
named characters become the Unicode characters they print.
"""

from __future__ import annotations

import regex

CHARS = {
    "em": "—", "en": "–", "bu": "•", "lq": "“", "rq": "”", "oq": "‘", "cq": "’", "aq": "'",
    "dq": '"', "co": "©", "rg": "®", "tm": "™", "mu": "×", ">=": "≥", "<=": "≤", "->": "→",
    "<-": "←", "hy": "-", "ti": "~", "ha": "^", "rs": "\\", "sl": "/", "de": "°", "+-": "±",
    "R": "®", "Tm": "™",
}  # fmt: skip
ESCAPE = regex.compile(
    r"\\(?:f(?:\[[^\]]*\]|\(..|.)|s[+-]?\d+|s\(..|[(](..)|\[([^\]]*)\]|\*(?:\[([^\]]*)\]|\((..)|(.))"
    r"|[nkgzw](?:\[[^\]]*\]|\(..|'[^']*'|.)|[hvlLxDoXbZ]'[^']*'|(.))"
)
SIMPLE = {"-": "-", "e": "\\", "\\": "\\", " ": " ", "~": " ", "0": " ", "t": "\t", ".": "."}
SIMPLE |= {"'": "'", "`": "`", "&": "", "|": "", "^": "", "%": "", ":": "", "c": "", "/": ""}
SIMPLE |= {",": "", "!": "", "{": "", "}": "", "p": "", "r": "", "d": "", "u": "", "a": ""}
ARGUMENT = regex.compile(r'"((?:[^"]|"")*)"?|((?:\\.|[^\s\\])+)')


def unescape(text: str) -> str:
    """Replace troff escapes by the characters they print, dropping font and size changes."""

    def one(match: regex.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        if name is not None:
            if name.startswith("u") and regex.fullmatch(r"u[0-9A-Fa-f]{4,6}", name):
                return chr(int(name[1:], 16))
            return CHARS.get(name, "")
        string = match.group(3) or match.group(4) or match.group(5)
        if string is not None:
            return CHARS.get(string, "")
        return SIMPLE.get(match.group(6) or "", "")

    return ESCAPE.sub(one, text.split('\\"', 1)[0] if '\\"' in text else text)


def macro_args(rest: str) -> list[str]:
    """Split macro arguments at unescaped spaces, honouring double quotes."""
    return [
        found.group(1).replace('""', '"') if found.group(1) is not None else found.group(2)
        for found in ARGUMENT.finditer(rest)
    ]


def font_text(macro: str, rest: str) -> str:
    words = macro_args(rest)
    joiner = " " if macro in ("B", "I", "SM", "SB", "CW") else ""
    return joiner.join(words)
