"""Man-page text as a record states it: no pointers to other parts of the page."""

import pytest

from zhiling.plugins.extractors._text import tidy_troff


@pytest.mark.parametrize(
    ("text", "lang", "tidied"),
    [
        # manpages-zh grep(1) -c: an aside pointing below.
        (
            "打印匹配的行的总数。如果使用 -v 选项 (参见下面)，将是不匹配的行的总数。",
            "zh",
            "打印匹配的行的总数。如果使用 -v 选项，将是不匹配的行的总数。",
        ),
        # manpages-zh interp(3tcl): a closing sentence pointing at another section.
        (
            "这个命令失败。隐藏命令的详情参见下面的HIDDEN COMMANDS (隐藏命令)章节。",
            "zh",
            "这个命令失败。",
        ),
        # manpages-zh systemd-resolve(1) --service: 「详见前文。」 means nothing alone.
        ("开启 DNS-SD 与简单 SRV 服务解析。详见前文。", "zh", "开启 DNS-SD 与简单 SRV 服务解析。"),
        # bash(1) and journalctl(1): "(see JOB CONTROL below)", ", see above."
        (
            "using the bg builtin (see JOB CONTROL below).",
            "en",
            "using the bg builtin.",
        ),
        (
            "switch back to /var/log/journal/, see above.",
            "en",
            "switch back to /var/log/journal/.",
        ),
        # cgroups(7) nsdelegate: the link after "For details" is not in the text.
        (
            "Treat cgroup namespaces as delegation boundaries. For details.",
            "en",
            "Treat cgroup namespaces as delegation boundaries.",
        ),
        # manpages-zh lilo.conf(5): 「(参考下面)」.
        ("每一个选项 (参考下面) 都作用于所有的映像。", "zh", "每一个选项都作用于所有的映像。"),
        # tc-red(8) ecn: "As mentioned before" points at text the entry does not carry.
        (
            "As mentioned before, RED can either 'mark' or 'drop'.",
            "en",
            "RED can either 'mark' or 'drop'.",
        ),
        # A pointer to another page is information, and stays.
        ("Print the version (see signal(7)).", "en", "Print the version (see signal(7))."),
        # A pointer that is the whole text is left for the pattern to refuse.
        ("See below.", "en", "See below."),
    ],
)
def test_pointers_elsewhere_in_the_page_are_left_out(text, lang, tidied):
    assert tidy_troff(text, lang) == tidied
