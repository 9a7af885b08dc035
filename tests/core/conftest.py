import json
from pathlib import Path

import pytest

DOCUMENTS = [
    ("d1", "en", "To reach support, write to zhang.wei@example.com or call 138 0013 8000."),
    ("d2", "en", "To install a package, run apt install with its name."),
    ("d3", "zh", "要联系客服，请发送邮件到 li.na@example.cn 或拨打１３８ ００１３ ８０００。"),
    ("d4", "zh", "要更新软件包列表，请运行 apt update。"),
]


@pytest.fixture
def audit_recipe(tmp_path: Path):
    """Return a function writing a recipe over four documents (two with PII) plus extra YAML."""
    with (tmp_path / "docs.jsonl").open("w", encoding="utf-8") as handle:
        for doc_id, lang, text in DOCUMENTS:
            handle.write(json.dumps({"id": doc_id, "lang": lang, "text": text}) + "\n")

    def write(extra: str) -> Path:
        recipe = tmp_path / "recipe.yaml"
        recipe.write_text(
            "name: audited\nversion: 1.0.0\n"
            "sources:\n  - read: jsonl\n    paths: [docs.jsonl]\n    license: CC0-1.0\n"
            "steps:\n  - extract: purpose-method\n"
            "targets:\n  - publish: local-dir\n    path: "
            + str(tmp_path / "releases")
            + "\n"
            + extra,
            encoding="utf-8",
        )
        return recipe

    return write
