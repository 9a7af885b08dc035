from zhiling import Record
from zhiling.plugins.audits.source_counts import SourceCounts, origin, register_audits


def record(uri, lang, license, pattern="purpose-method"):
    return Record(
        id=uri,
        lang=lang,
        license=license,
        source={"doc_id": "d", "uri": uri, "spans": []},
        pattern={"name": pattern, "version": "0.1.0"},
    )


def test_origin_is_the_package_or_the_top_folder():
    assert origin("manpages-zh_1.6.4.0-1_all.deb/usr/share/man/zh_CN/man1/ls.1.gz") == (
        "manpages-zh"
    )
    assert origin("libreoffice-help-zh-cn_4%3a7.4.7-1+deb12u14_all.deb/usr/share/x.html") == (
        "libreoffice-help-zh-cn"
    )
    assert origin("zh/files.txt") == "zh"
    assert origin("notes.txt") == "notes.txt"


def test_counts_by_source_language_licence_and_pattern():
    audit = SourceCounts()
    for item in [
        record("a_1_all.deb/x", "zh", "MPL-2.0"),
        record("a_1_all.deb/y", "en", "MPL-2.0"),
        record("b_2_all.deb/z", "zh", "GPL-2.0-or-later", pattern="man-option"),
    ]:
        audit.observe(item)
    assert audit.report() == {
        "by_source": {"a": {"en": 1, "zh": 1}, "b": {"zh": 1}},
        "by_license": {"GPL-2.0-or-later": 1, "MPL-2.0": 2},
        "by_pattern": {"man-option 0.1.0": {"zh": 1}, "purpose-method 0.1.0": {"en": 1, "zh": 1}},
    }


def test_registers_its_recipe_name():
    registered = {}
    register_audits(register=registered.__setitem__)
    assert registered == {"source-counts": SourceCounts}
