import gzip

import pytest

from zhiling.plugins.extractors.man_entry import ManEntry, answerable
from zhiling.plugins.extractors.man_option import ManOption
from zhiling.plugins.sources._doc import to_document
from zhiling.plugins.sources.debian_docs import parse_file

ACCEPT_ZH = """.TH ACCEPT 2 "7 May 1999" "Linux 2.2" "Linux Programmer's Manual"
.SH NAME
accept \\- 在一个套接字上接收一个连接
.SH "ERRORS 错误"
.TP
.B EFAULT
参数
.I addr
不在用户可写地址空间之内.
.TP
.B EBADF
描述符非法.
"""

BASH_EN = """.TH BASH 1 "2022 September 19" "GNU Bash 5.2"
.SH NAME
bash \\- GNU Bourne-Again SHell
.SH "SHELL BUILTIN COMMANDS"
.TP
\\fBshopt\\fP [\\fB\\-pqsu\\fP] [\\fIoptname\\fP ...]
Toggle the values of settings controlling optional shell behavior.
.RS
.TP 8
.B dotglob
If set, bash includes filenames beginning with a `.' in the results of pathname expansion.
.RE
.TP
\\fBpwd\\fP [\\fB\\-LP\\fP]
Print the absolute pathname of the current working directory.
.SH OPTIONS
.TP
.B \\-r
If the
.B \\-r
option is present, the shell becomes restricted.
"""


def man_document(troff: str, path: str, lang: str) -> dict:
    """Return the document the debian-docs source makes of a man page at ``path``."""
    parsed = parse_file(path, gzip.compress(troff.encode("utf-8"), mtime=0))
    return to_document(f"pkg@1.0:{path}", parsed, {"license": "GPL-3.0-or-later"}, lang)


def test_zh_error_entries_from_real_troff_ask_what_the_error_means():
    document = man_document(ACCEPT_ZH, "usr/share/man/zh_CN/man2/accept.2.gz", "zh")
    [record] = ManEntry().extract(document)  # EBADF's five characters are too few to answer
    assert record["instruction"] == "调用 accept 时出现 EFAULT 错误是什么意思？"
    assert record["output"] == "EFAULT：参数 addr 不在用户可写地址空间之内。"
    [(start, end)] = record["source"]["spans"]
    assert document["text"][start:end].startswith("EFAULT")


def test_builtins_are_asked_by_name_and_entries_nested_in_them_are_left_alone():
    document = man_document(BASH_EN, "usr/share/man/man1/bash.1.gz", "en")
    records = list(ManEntry().extract(document))
    assert [r["instruction"] for r in records] == [
        "What does the `shopt [-pqsu] [optname ...]` builtin of bash do?",
        "What does the `pwd [-LP]` builtin of bash do?",
    ]
    assert records[1]["output"] == (
        "`pwd [-LP]`: Print the absolute pathname of the current working directory."
    )


def test_entries_man_option_takes_are_not_asked_twice():
    document = man_document(BASH_EN, "usr/share/man/man1/bash.1.gz", "en")
    taken = {r["source"]["spans"][0][0] for r in ManOption().extract(document)}
    asked = {r["source"]["spans"][0][0] for r in ManEntry().extract(document)}
    assert taken
    assert not taken & asked


@pytest.mark.parametrize(
    ("section", "term", "description", "question"),
    [
        (
            "ENVIRONMENT",
            "MANROFFOPT",
            "Every time man invokes the formatter, it adds the contents of $MANROFFOPT.",
            "How does the MANROFFOPT environment variable affect man?",
        ),
        (
            "FILES",
            "/etc/manpath.config",
            "The man-db configuration file read by man.",
            "What is `/etc/manpath.config` used for by man?",
        ),
        (
            "COMMANDS",
            "-K, --global-apropos",
            "Search for text in all manual pages, which is slow.",
            "What does the `-K` command of `man` do?",
        ),
        (
            "CONDITIONAL EXPRESSIONS",
            "-d file",
            "True if file exists and is a directory.",
            "What does the `-d file` test check in man?",
        ),
        (
            "PARAMETERS",
            "min",
            "Average queue size at which marking becomes a possibility.",
            "What does the `min` parameter do in man(1)?",
        ),
    ],
)
def test_en_question_follows_the_kind_of_section(pairs, section, term, description, question):
    text = f"# man(1)\n\n## {section}\n\n{term}\n       {description}\n"
    [record] = pairs(ManEntry(), text, "en")
    assert record["instruction"] == question
    assert record["output"] == f"`{term}`: {description}"


