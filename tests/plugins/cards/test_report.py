import json

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


def test_section_is_the_same_from_the_report_in_memory_and_from_report_json():
    """``report.json`` is written with sorted keys; the card must not depend on key order."""
    report = {
        "charts": {"waterfall": "charts/waterfall.svg", "records": "charts/records.svg"},
        "distributions": {
            "records": 6,
            **{f"by_{n}": {"b": 1, "(other)": 3, "a": 2} for n in ("language", "split")},
            **{f"by_{n}": {"x": 6} for n in ("license", "pattern", "source")},
            "length": {
                name: {
                    "histogram": [{"bin": "0-15", "records": 6}],
                    **{figure: 3 for figure in ("mean", "median", "p95", "max")},
                }
                for name in ("output", "instruction")
            },
        },
        "dedup_clusters": {"3 (dedupe 'exact')": {10: 1, 2: 4}},
        "audits": {"pii": {"by_type": {"ip": {"mode": "redact", "found": 1}}}, "bias": {"x": 1}},
    }
    from_file = json.loads(json.dumps(report, sort_keys=True))
    text = report_section(report)
    assert report_section(from_file) == text
    assert text.index("records.svg") < text.index("waterfall.svg")
    assert "| language | records |\n|---|---|\n| a | 2 |\n| b | 1 |\n| (other) | 3 |" in text
    assert "| 2 | 4 |\n| 10 | 1 |" in text
    assert text.index("### Audit `bias`") < text.index("### Audit `pii`")


def test_the_card_shows_split_leakage_when_measured():
    from zhiling.plugins.cards.template import _leakage

    assert _leakage({}) == "Split leakage was not measured for this release."
    manifest = {"leakage": {"zh": {"held_out": 400, "leaked": 2, "share": 0.005, "threshold": 0.8}}}
    assert "| zh | 400 | 2 | 0.50% | 0.8 |" in _leakage(manifest)
