import pytest

from zhiling.plugins.extractors.means_goal import MeansGoal

ZH_POSITIVE = [
    (
        "你可以使用 procmail(1) 和 formail(1) 把邮箱内容分开成每一封邮件。",
        "如何把邮箱内容分开成每一封邮件？",
    ),
    (
        "你可以使用 debuild 命令来进一步自动化 dpkg-buildpackage 的构建过程。",
        "如何进一步自动化 dpkg-buildpackage 的构建过程？",
    ),
    ("运行 dpkg-divert --list 以查看您的系统中当前生效的转移。", "如何查看系统中当前生效的转移？"),
    ("通过 journalctl -u ssh 可以查看 ssh 服务的日志。", "如何查看 ssh 服务的日志？"),
    ("借助 screen 命令可以在断开 SSH 连接后保持会话运行。", "如何在断开 SSH 连接后保持会话运行？"),
]
ZH_NEGATIVE = [
    "此功能可以用来实现这一点。",
    "该功能使用 Python 语言实现。",
    "使用 top 可以完成这项工作。",
    "使用以下命令检查磁盘的剩余空间：",
]


@pytest.mark.parametrize("hmm", [True, False])
@pytest.mark.parametrize(("text", "question"), ZH_POSITIVE)
def test_zh_triggers_hold_with_hmm_on_and_off(pairs, hmm, text, question):
    [record] = pairs(MeansGoal(hmm=hmm), text, "zh")
    assert record["instruction"] == question
    assert record["output"] == text


@pytest.mark.parametrize("hmm", [True, False])
@pytest.mark.parametrize("text", ZH_NEGATIVE)
def test_zh_negatives_with_hmm_on_and_off(pairs, hmm, text):
    assert pairs(MeansGoal(hmm=hmm), text, "zh") == []


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "Use kill(1) to kill a process by the process ID.",
            "How do I kill a process by the process ID?",
        ),
        ("You can use the reportbug tool to submit a bug report.", "How do I submit a bug report?"),
        (
            "The lsblk command can be used to list all block devices.",
            "How do I list all block devices?",
        ),
        (
            "Run dpkg-divert --list to see the diversions on your system.",
            "How do I see the diversions on my system?",
        ),
    ],
)
def test_en_positives(pairs, text, question):
    [record] = pairs(MeansGoal(), text, "en")
    assert record["instruction"] == question


@pytest.mark.parametrize(
    "text",
    [
        "This function can be used to do this.",
        "Use top to do so.",
        "Use the following command to check it:",
    ],
)
def test_en_negatives(pairs, text):
    assert pairs(MeansGoal(), text, "en") == []
