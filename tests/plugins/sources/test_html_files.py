from pathlib import Path

import pytest

from zhiling import RecipeError, Shard
from zhiling.plugins.sources.html_files import HtmlFiles, register_sources

DATA = Path(__file__).parents[2] / "data" / "debian"


def test_reads_html_into_blocks_with_licence_and_relative_uri():
    source = HtmlFiles(paths=["*.html"], license="MPL-2.0", shard=Shard(), base_dir=DATA)
    documents = {d["meta"]["source"]: d for d in source}
    assert set(documents) == {
        "debian_faq_pkgtools.zh-cn.html",
        "debian_reference_ch01.en.html",
        "libreoffice_references.zh-CN.html",
        "libreoffice_sheet_menu.zh-CN.html",
        "python_faq_programming.html",
    }
    page = documents["libreoffice_references.zh-CN.html"]
    assert page["lang"] == "zh"
    assert page["meta"]["license"] == "MPL-2.0"
    assert any(b["kind"] == "list_item" for b in page["blocks"])
    assert source.inputs() == sorted(DATA.glob("*.html"))


def test_unreadable_file_is_a_counted_drop(tmp_path):
    (tmp_path / "bad.html").write_bytes(b"\xff\xfe<p>x</p>")
    (tmp_path / "good.html").write_text("<h1>Title</h1><p>To quit, press q.</p>")
    records = list(
        HtmlFiles(paths=["*.html"], license="CC0-1.0", lang="en", shard=Shard(), base_dir=tmp_path)
    )
    assert [r.get("drop_reason") for r in records] == ["not_utf8", None]
    assert records[1]["blocks"][1]["heading"] == ["Title"]


def test_no_match_is_a_recipe_error(tmp_path):
    with pytest.raises(RecipeError, match="no file matches"):
        HtmlFiles(paths=["*.html"], license="x", shard=Shard(), base_dir=tmp_path).inputs()


def test_registers_its_recipe_name():
    registered = {}
    register_sources(register=registered.__setitem__)
    assert registered == {"html-files": HtmlFiles}
