import pytest

from zhiling.plugins.extractors.leadin_code import LeadInCode


def test_zh_goal_after_the_command_phrase(pairs):
    text = "安装之后会有大量下载的软件包。您可以运行下面命令释放空间：\n\n    # apt clean\n"
    [record] = pairs(LeadInCode(), text, "zh")
    assert record["instruction"] == "如何释放空间？"
    assert record["output"] == "您可以运行下面命令释放空间：\n```\n# apt clean\n```"
    lead, _ = record["source"]["spans"]
    assert text[lead[0] : lead[1]] == "您可以运行下面命令释放空间："


def test_zh_clause_after_comma_is_the_lead_in(pairs):
    text = (
        "构建好文件之后，使用以下命令将这一文件告诉软件包管理系统：\n\n"
        "    dpkg --merge-avail my_Packages\n"
    )
    [record] = pairs(LeadInCode(), text, "zh")
    assert record["output"].startswith("使用以下命令")


@pytest.mark.parametrize(
    ("text", "goal"),
    [
        (
            "Run the following command to generate a new SSH key pair:",
            "generate a new SSH key pair",
        ),
        (
            "You can check the kernel version with the following command:",
            "check the kernel version",
        ),
        ("Add the following line to /etc/fstab to mount it at boot:", "mount it at boot"),
        ("After installation, you can free the space by running:", "free the space"),
    ],
)
def test_en_lead_ins(pairs, text, goal):
    [record] = pairs(LeadInCode(), f"{text}\n\n    some-command --flag\n", "en")
    assert record["instruction"] == f"How do I {goal}?"
    assert record["output"].endswith("\n```\nsome-command --flag\n```")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("运行 ls -l 会得到如下输出：", "zh"),
        ("下面是一个配置文件的示例：", "zh"),
        ("运行：", "zh"),
        # mc's manual: the goal would start inside the noun phrase (「如何中的任何一个…」).
        ("这个查看器可以通过下列命令中的任何一个来直接启动。", "zh"),
        ("要从系统中删除软件包 foo，请运行：", "zh"),  # purpose clause: purpose-method's job
        ("Running ls -l produces output like this:", "en"),
        ("To remove the foo package, run:", "en"),
    ],
)
def test_negatives_yield_nothing(pairs, text, lang):
    assert pairs(LeadInCode(), f"{text}\n\n    make\n", lang) == []


def test_long_listings_need_a_config_lead_in(pairs):
    code = "\n".join(f"    line {n}" for n in range(20))
    assert pairs(LeadInCode(), f"Run the following command to build it:\n\n{code}\n", "en") == []
