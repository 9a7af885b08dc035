import json

import pyarrow.parquet as pq
import pytest

from zhiling import RecipeError, ReleaseError
from zhiling.gates import check_gates, parse_gates
from zhiling.manager import make_plugin_manager
from zhiling.recipe import load_recipe
from zhiling.registry import Registry
from zhiling.run import run_recipe


def registry():
    return Registry(make_plugin_manager(installed=False))


def test_a_failing_gate_names_audit_and_figure_and_leaves_no_release(audit_recipe, tmp_path):
    recipe = audit_recipe("audits:\n  - audit: pii\ngates:\n  pii.remaining: 0\n")
    with pytest.raises(ReleaseError) as caught:
        run_recipe(recipe, pm=make_plugin_manager(installed=False), workers=1)
    message = str(caught.value)
    assert f"{recipe}:15: gate 'pii.remaining' failed" in message
    assert "audit 'pii' reports remaining = 4, which must be at most 0" in message
    assert "not published" in message
    assert not (tmp_path / "releases").exists()


def test_redaction_makes_the_gate_pass_and_the_manifest_records_it(audit_recipe, tmp_path):
    recipe = audit_recipe(
        "audits:\n  - audit: pii\n    mode: redact\ngates:\n  pii.remaining: 0\n"
        "  distributions.records: {min: 4}\n"
    )
    result = run_recipe(recipe, pm=make_plugin_manager(installed=False), workers=1)
    assert [g["passed"] for g in result.manifest["gates"]] == [True, True]
    assert result.manifest["audits"]["pii"]["by_type"]["phone"]["redacted"] == 2
    release = tmp_path / "releases" / "audited" / "1.0.0"
    rows = pq.read_table(release / "all").to_pylist()
    outputs = sorted(row["output"] for row in rows)
    assert "Write to <EMAIL_1> or call <PHONE_1>." in outputs
    assert "请发送邮件到 <EMAIL_1> 或拨打<PHONE_1>。" in outputs
    # Spans still point at the source sentence, which holds the original values.
    (row,) = [r for r in rows if r["source"]["doc_id"] == "d1"]
    sentence = json.loads((tmp_path / "docs.jsonl").read_text("utf-8").splitlines()[0])["text"]
    assert row["source"]["spans"] == [[0, len(sentence)]]
    assert "zhang.wei@example.com" not in row["messages"][1]["content"]


def test_drop_mode_is_counted_as_a_step_of_the_waterfall(audit_recipe):
    recipe = audit_recipe("audits:\n  - audit: pii\n    modes: {email: drop}\n")
    result = run_recipe(recipe, pm=make_plugin_manager(installed=False), workers=1)
    audit_step = result.manifest["steps"][-1]
    assert audit_step.pop("fingerprint")
    assert audit_step == {
        "step": "3 (audit 'pii')",
        "in": 4,
        "out": 2,
        "dropped": {"contains_pii_email": 2},
    }
    assert result.manifest["configs"]["all"]["train"] == 2


@pytest.mark.parametrize(
    ("gates", "line", "message"),
    [
        ("  bias.max_skew: 3\n", 15, "reads audit 'bias', which the recipe does not run"),
        ("  remaining: 0\n", 15, "must be written '<audit>.<figure>'"),
        ("  pii.remaining: lots\n", 15, r"needs a number \(a maximum\) or a mapping"),
        ("  pii.remaining: {most: 1}\n", 15, r"needs a number \(a maximum\) or a mapping"),
    ],
)
def test_bad_gates_are_recipe_errors_with_file_and_line(audit_recipe, gates, line, message):
    recipe = audit_recipe("audits:\n  - audit: pii\ngates:\n" + gates)
    with pytest.raises(RecipeError, match=message) as caught:
        load_recipe(recipe, registry())
    assert str(caught.value).startswith(f"{recipe}:{line}:")


def test_a_gate_on_a_missing_figure_fails_the_release(audit_recipe, tmp_path):
    recipe = audit_recipe("audits:\n  - audit: pii\ngates:\n  pii.nothing_like_this: 1\n")
    with pytest.raises(ReleaseError, match="reports no number at 'nothing_like_this'"):
        run_recipe(recipe, pm=make_plugin_manager(installed=False), workers=1)
    assert not (tmp_path / "releases").exists()


def test_records_an_audit_drops_are_kept_by_id_only(audit_recipe, tmp_path):
    recipe = audit_recipe("audits:\n  - audit: pii\n    modes: {phone: drop}\n")
    run_recipe(recipe, pm=make_plugin_manager(installed=False), workers=1, keep_dropped=True)
    dropped = tmp_path / "releases" / "audited" / "1.0.0" / "dropped" / "dropped.jsonl"
    entries = [json.loads(line) for line in dropped.read_text("utf-8").splitlines()]
    assert [e["reason"] for e in entries] == ["contains_pii_phone", "contains_pii_phone"]
    assert all(set(e["record"]) == {"id"} for e in entries)
    assert "138" not in dropped.read_text("utf-8")


def test_gates_read_nested_figures_and_check_both_bounds():
    where = {}
    gates = parse_gates(
        {"pii.by_type.phone.remaining": 0, "distributions.records": {"min": 10, "max": 20}},
        lambda mapping, key: f"r.yaml:{where.setdefault(key, len(where) + 1)}",
        ["pii"],
    )
    reports = {"pii": {"by_type": {"phone": {"remaining": 0}}}, "distributions": {"records": 15}}
    assert [r["passed"] for r in check_gates(gates, reports)] == [True, True]
    reports["distributions"]["records"] = 9
    with pytest.raises(ReleaseError, match=r"r.yaml:2: gate 'distributions.records' failed: "):
        check_gates(gates, reports)
    reports["distributions"]["records"] = 21
    with pytest.raises(
        ReleaseError, match="records = 21, which must be at least 10 and at most 20"
    ):
        check_gates(gates, reports)


def test_a_recipe_caps_the_commonest_question_frame(audit_recipe, tmp_path):
    # Every pair of the four documents asks "How do I …?": the share is 1.0, over the cap.
    recipe = audit_recipe(
        "audits:\n  - audit: question-frames\ngates:\n  question-frames.top_share.en: {max: 0.1}\n"
    )
    with pytest.raises(ReleaseError) as caught:
        run_recipe(recipe, pm=make_plugin_manager(installed=False), workers=1)
    message = str(caught.value)
    assert "gate 'question-frames.top_share.en' failed" in message
    assert "which must be at most 0.1" in message
    assert not (tmp_path / "releases").exists()
