"""answer-complete: pairs of debian-instruct 1.0.0 whose answer was no whole answer."""

import pytest

from zhiling.plugins.filters.answer_complete import AnswerComplete


def pair(instruction, output, lang):
    return {"id": "p", "instruction": instruction, "output": output, "lang": lang}


@pytest.mark.parametrize(
    ("instruction", "output", "lang", "reason"),
    [
        ("如何报告错误？", "请发送邮件到", "zh", "answer_cut_short"),
        ("How do I report a bug?", "Send an e-mail with the details to", "en", "answer_cut_short"),
        ("How do I list the files?", "The command prints the following:", "en", "answer_cut_short"),
        (
            "How do I modify the URL recognition for text documents?",
            "Open a text document.",
            "en",
            "answer_only_setup",
        ),
        ("如何修改文本文档的 URL 识别？", "打开文本文档。", "zh", "answer_only_setup"),
        (
            "What does “Sparklines” do in LibreOffice Calc's “Insert”?",
            "This function is available since LibreOffice 7.2.",
            "en",
            "answer_is_remark",
        ),
        ("在 Calc 中如何插入迷你图？", "注意：此功能自 LibreOffice 7.2 起可用。", "zh",
         "answer_is_remark"),
        ("How do I hide the selected sheets?", "Hide the selected sheets.", "en",
         "question_in_answer"),
        # whole answers stay
        ("如何报告错误？", "请发送邮件到 submit@bugs.debian.org，并写明软件包名称。", "zh", None),
        ("How do I hide the selected sheets in LibreOffice Calc?",
         "Use “Hide Sheet” in “Sheet”: Hides the selected sheets.", "en", None),
        ("如何释放空间？", "您可以运行下面命令释放空间：\n# apt clean", "zh", None),
    ],
)  # fmt: skip
def test_reasons(instruction, output, lang, reason):
    assert AnswerComplete().reason_to_drop(pair(instruction, output, lang)) == reason


def test_documents_pass():
    assert AnswerComplete().reason_to_drop({"id": "d", "text": "请发送邮件到"}) is None
