"""The interface-name table: names aligned across the en-US and zh-CN copies of a page."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).parents[2]
SPEC = importlib.util.spec_from_file_location("ui_names", ROOT / "benchmarks" / "ui_names.py")
ui_names = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(ui_names)


def page(title: str, access: list[str], control: str, description: str) -> str:
    """Return a help page as LibreOffice writes it: title, access list, one control."""
    lines = "".join(f"<p>{line}</p>" for line in access)
    return (
        f'<html><body><div id="DisplayArea"><h1>{title}</h1>{lines}'
        f"<h2>{control}</h2><p>{description}</p></div></body></html>"
    )


def write(root: Path, lang: str, name: str, html: str) -> None:
    path = root / "usr/share/libreoffice/help" / lang / "text/swriter/01" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


def test_names_seen_alike_twice_are_kept_and_single_sightings_are_not(tmp_path):
    en, zh = tmp_path / "en", tmp_path / "zh"
    tabs = {"a.html": ("Footnote", "脚注"), "b.html": ("Columns", "分栏")}
    for name, (en_tab, zh_tab) in tabs.items():
        en_access = ["To access this command...", f"Choose Format - Page Style - {en_tab} tab."]
        zh_access = ["要访问此命令...", f"选择「格式 - 页面样式 - {zh_tab}」选项卡。"]
        write(en, "en-US", name, page(en_tab, en_access, "Spacing", "Sets the spacing."))
        write(zh, "zh-CN", name, page(zh_tab, zh_access, "间距", "设置间距。"))
    table = ui_names.build(en, zh)
    # Format and Page Style are on both paths; Spacing is a heading of both pages; each tab
    # name was seen twice on its own page (path and title).
    assert table["Format"] == "格式"
    assert table["Page Style"] == "页面样式"
    assert table["Spacing"] == "间距"
    assert table["Footnote"] == "脚注"
    # A page whose Chinese copy is missing adds nothing.
    write(en, "en-US", "c.html", page("Borders", [], "Shadow", "Adds a shadow."))
    assert "Borders" not in ui_names.build(en, zh)
