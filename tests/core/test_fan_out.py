import json

from zhiling.manager import make_plugin_manager
from zhiling.run import run_recipe


def test_consecutive_extract_steps_share_documents_and_unused_documents_are_kept(tmp_path):
    (tmp_path / "a.txt").write_text("# 排序\n\n选择「数据 - 排序」。\n", "utf-8")
    (tmp_path / "b.txt").write_text("LibreOffice 是一个办公套件。\n", "utf-8")
    (tmp_path / "fan.yaml").write_text(
        f"""name: fan
version: 0.1.0
sources:
  - read: text-files
    paths: ["*.txt"]
    lang: zh
    license: CC0-1.0
steps:
  - extract: purpose-method
  - extract: menu-path
  - filter: pair-quality
targets:
  - publish: local-dir
    path: {tmp_path / "releases"}
""",
        "utf-8",
    )
    result = run_recipe(
        tmp_path / "fan.yaml", pm=make_plugin_manager(installed=False), workers=1, keep_dropped=True
    )
    steps = {s["step"]: s for s in result.manifest["steps"]}
    assert steps["1 (extract 'purpose-method')"].pop("fingerprint")
    assert steps["1 (extract 'purpose-method')"] == {
        "step": "1 (extract 'purpose-method')",
        "in": 2,
        "out": 0,
        "dropped": {"no_output": 2},
    }
    assert steps["2 (extract 'menu-path')"]["in"] == 2
    assert steps["2 (extract 'menu-path')"]["out"] == 1
    assert result.manifest["patterns"]["menu-path"]["records"] == {"zh": 1}
    dropped = tmp_path / "releases" / "fan" / "0.1.0" / "dropped" / "dropped.jsonl"
    entries = [json.loads(line) for line in dropped.read_text("utf-8").splitlines()]
    assert [(e["reason"], e["record"]["meta"]["source"]) for e in entries] == [
        ("no_output", "b.txt")
    ]
