import pytest

from zhiling.plugins.extractors.desc_command import DescriptionCommand


def test_zh_items_become_use_command_pairs(pairs):
    text = (
        "- 卸载一个软件包（包括配置文件）：dpkg --purge foo。\n"
        "- 搜索包含某个文件的软件包：dpkg --search 文件名。\n"
    )
    first, second = pairs(DescriptionCommand(), text, "zh")
    assert first["instruction"] == "如何卸载一个软件包（包括配置文件）？"
    assert first["output"] == "使用 `dpkg --purge foo`。"
    assert second["output"] == "使用 `dpkg --search 文件名`。"


def test_en_item_keeps_file_names_with_dots(pairs):
    text = "- List the contents of a Debian archive file: dpkg-deb --contents foo_VVV-RRR.deb.\n"
    [record] = pairs(DescriptionCommand(), text, "en")
    assert record["instruction"] == "How do I list the contents of a Debian archive file?"
    assert record["output"] == "Run `dpkg-deb --contents foo_VVV-RRR.deb`."


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("- 注意：这些命令需要 root 权限。", "zh"),
        ("- 例如：dpkg --purge foo。", "zh"),
        ("- 默认值：不启用。", "zh"),
        # udev: an attribute name, no task in Chinese (2.0.0: 「如何ATTR{attribute}？」)
        ("- ATTR{attribute}：attribute 文件的内容在设备的 /sys/$devpath/ 文件夹内", "zh"),
        # debian-faq: a paragraph of two sentences before its colon is no task.
        (
            "APT 在 /var/cache/apt/archives/ 目录中保存每个 .deb 文件的副本。您应当经常整理它们。"
            "可以使用如下两个命令：apt-get autoclean",
            "zh",
        ),
        ("- Changed in version 3.3: the default encoding is now UTF-8.", "en"),
        # ScriptForge's signature split at its colon (2.0.0: "How do I svc.SetStatusbar(text?").
        ("- svc.SetStatusbar(text: str = '', percentage: int = -1)", "en"),
        # debian-installer's release notes: no task, and "see …" is no command.
        ("- Installation instructions for the current release: see https://www.debian.org/", "en"),
        ("- Availability: Unix, not Emscripten, not WASI.", "en"),
        ("- Blacken: this changes all the dark pixels to black.", "en"),
        ("You need to do two things: the mode must be executable.", "en"),
    ],
)
def test_negatives_yield_nothing(pairs, text, lang):
    assert pairs(DescriptionCommand(), text, lang) == []


def test_a_description_led_by_to_is_asked_without_it(pairs):
    # debian-faq pkgtools: "To search the listing of packages yourself: grep-available …"
    # was asked "How do I to search the listing of packages yourself?".
    text = "- To search the listing of packages yourself: grep-available -s Package.\n"
    [record] = pairs(DescriptionCommand(), text, "en")
    assert record["instruction"] == "How do I search the listing of packages myself?"