@pytest.mark.parametrize(
    ("page", "section", "term", "question"),
    [
        ("more(1)", "命令", ":p", "在 more 中，命令 :p 的功能是什么？"),
        ("bash(1)", "shell 内建命令(SHELL BUILTIN COMMANDS)", "bg [jobspec]", None),
        ("w(1)", "环境变量", "PROCPS_USERLEN", "环境变量 PROCPS_USERLEN 对 w 有什么影响？"),
        ("w(1)", "文件", "/var/run/utmp", "w 使用的文件 /var/run/utmp 有什么用？"),
        ("ip(7)", "SYSCTLS", "ip_forward", "ip(7) 中的 ip_forward 设置有什么作用？"),
        ("smb.conf(5)", "每一个选项的详细解释 EXPLANATION", "max ttl (G)", None),
    ],
)
def test_zh_question_follows_the_kind_of_section(pairs, page, section, term, question):
    text = f"# {page}\n\n## {section}\n\n{term}\n       这是一段足够长的中文说明文字。\n"
    [record] = pairs(ManEntry(), text, "zh")
    expected = {
        "bash(1)": "bash 内建命令 bg [jobspec] 有什么作用？",
        "smb.conf(5)": "smb.conf(5) 中的 max ttl 选项有什么作用？",
    }
    assert record["instruction"] == (question or expected[page])
    # smb.conf's "(G)" (a global parameter) is left out of the answer, as of the question.
    shown = term.removesuffix(" (G)")
    assert record["output"] == f"{shown}：这是一段足够长的中文说明文字。"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "# tar(1)\n\n## 应用举例\n\ntar -xzf foo.tar.gz\n       提取用 gzip 压缩的文件 foo\n",
            "zh",
        ),
        ("# bash(1)\n\n## SHELL BUILTIN COMMANDS\n\nnounset\n       与 -u 相同。\n", "zh"),
        ("# more(1)\n\n## 命令\n\nq 或 Q\n       退出。\n", "zh"),
        ("# smb.conf(5)\n\n## 参数说明\n\ncopy (S)\n       This lets you clone services.\n", "zh"),
        ("# bash(1)\n\n## 内建命令\n\n-l\n       列出所有的 readline 功能的名称。\n", "zh"),
        ("# stty(1)\n\n## SETTINGS\n\n-raw\n       same as cooked mode in every way\n", "en"),
        (
            "# ls(1)\n\n## Exit status\n\n2\n       if serious trouble (e.g., cannot access it).\n",
            "en",
        ),
        (
            "# proc(5)\n\n## Files\n\n/proc/pid/gid_map\n       See user_namespaces(7) for all.\n",
            "en",
        ),
        ("# bpf-helpers(7)\n\n## HELPERS\n\nDescription\n       Perform a lookup in map.\n", "en"),
        (
            "# cbq(8)\n\n## ALGORITHM\n\n(iv)\n       If the tc filters did not return a class.\n",
            "en",
        ),
        ("# top(1)\n\n## FIELDS\n\n• nTH\n       The number of threads of a task.\n", "en"),
        (
            "# locale(5)\n\n## LC_TIME\n\nera\n       defines how years are counted, like this:\n",
            "en",
        ),
    ],
)
def test_entries_that_answer_nothing_by_themselves_are_left_alone(pairs, text, lang):
    assert pairs(ManEntry(), text, lang) == []


def test_the_file_name_names_a_page_without_title_or_name_line():
    troff = ".SH ENVIRONMENT\n.TP\n.B LESSOPEN\nCommand line to invoke the input preprocessor.\n"
    troff += ".SH OPTIONS\n.TP\n.B \\-i\nCauses searches to ignore case.\n"
    document = man_document(troff, "usr/share/man/man1/less.1.gz", "en")
    [entry] = ManEntry().extract(document)
    assert entry["instruction"] == "How does the LESSOPEN environment variable affect less?"
    [option] = ManOption().extract(document)
    assert option["instruction"] == "What does the `-i` option of `less` do?"


def test_a_translated_name_line_gives_way_to_the_file_name():
    troff = (
        ".SH NAME\n分组 \\- 设备级的分组接口\n.SH ERRORS\n.TP\n.B EMSGSIZE\n"
        "分组比接口的最大传输单元大。\n"
    )
    document = man_document(troff, "usr/share/man/zh_CN/man7/packet.7.gz", "zh")
    [record] = ManEntry().extract(document)
    assert record["instruction"] == "调用 packet 时出现 EMSGSIZE 错误是什么意思？"


