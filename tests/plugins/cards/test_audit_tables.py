from zhiling.plugins.cards.template import _audit_tables


def test_count_reports_become_tables_and_anything_else_stays_json():
    manifest = {
        "audits": {
            "source-counts": {
                "by_license": {"MPL-2.0": 3},
                "by_source": {"a": {"zh": 2}, "b": {"en": 1}},
            },
            "pii": {"examples": ["x@example.org"]},
        }
    }
    rendered = _audit_tables(manifest)
    assert "| license | records |\n|---|---|\n| MPL-2.0 | 3 |" in rendered
    assert "| source | en | zh |\n|---|---|---|\n| a | 0 | 2 |\n| b | 1 | 0 |" in rendered
    assert '**pii: examples**\n\n```json\n[\n  "x@example.org"\n]\n```' in rendered


def test_no_audits_is_said_in_words():
    assert _audit_tables({}) == "_no audits_"
