"""Menu paths in another language: a translation table of user-interface names.

Some pages of the Chinese LibreOffice help leave their "to access this command" list in
English ("Choose Format - Page Style - Footnote tab."), so a Chinese answer has no place
to quote, and ``help-entry`` drops the entry where the recipe requires a place. The
names on such a path are translated elsewhere in the same help: the pages whose lists
are translated, and the headings of every page, which name the same dialogs, tabs and
controls in both languages. ``benchmarks/ui_names.py`` aligns those in the two pinned
packages and writes a table of English name → Chinese name, kept only where at least
two aligned places agree; this module reads such a table and rewrites a path only when
every name on it is in the table, so a Chinese answer never quotes a guess.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import regex

# "Choose Format - Page Style - Footnote tab (chart documents)." — the note after the path
# (which documents have the command) is left out: it cannot be translated by name.
EN_CHOOSE = regex.compile(r"^Choose (?P<path>[^,;:()]+?)(?P<tab> tab)?(?: \([^)]*\))?\.?$")


@cache
def table(name: str) -> dict[str, str]:
    """Return the shipped table ``name`` (``ui_names_data/<name>.json``): English → Chinese."""
    data = resources.files("zhiling.plugins.extractors") / "ui_names_data" / f"{name}.json"
    names = json.loads(data.read_text(encoding="utf-8"))
    return {str(english): str(chinese) for english, chinese in names.items()}


def translate(line: str, names: dict[str, str]) -> str | None:
    """Return 「选择「格式 - 页面样式 - 脚注」选项卡。」 for an English "Choose …" line, or None.

    None unless the line is a plain menu path whose every name the table holds.
    """
    found = EN_CHOOSE.match(line.strip())
    if found is None:
        return None
    items = [item.strip() for item in found["path"].split(" - ")]
    if not all(item in names for item in items):
        return None
    tab = "选项卡" if found["tab"] else ""
    return f"选择「{' - '.join(names[item] for item in items)}」{tab}。"