def test_an_entry_that_states_an_action_is_asked_as_a_how_to(pairs):
    # bash(1), "Killing and Yanking": 1.0.0 asked "What is `unix-filename-rubout` in the
    # "Killing and Yanking" section of bash(1)?".
    text = (
        "# bash(1)\n\n## Killing and Yanking\n\nunix-filename-rubout\n"
        "       Kill the word behind point, using white space and the slash as the word "
        "boundaries.\n\nexpand-tilde\n       The value is kept for compatibility.\n"
    )
    first, second = pairs(ManEntry(), text, "en")
    assert first["instruction"] == "How do I kill the word behind point in bash?"
    assert first["output"].startswith("`unix-filename-rubout`: Kill the word behind point")
    assert second["instruction"].startswith("What is `expand-tilde` in the")


def test_an_entry_listed_in_two_sections_carries_the_question_naming_its_section(pairs):
    # manpages-zh sed(1) describes 「R 文件名」 in its command list and again among the GNU
    # extensions, in other words; one-answer asks this question of each where needed.
    text = "# sed(1)\n\n## 命令\n\nR 文件名\n       从文件名读取一行并追加到最后。\n"
    [record] = pairs(ManEntry(), text, "zh")
    assert record["instruction"] == "在 sed 中，命令 R 文件名 的功能是什么？"
    assert (
        record["meta"]["qualified_instruction"] == "sed(1) 手册页「命令」一节中的 R 文件名 是什么？"
    )


def test_zh_entries_are_looked_up_and_an_argument_name_is_no_verb(pairs):
    # manpages-zh arp(7): 「gc_thresh2 ⟶ 保存在 ARP 高速缓存中的最多的记录软限制。」 was asked
    # 「在 arp 中如何保存在 ARP 高速缓存中的最多的记录软限制？」.
    text = (
        "# arp(7)\n\n## SYSCTLS\n\ngc_thresh2\n       保存在 ARP 高速缓存中的最多的记录软限制。\n"
    )
    [record] = pairs(ManEntry(), text, "zh")
    assert record["instruction"] == "arp(7) 中的 gc_thresh2 设置有什么作用？"
    # ip-link(8): "type TYPE ⟶ TYPE specifies the type of devices to show."
    text = "# ip-link(8)\n\n## ip link show\n\ntype TYPE\n       TYPE names devices to show.\n"
    [record] = pairs(ManEntry(), text, "en")
    assert not record["instruction"].startswith("How do I")


@pytest.mark.parametrize(
    ("page", "section", "term", "lang", "question"),
    [
        (
            "elf(5)",
            "ELF header (Ehdr)",
            "e_flags",
            "en",
            "What does the `e_flags` field hold in elf(5)?",
        ),
        (
            "socket(7)",
            "Socket options",
            "SO_KEEPALIVE",
            "en",
            "What does the `SO_KEEPALIVE` option do in socket(7)?",
        ),
        (
            "inotify(7)",
            "inotify events",
            "IN_ACCESS",
            "en",
            "What does the `IN_ACCESS` flag mean in inotify(7)?",
        ),
        ("xpdf(1)", "快捷键", "End键", "zh", "在 xpdf 中，End键 键有什么作用？"),
        ("bash(1)", "提示符", "\\t", "zh", "在 bash 中，转义序列 \\t 代表什么？"),
        ("ipc(5)", "结构成员", "shm_cpid", "zh", "ipc(5) 中的 shm_cpid 字段表示什么？"),
        # iproute2 gives each subcommand its section: its entries are asked of the
        # subcommand (2.0.0: 'What is `master` in the "bridge fdb flush - flush bridge
        # forwarding table entries." section of bridge(8)?').
        (
            "bridge(8)",
            "bridge fdb flush - flush bridge forwarding table entries.",
            "master",
            "en",
            "What does `master` do in `bridge fdb flush`?",
        ),
        (
            "ip-link(8)",
            "ip link afstats - display address-family specific statistics",
            "dev DEV",
            "zh",
            "在 ip link afstats 中，dev DEV 有什么作用？",
        ),
        # A "name - what" title that does not start with the page's command stays a section.
        (
            "tc(8)",
            "qdisc - queueing discipline",
            "root",
            "en",
            'What is `root` in the "qdisc - queueing discipline" section of tc(8)?',
        ),
        # A title that says nothing of its entries: the section is named.
        (
            "locale(5)",
            "LC_NAME",
            "name_mr",
            "en",
            'What is `name_mr` in the "LC_NAME" section of locale(5)?',
        ),
    ],
)
def test_a_section_title_that_says_what_its_entries_are_names_them(
    pairs, page, section, term, lang, question
):
    description = (
        "这是一段足够长的中文说明文字。" if lang == "zh" else "Processor-specific flags, if any."
    )
    text = f"# {page}\n\n## {section}\n\n{term}\n       {description}\n"
    [record] = pairs(ManEntry(), text, lang)
    assert record["instruction"] == question


