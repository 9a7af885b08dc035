import pytest

from zhiling.plugins.extractors.faq import QuestionAnswer


def test_zh_numbered_question_with_prose_and_code(pairs):
    text = (
        "## 8.5. 如何查出一个特定的文件属于哪个软件包？\n\n"
        "要获得名为 foo 的文件所属的软件包，可选择以下命令中的一个：\n\n"
        "    dpkg -S foo\n\n"
        "## 8.6. 下一个问题？\n"
    )
    [record] = pairs(QuestionAnswer(), text, "zh")
    assert record["instruction"] == "如何查出一个特定的文件属于哪个软件包？"
    assert (
        record["output"]
        == "要获得名为 foo 的文件所属的软件包，可选择以下命令中的一个：\n```\ndpkg -S foo\n```"
    )
    assert len(record["source"]["spans"]) == 3


def test_zh_opener_without_question_mark_gets_one(pairs):
    text = "## 1.1.7. 怎样退出命令行提示符\n\n在命令行输入 Ctrl-D 即可关闭 shell 活动。"
    [record] = pairs(QuestionAnswer(), text, "zh")
    assert record["instruction"] == "怎样退出命令行提示符？"


def test_en_answer_keeps_code_and_list_items(pairs):
    text = (
        "## How do I iterate over a sequence in reverse order?\n\n"
        "Use the reversed() built-in function:\n\n"
        "    for x in reversed(sequence):\n        print(x)\n"
    )
    [record] = pairs(QuestionAnswer(), text, "en")
    assert record["output"] == (
        "Use the reversed() built-in function:\n"
        "```\nfor x in reversed(sequence):\n    print(x)\n```"
    )


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "## 7.4. 如何查看软件包的更新日志？\n\n参阅 /usr/share/doc/foo/changelog.Debian.gz。",
            "zh",
        ),
        ("## 1.3. 本文档的约定\n\n以 # 开头的命令需要 root 权限。", "zh"),
        ("## 5.1. How can I check my system?\n\nUse debsums to compare checksums.", "zh"),
        ("## 5.1. 如何检查系统？\n\nUse debsums to compare the checksums.", "zh"),
        ("## 7.4. How can I read the changelog of a package?\n\nSee /usr/share/doc.", "en"),
        ("## Figure 3.1. The installer main menu", "en"),
    ],
)
def test_negatives_yield_nothing(pairs, text, lang):
    assert pairs(QuestionAnswer(), text, lang) == []


def test_answers_over_the_limit_yield_nothing(pairs):
    text = "## What is Debian?\n\n" + "Debian is a free operating system. " * 10
    assert pairs(QuestionAnswer(max_chars=100), text, "en") == []
    assert len(pairs(QuestionAnswer(max_chars=1000), text, "en")) == 1
