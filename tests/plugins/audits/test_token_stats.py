"""token-stats counts released text in tokens of a tokenizer trained here, by language, split."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import working_directory
from zhiling import RecipeError
from zhiling.manager import make_plugin_manager
from zhiling.plugins.audits.token_stats import TokenStats, summary
from zhiling.run import run_recipe

TEXTS = [
    "To list the files of a folder, run ls with the folder name.",
    "To remove a package, run apt remove with its name.",
    "要查看磁盘的剩余空间，请运行 df -h 命令。",
    "要删除软件包，请运行 apt remove 命令。",
]


@pytest.fixture(scope="module")
def tokenizer_file(tmp_path_factory) -> Path:
    """A byte-level BPE tokenizer trained on a few sentences, saved as tokenizer.json."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE(unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    trainer = trainers.BpeTrainer(
        vocab_size=300,
        special_tokens=["[UNK]"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tokenizer.train_from_iterator(TEXTS * 20, trainer=trainer)
    path = tmp_path_factory.mktemp("tok") / "tokenizer.json"
    tokenizer.save(str(path))
    return path


def records() -> list[dict[str, str]]:
    return [
        {
            "id": f"r{i}",
            "instruction": "How?" if i % 2 else "怎么做？",
            "output": text,
            "lang": "zh" if "要" in text else "en",
        }
        for i, text in enumerate(TEXTS)
    ]


def test_tokens_per_language_match_the_tokenizer(tokenizer_file):
    from tokenizers import Tokenizer

    direct = Tokenizer.from_file(str(tokenizer_file))
    audit = TokenStats(tokenizer=str(tokenizer_file))
    for record in records():
        audit.observe(record)
    report = audit.report()
    expected: dict[str, list[int]] = {"en": [], "zh": []}
    for record in records():
        text = f"{record['instruction']}\n{record['output']}"
        expected[record["lang"]].append(len(direct.encode(text, add_special_tokens=False).ids))
    tokens = report["units"]["tokens"]
    assert report["tokenizer"] == "tokenizer.json"
    for lang, counts in expected.items():
        assert tokens["by_language"][lang]["total"] == sum(counts)
        assert tokens["by_language"][lang]["max"] == max(counts)
    assert tokens["all"]["records"] == 4
    # Byte-level BPE trained on so little text splits Chinese into more tokens than characters.
    assert tokens["by_language"]["zh"]["total"] > sum(len(t) for t in TEXTS if "要" in t)


def test_a_model_folder_with_a_tokenizer_json_is_read_too(tokenizer_file, tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "tokenizer.json").write_bytes(tokenizer_file.read_bytes())
    by_file, by_folder = (
        TokenStats(tokenizer=str(tokenizer_file)),
        TokenStats(tokenizer="model", base_dir=tmp_path),
    )
    for audit in (by_file, by_folder):
        for record in records():
            audit.observe(record)
    assert by_folder.report()["units"] == by_file.report()["units"]
    assert by_folder.report()["tokenizer"] == "model"


def test_without_a_tokenizer_it_counts_characters_and_words():
    audit = TokenStats()
    audit.observe({"id": "a", "instruction": "怎么做？", "output": "run ls now", "lang": "zh"})
    units = audit.report()["units"]
    assert units["characters"]["all"]["total"] == len("怎么做？\nrun ls now")
    assert units["words"]["all"]["total"] == 3 + 1 + 3  # 怎 么 做, ？, run ls now


def test_percentiles_are_nearest_rank():
    assert summary(list(range(1, 11))) == {
        "records": 10,
        "total": 55,
        "p10": 2,
        "p50": 6,
        "p90": 10,
        "max": 10,
    }
    assert summary([])["total"] == 0


def test_a_missing_tokenizer_or_package_is_a_clear_error(tmp_path, tokenizer_file, monkeypatch):
    with pytest.raises(RecipeError, match=r"tokenizer .*nothing\.json does not exist"):
        TokenStats(tokenizer=str(tmp_path / "nothing.json"))
    monkeypatch.setitem(sys.modules, "tokenizers", None)  # as if it were not installed
    with pytest.raises(RecipeError, match=r"pip install 'zhiling\[train\]'"):
        TokenStats(tokenizer=str(tokenizer_file))


RECIPE = """\
name: tokens
version: 0.1.0
sources:
  - read: jsonl
    paths: [docs.jsonl]
    license: CC0-1.0
splits:
  seed: 3
  train: 0.5
  test: 0.5
steps:
  - segment: regex-words
  - segment: jieba
  - extract: purpose-method
audits:
  - audit: token-stats
    tokenizer: {tokenizer}
targets:
  - publish: local-dir
    path: releases
"""


def test_a_release_reports_tokens_per_language_and_split_with_a_chart(tmp_path, tokenizer_file):
    lines = []
    for n in range(30):
        if n % 2:
            text, lang = f"要清除第{n}组日志，请运行 journalctl --vacuum-files={n} 命令。", "zh"
        else:
            text, lang = (
                f"To remove the logs of group {n}, run journalctl --vacuum-files={n}.",
                "en",
            )
        lines.append(json.dumps({"id": f"d{n}", "text": text, "lang": lang}, ensure_ascii=False))
    (tmp_path / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "recipe.yaml").write_text(RECIPE.format(tokenizer=tokenizer_file), "utf-8")
    with working_directory(tmp_path):
        result = run_recipe(
            tmp_path / "recipe.yaml", pm=make_plugin_manager(installed=False), workers=1
        )
    release = tmp_path / result.destinations[0].split(" ")[0]
    report = json.loads((release / "report.json").read_text("utf-8"))
    tokens = report["audits"]["token-stats"]["units"]["tokens"]
    splits = report["distributions"]["by_split"]
    assert {k: v["records"] for k, v in tokens["by_split"].items()} == splits
    assert set(tokens["by_language_split"]) == {"en/test", "en/train", "zh/test", "zh/train"}
    assert tokens["all"]["total"] == sum(v["total"] for v in tokens["by_language"].values())
    assert report["charts"]["tokens"] == "charts/tokens.svg"
    assert "zh/train" in (release / "charts" / "tokens.svg").read_text("utf-8")
    assert "Tokens per record by language and split" in (release / "README.md").read_text("utf-8")
