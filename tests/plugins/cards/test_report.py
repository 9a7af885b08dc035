from zhiling.plugins.cards._report import cell, render_mapping, report_section, table


def test_cells_escape_pipes_and_format_values():
    assert cell("a|b\nc") == "a\\|b c"
    assert cell(None) == "–"
    assert cell(True) == "yes"
    assert cell(0.5) == "0.5"
    assert cell(["x", 2]) == "`x`, 2"
    assert cell({"a": 1}) == "a: 1"
    assert table(["h"], []) == "_none_"


def test_any_audit_report_becomes_tables():
    report = {
        "hits": 3,
        "sample_ids": ["a", "b"],
        "by_type": {"email": {"found": 2, "mode": "redact"}, "phone": {"found": 1}},
        "top": [{"name": "nurse", "skew": -1.5}],
        "counts": {"x": 1},
        "nested": {"deeper": {"y": {"z": 2}}},
    }
    text = "\n".join(render_mapping(report, 4))
    assert "| `hits` | 3 |" in text
    assert "| `sample_ids` | `a`, `b` |" in text
    assert (
        "| type | found | mode |\n|---|---|---|\n| email | 2 | redact |\n| phone | 1 | – |" in text
    )
    assert "| name | skew |\n|---|---|\n| nurse | -1.5 |" in text
    assert "#### counts\n\n| counts | value |\n|---|---|\n| x | 1 |" in text
    assert "#### nested\n\n##### deeper\n\n| deeper | z |\n|---|---|\n| y | 2 |" in text


def test_report_section_links_charts_and_shows_gates():
    report = {
        "charts": {"waterfall": "charts/waterfall.svg"},
        "gates": [
            {"gate": "pii.remaining", "value": 2.0, "min": None, "max": 0.0, "passed": False}
        ],
        "distributions": {
            "records": 1,
            **{f"by_{n}": {"x": 1} for n in ("language", "split", "license", "pattern", "source")},
            "length": {
                "instruction": {
                    "histogram": [{"bin": "0-15", "records": 1}],
                    "mean": 3,
                    "median": 3,
                    "p95": 3,
                    "max": 3,
                }
            },
        },
        "dedup_clusters": {"2 (dedupe 'exact')": {"2": 4}},
        "audits": {"pii": {"remaining": 2}},
    }
    text = report_section(report)
    assert "![Records in and out of every step](charts/waterfall.svg)" in text
    assert "| pii.remaining | 2 | – | 0 | FAIL |" in text
    assert "| 2 | 4 |" in text
    assert "### Audit `pii`" in text
    assert report_section({}) == ""
