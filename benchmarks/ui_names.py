"""Build the English → Chinese table of LibreOffice user-interface names help-entry uses.

Usage::

    python benchmarks/ui_names.py   # rewrites plugins/extractors/ui_names_data/libreoffice-7.4.json

Reads the two LibreOffice help packages pinned in ``recipes/debian-instruct.yaml`` (from
the cache ``make dataset`` fills) and pairs the pages that share a path in both. Two kinds
of place give a name in both languages:

- a "to access this command" list whose lines are translated: "Choose Format - Page
  Style - Footnote tab." beside 「选择「格式 - 页面样式 - 脚注」选项卡。」 gives one pair per
  menu name, where the two paths have as many names;
- the headings of a page, where both pages have as many: the page title and each control.

A name goes in the table only when its most frequent translation was seen at least
``MIN_VOTES`` times (one aligned place can be a mismatch: an English heading beside a
different Chinese one when a page was restructured in translation). The script prints
how many names it kept and writes the table sorted, so a rebuild diffs cleanly.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import regex

from zhiling.plugins.extractors._text import HAN, blocks, text_of
from zhiling.plugins.extractors._ui_names import EN_CHOOSE
from zhiling.plugins.extractors.help_entry import HOW_TO_GET
from zhiling.plugins.sources.debian_docs import parse_file, to_document

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "debs" / "unpacked"
OUT = ROOT / "plugins" / "extractors" / "ui_names_data" / "libreoffice-7.4.json"
HELP = "usr/share/libreoffice/help"
ZH_CHOOSE = regex.compile(r"^选择「(?P<path>[^」]+)」")
MIN_VOTES = 2


def _document(path: Path, relative: str, lang: str) -> dict | None:
    document = to_document(f"x@1:{relative}", parse_file(relative, path.read_bytes()), {}, lang)
    return document if "text" in document else None


def _directions(document: dict) -> list[str]:
    found = blocks(document)
    for index, block in enumerate(found):
        if HOW_TO_GET.match(text_of(document, block).strip()):
            lines = []
            for following in found[index + 1 :]:
                if following["kind"] == "heading":
                    break
                lines.append(" ".join(text_of(document, following).split()))
            return lines
    return []


def _headings(document: dict) -> list[str]:
    return [text_of(document, b).strip() for b in blocks(document) if b["kind"] == "heading"]


def _path_pairs(english: str, chinese: str) -> list[tuple[str, str]]:
    en, zh = EN_CHOOSE.match(english), ZH_CHOOSE.match(chinese)
    if en is None or zh is None:
        return []
    en_items = [item.strip() for item in en["path"].split(" - ")]
    zh_items = [item.strip() for item in zh["path"].split(" - ")]
    return list(zip(en_items, zh_items, strict=True)) if len(en_items) == len(zh_items) else []


def build(en_root: Path, zh_root: Path) -> dict[str, str]:
    """Return the table of names seen translated alike at ``MIN_VOTES`` aligned places."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for en_path in sorted((en_root / HELP / "en-US" / "text").rglob("*.html")):
        relative = str(en_path.relative_to(en_root))
        zh_relative = relative.replace("/en-US/", "/zh-CN/")
        if not (zh_root / zh_relative).is_file():
            continue
        en = _document(en_path, relative, "en")
        zh = _document(zh_root / zh_relative, zh_relative, "zh")
        if en is None or zh is None:
            continue
        en_lines, zh_lines = _directions(en), _directions(zh)
        if len(en_lines) == len(zh_lines):
            for english, chinese in zip(en_lines, zh_lines, strict=True):
                for name, translation in _path_pairs(english, chinese):
                    votes[name][translation] += 1
        en_heads, zh_heads = _headings(en), _headings(zh)
        if len(en_heads) == len(zh_heads):
            for name, translation in zip(en_heads, zh_heads, strict=True):
                if name != translation and HAN.search(translation):
                    votes[name][translation] += 1
    table = {}
    for name, counted in votes.items():
        translation, seen = counted.most_common(1)[0]
        if seen >= MIN_VOTES:
            table[name] = translation
    return dict(sorted(table.items()))


def main() -> None:
    en_root = next(CACHE.glob("libreoffice-help-en-us_*"))
    zh_root = next(CACHE.glob("libreoffice-help-zh-cn_*"))
    table = build(en_root, zh_root)
    OUT.write_text(json.dumps(table, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(table)} names → {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