def test_the_qualified_question_of_a_kind_names_the_section(pairs):
    text = "# elf(5)\n\n## ELF header (Ehdr)\n\ne_flags\n       Processor-specific flags, if any.\n"
    [record] = pairs(ManEntry(), text, "en")
    assert record["meta"]["qualified_instruction"] == (
        'What is `e_flags` in the "ELF header (Ehdr)" section of elf(5)?'
    )


def test_entries_of_a_function_list_are_asked_as_functions(pairs):
    text = "# expr(3tcl)\n\n## 数学函数\n\nsin(arg)\n       返回 arg 的正弦，单位是弧度。\n"
    [record] = pairs(ManEntry(), text, "zh")
    # A Tcl page says it is one (「expr 中的 sin 函数」 read as needing context).
    assert record["instruction"] == "Tcl 命令 expr 中的 sin 函数有什么作用？"


def test_feature_test_macros_are_no_tests(pairs):
    # feature_test_macros(7) "_GNU_SOURCE" was asked "What does the `_GNU_SOURCE` test check?".
    text = (
        "# feature_test_macros(7)\n\n## Feature test macros\n\n"
        "_GNU_SOURCE\n       Defining this macro exposes GNU extensions.\n"
    )
    [record] = pairs(ManEntry(), text, "en")
    assert "test check" not in record["instruction"]


def test_sentence_titles_name_no_section_and_bilingual_titles_keep_their_chinese(pairs):
    # manpages-zh xpdf(1) sets 「屏幕控制在xpdf窗口的底部.」 as a heading; perlcompile(7)
    # titles a section in both languages.
    text = (
        "# xpdf(1)\n\n## 屏幕控制在xpdf窗口的底部.\n\n"
        "望远镜按键\n       这是一段足够长的中文说明文字。\n"
    )
    assert pairs(ManEntry(), text, "zh") == []
    text = (
        "# perlcompile(7)\n\n## Module List for the Compiler Suite 编译套件的模块列表\n\n"
        "B::Lint\n       这是一段足够长的中文说明文字。\n"
    )
    [record] = pairs(ManEntry(), text, "zh")
    assert (
        record["instruction"]
        == "perlcompile(7) 手册页「编译套件的模块列表」一节中的 B::Lint 是什么？"
    )


CPUSET_EN = """.TH CPUSET 7 2021-03-22 "Linux" "Linux Programmer's Manual"
.SH NAME
cpuset \\- confine processes to processor and memory node subsets
.SH FILES
.TP
.IR cpuset.memory_migrate " (since Linux 2.6.16)"
Flag (0 or 1).
If set (1), then memory migration is enabled.
By default, this is off (0).
.TP
.B cpuset.sm3
(only available through cksum)
"""


def test_a_version_note_stays_out_of_the_code_and_an_aside_is_no_answer():
    # cpuset(7) and cksum(1) in 2.0.0: "`cpuset.memory_migrate (since Linux 2.6.16)`: Flag…"
    # and "`sm3`: (only available through cksum)", graded usable and bad by the reader.
    document = man_document(CPUSET_EN, "usr/share/man/man7/cpuset.7.gz", "en")
    [record] = ManEntry().extract(document)
    assert "`cpuset.memory_migrate`" in record["instruction"]
    assert record["output"].startswith(
        "`cpuset.memory_migrate` (since Linux 2.6.16): Flag (0 or 1)."
    )
    # The same words outside parentheses would be enough to answer: the aside is what drops it.
    assert answerable("only available through cksum", "en")
    assert not answerable("(only available through cksum)", "en")


@pytest.mark.parametrize(
    "description",
    [
        # stty(1) icanon and groff_man(7) .PD: a list after a colon, an aside left open.
        "enable special characters: erase, kill, werase, rprnt",
        "Set inter-paragraph vertical distance to d (if omitted, d=0.4v); does not break.",
        # rtld-audit(7) LA_SER_LIBPATH: a noun and its verb (2.0.0: "How do I name was …?")
        "name was created using a directory specified in LD_LIBRARY_PATH.",
    ],
)
def test_how_to_questions_are_not_made_of_lists_or_open_asides(description):
    from zhiling.plugins.extractors.man_entry import _how_to

    assert _how_to("stty", description) is None
    assert _how_to("stty", "Change the PROTODOWN state on the device.") == (
        "How do I change the PROTODOWN state on the device in stty?"
    )
