import pytest

from zhiling.plugins.extractors.man_option import ManOption

ZH = """# cp(1)

## 选项

-r, -R, --recursive
       递归复制目录

-v, --verbose
       解释正在做什么
"""


def test_zh_action_description_is_a_how_to_and_others_ask_what_it_does(pairs):
    first, second = pairs(ManOption(), ZH, "zh")
    assert first["instruction"] == "使用 cp 时，如何递归复制目录？"
    assert first["output"] == "使用 -r, -R, --recursive 选项：递归复制目录"
    assert second["instruction"] == "如何让 cp 解释正在做什么？"
    start, end = second["source"]["spans"][0]
    assert ZH[start:end].startswith("-v, --verbose")


def test_en_options_and_what_does_form(pairs):
    text = (
        "# mkdir(1)\n\n## OPTIONS\n\n-p, --parents\n       no error if existing, make parents\n\n"
        "-v, --verbose\n       print a message for each created directory\n"
    )
    first, second = pairs(ManOption(), text, "en")
    assert first["instruction"] == "What does the `-p` option of `mkdir` do?"
    # A lookup is answered with the option's entry, a how-to with the option to use.
    assert first["output"] == "`-p, --parents`: no error if existing, make parents"
    assert second["output"] == "Use `-v, --verbose`: print a message for each created directory"
    assert (
        second["instruction"] == "How do I print a message for each created directory with mkdir?"
    )


def test_a_description_in_the_third_person_is_asked_in_the_base_form(pairs):
    text = "# top(1)\n\n## OPTIONS\n\n-d secs\n       Specifies the delay between screen updates.\n"
    [record] = pairs(ManOption(), text, "en")
    assert record["instruction"] == "How do I specify the delay between screen updates with top?"


def test_a_zh_description_that_says_when_is_asked_what_the_option_does(pairs):
    text = "# systemctl(1)\n\n## 选项\n\n--all\n       在列出单元时，同时显示未加载的单元\n"
    [record] = pairs(ManOption(), text, "zh")
    assert record["instruction"] == "systemctl 的 --all 选项有什么作用？"


def test_command_from_the_name_line_when_there_is_no_page_title(pairs):
    text = (
        "NAME\n\nls - list directory contents\n\n"
        "OPTIONS\n\n-a, --all\n       do not ignore entries starting with .\n"
    )
    [record] = pairs(ManOption(), text, "en")
    assert record["instruction"] == "What does the `-a` option of `ls` do?"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("# tar(1)\n\n## 选项\n\n-x, --extract\n       同 --get\n", "zh"),
        ("# tar(1)\n\n## OPTIONS\n\n-x, --extract\n       same as --get\n", "en"),
        (
            "# grep(1)\n\n## 选项\n\n-i, --ignore-case\n       Ignore case distinctions.\n",
            "zh",
        ),
        ("# open(2)\n\n## ERRORS\n\n-EACCES\n       The requested access is not allowed.\n", "en"),
        ("## OPTIONS\n\n-a, --all\n       do not ignore entries\n", "en"),  # no command known
    ],
)
def test_negatives_yield_nothing(pairs, text, lang):
    assert pairs(ManOption(), text, lang) == []


@pytest.mark.parametrize("title", ["选项 OPTIONS", "DESCRIPTION(描述)", "选项 (OPTIONS)"])
def test_bilingual_section_titles_of_manpages_zh_count_as_option_sections(pairs, title):
    text = f"# df(1)\n\n## {title}\n\n--sync\n       取得使用量数据前先进行同步\n"
    (found,) = pairs(ManOption(), text, "zh")
    assert found["instruction"] == "使用 df 时，如何取得使用量数据前先进行同步？"


def test_sections_that_only_share_a_word_with_options_are_left_alone(pairs):
    text = "# abort(7)\n\n## PARAMETERS 参数\n\n--work\n       可选关键字\n"
    assert list(pairs(ManOption(), text, "zh")) == []


def test_options_grouped_under_subsections_of_options_are_read(pairs):
    text = (
        "# tar(1)\n\n## OPTIONS\n\n### Informative output\n\n--totals\n"
        "       print total bytes after processing the archive\n\n"
        "## DESCRIPTION\n\n### Files\n\n--keep\n       keep the file\n"
    )
    (found,) = pairs(ManOption(), text, "en")
    assert found["output"] == "Use `--totals`: print total bytes after processing the archive"


@pytest.mark.parametrize(
    ("title", "command", "term", "description"),
    [
        ("所有选项", "tar", "-c, --create", "创建一个新的存档"),
        ("查询选项", "rpm", "-a, --all", "查询所有安装的包."),
        ("COMMAND-LINE OPTIONS (命令-行选项)", "eject", "-v", "令 eject 在冗长模式下运行"),
    ],
)
def test_option_shaped_terms_count_under_any_title_that_names_options(
    pairs, title, command, term, description
):
    text = f"# {command}(8)\n\n## {title}\n\n{term}\n       {description}\n"
    (found,) = pairs(ManOption(), text, "zh")
    # A half-width stop after Chinese becomes 「。」 (tidy_troff).
    described = description.replace("包.", "包。")
    asked_how = found["instruction"].startswith("使用")
    assert found["output"] == (f"使用 {term} 选项：" if asked_how else f"{term}：") + described


def test_option_shaped_terms_elsewhere_are_left_alone(pairs):
    text = (
        "# bash(1)\n\n## shell 内建命令(SHELL BUILTIN COMMANDS)\n\n"
        "-l\n       列出所有的 readline 功能。\n\n"
        "## 所有选项\n\nworkgroup\n       工作组的名称\n"
    )
    assert pairs(ManOption(), text, "zh") == []


def test_only_option_shaped_terms_are_asked_about(pairs):
    # debian-instruct 1.0.0 asked 「Tcl 的 [2] 选项有什么作用？」 and about tclvars' HOME.
    text = (
        "# tclvars(3)\n\n## 选项\n\n[2]\n       把它设为其它值。\n\n"
        "HOME\n       用户的主目录。\n\n-n, --nocomplain\n       忽略不存在的文件。\n"
    )
    [record] = pairs(ManOption(), text, "zh")
    assert record["instruction"] == "使用 tclvars 时，如何忽略不存在的文件？"


def test_a_goal_that_pastes_the_description_is_asked_as_a_lookup(pairs):
    # 1.0.0: 「使用 cpio 时，如何在 copy-in 模式中？」 and "How do I make watch attempt to run
    # command every --interval seconds with watch?"
    text = (
        "# cpio(1)\n\n## 选项\n\n-f, --nonmatching\n       在 copy-in 模式中，只复制不匹配的文件\n"
    )
    [record] = pairs(ManOption(), text, "zh")
    assert record["instruction"] == "cpio 的 -f, --nonmatching 选项有什么作用？"
    text = (
        "# watch(1)\n\n## OPTIONS\n\n-p, --precise\n"
        "       Make watch attempt to run command every --interval seconds.\n"
    )
    [record] = pairs(ManOption(), text, "en")
    assert record["instruction"] == "What does the `-p` option of `watch` do?"


def test_a_zh_goal_of_one_bare_verb_is_asked_as_a_lookup(pairs):
    # id(1) -a 「忽略，仅用于与其它版本兼容」: 2.0.0 asked 「使用 id 时，如何忽略？」
    text = "# id(1)\n\n## 选项\n\n-a\n       忽略，仅用于与其它版本兼容\n"
    [record] = pairs(ManOption(), text, "zh")
    assert record["instruction"] == "id 的 -a 选项有什么作用？"


@pytest.mark.parametrize(
    ("command", "term", "description"),
    [
        # troff -b: three sentences with their stops lost (2.0.0 asked all 60 characters)
        (
            "troff",
            "-b",
            "在每条错误或警告消息中打印回溯信息此信息可以帮助跟踪错误的原因信息中的行号可能有误",
        ),
        ("smbd", "-l", "用来记录/调试的文件"),  # 「如何用来记录/调试的文件？」
        ("ls", "--sort=WORD", "按照关键字而非名称进行排序：none（同 -U）、size（同 -S）"),  # a list
    ],
)
def test_zh_goals_that_are_no_question_stay_lookups(pairs, command, term, description):
    text = f"# {command}(1)\n\n## 选项\n\n{term}\n       {description}\n"
    [record] = pairs(ManOption(), text, "zh")
    assert record["instruction"] == f"{command} 的 {term} 选项有什么作用？"
    assert record["output"].startswith(f"{term}：")


def test_questions_carry_the_lookup_and_the_section_that_tell_two_answers_apart(pairs):
    # manpages-zh grep(1): -c, -l and -L all 「禁止通常的输出」; rpm(8) describes --test in its
    # install and erase sections. one-answer asks these qualified questions where needed.
    first, second = pairs(ManOption(), ZH, "zh")
    assert first["meta"]["qualified_instruction"] == "cp 的 -r, -R, --recursive 选项有什么作用？"
    assert second["meta"]["qualified_instruction"] == "cp 的 -v, --verbose 选项有什么作用？"
    # An English lookup names the first spelling; a comma inside the argument is no second
    # spelling (2.0.0: "What does the `--table table [ (column [` option …").
    text = "# vacuumdb(1)\n\n## OPTIONS\n\n--table table [ (column [,...]) ]\n       Clean only.\n"
    [record] = pairs(ManOption(), text, "en")
    assert record["instruction"] == (
        "What does the `--table table [ (column [,...]) ]` option of `vacuumdb` do?"
    )
    text = "# rpm(8)\n\n## ERASE OPTIONS\n\n--test\n       Don't really uninstall anything.\n"
    [record] = pairs(ManOption(), text, "en")
    assert record["meta"]["qualified_instruction"] == (
        "What does the `--test` option of `rpm` do in the “ERASE OPTIONS” section?"
    )


@pytest.mark.parametrize(
    ("description", "question"),
    [
        # manpages-zh ln(1) -t; ps(1)-style limits: a place or limit, then the action.
        ("在指定的目录中创建链接", "使用 ln 时，如何在指定的目录中创建链接？"),
        ("只显示进程号。", "使用 ln 时，如何只显示进程号？"),
        # A mode alone, or a time before the action, stays a lookup (cpio -s, sort -T).
        ("在 copy-in 模式中, 交换文件中每一个字的半字。", "ln 的 -t 选项有什么作用？"),
        ("在处理之后，保留临时文件", "ln 的 -t 选项有什么作用？"),
    ],
)
def test_a_zh_goal_scoped_by_a_place_or_limit_is_asked_as_a_how_to(pairs, description, question):
    text = f"# ln(1)\n\n## 选项\n\n-t\n       {description}\n"
    [record] = pairs(ManOption(), text, "zh")
    assert record["instruction"] == question


def test_zh_this_option_openers_and_old_translation_verbs(pairs):
    text = (
        "# ls(1)\n\n## 选项\n\n-i\n       该选项将忽略大小写\n\n"
        "-W\n       设定页面宽度,单位是像素.\n"
    )
    first, second = pairs(ManOption(), text, "zh")
    assert first["instruction"] == "使用 ls 时，如何忽略大小写？"
    assert second["instruction"] == "使用 ls 时，如何设定页面宽度？"


@pytest.mark.parametrize(
    ("description", "question"),
    [
        ("声明页面宽度, 单位是像素点", "使用 ls 时，如何指定页面宽度？"),
        ("通过 UDP 发送数据", "使用 ls 时，如何通过 UDP 发送数据？"),
        ("仅显示前 10 行", "使用 ls 时，如何仅显示前 10 行？"),
        ("用这个名字", "ls 的 -t 选项有什么作用？"),
    ],
)
def test_zh_goals_in_the_words_of_old_translations(pairs, description, question):
    [record] = pairs(ManOption(), f"# ls(1)\n\n## 选项\n\n-t\n       {description}\n", "zh")
    assert record["instruction"] == question


def test_what_a_program_tells_its_user_is_asked_of_the_program(pairs):
    text = "# cp(1)\n\n## 选项\n\n-v\n       解释正在做什么\n\n-l\n       使用长列表格式\n"
    first, second = pairs(ManOption(), text, "zh")
    assert first["instruction"] == "如何让 cp 解释正在做什么？"
    assert second["instruction"] == "使用 cp 时，如何使用长列表格式？"


def test_old_translations_read_as_chinese_and_troff_leftovers_go(pairs):
    # manpages-zh ld(1) -warn-once and xargs(1) --verbose space words apart; systemd-resolve
    # keeps a colour request around a link; gzip(1) quotes with TeX marks.
    text = (
        "# ld(1)\n\n## 选项\n\n"
        "-warn-once\n       对 每个 未定义符号 只 警告 一次, 而不是 每次 引用 这个符号 都 警告.\n\n"
        '-p PROTOCOL\n       指定查询所用的协议： "llmnr"([blue]Link-Local Multicast[][5])\n\n'
        "-m\n       以 Unix的 ``ls -l'' 的格式列出信息.\n"
    )
    once, protocol, listing = pairs(ManOption(), text, "zh")
    assert (
        once["output"]
        == "使用 -warn-once 选项：对每个未定义符号只警告一次，而不是每次引用这个符号都警告。"
    )
    assert protocol["output"].endswith('"llmnr"(Link-Local Multicast)')
    assert "“ls -l”" in listing["output"]


def test_a_trailing_pointer_to_another_part_of_the_page_is_left_out(pairs):
    text = (
        "# bash(1)\n\n## OPTIONS\n\n-H\n       Apply the modifier once to each word. "
        "See HISTORY below.\n"
    )
    [record] = pairs(ManOption(), text, "en")
    assert record["output"] == "Use `-H`: Apply the modifier once to each word."


@pytest.mark.parametrize(
    ("description", "question"),
    [
        # dpkg-divert --test, rdma -V, sha384sum -t, cp -v: a name, a closing "and exit", an
        # aside, and what the program tells its user.
        (
            "Test mode, i.e. don't actually perform any changes.",
            "What does the `-x` option of `cmd` do?",
        ),
        (
            "Print the version of the rdma tool and exit.",
            "How do I print the version of the rdma tool with cmd?",
        ),
        ("read in text mode (default)", "How do I read in text mode with cmd?"),
        ("explain what is being done", "How do I make cmd explain what is being done?"),
        # Names, -ing subjects and statements stay lookups.
        ("Use Alternate Value", "What does the `-x` option of `cmd` do?"),
        ("Setting this option enables the cache.", "What does the `-x` option of `cmd` do?"),
        ("link setting is configured on the device", "What does the `-x` option of `cmd` do?"),
    ],
)
def test_en_goals_that_are_no_action_stay_lookups(pairs, description, question):
    [record] = pairs(ManOption(), f"# cmd(1)\n\n## OPTIONS\n\n-x\n       {description}\n", "en")
    assert record["instruction"] == question


def test_zh_closing_and_exit_is_not_part_of_the_goal(pairs):
    [record] = pairs(ManOption(), "# cmd(1)\n\n## 选项\n\n-V\n       显示版本信息并退出\n", "zh")
    assert record["instruction"] == "使用 cmd 时，如何显示版本信息？"


@pytest.mark.parametrize(
    ("text", "lang", "question"),
    [
        # manpages-zh xpdf(1) ends a sentence with an ASCII period: 2.0.0 asked 「如何设定缺省的
        # PostScript输出文件的名字.此选项也可以以`|command`的形式？」.
        (
            "# xpdf(1)\n\n## 选项\n\n-ps PS-file\n"
            "       设定缺省的PostScript输出文件的名字.此选项也可以以`|command`的形式。\n",
            "zh",
            "使用 xpdf 时，如何设定缺省的PostScript输出文件的名字？",
        ),
        # A period inside a file name stays: rfc1001.txt.
        (
            "# nmblookup(1)\n\n## 选项\n\n-f FILE\n       读取 rfc1001.txt 中的定义\n",
            "zh",
            "使用 nmblookup 时，如何读取 rfc1001.txt 中的定义？",
        ),
        # procps sysctl(8): "How do I use this option to ignore errors … with sysctl?" in 2.0.0.
        (
            "# sysctl(8)\n\n## OPTIONS\n\n-e, --ignore\n"
            "       Use this option to ignore errors about unknown keys.\n",
            "en",
            "How do I ignore errors about unknown keys with sysctl?",
        ),
        # smbpasswd(8): the goal points at the option itself, so the question stays a lookup.
        (
            "# smbpasswd(8)\n\n## 选项\n\n-s\n       使用这个选项会使smbpasswd保持安静\n",
            "zh",
            "smbpasswd 的 -s 选项有什么作用？",
        ),
        # manpages-zh eject(1) -r: 「如何指定了使用…」 read as a statement.
        (
            "# eject(1)\n\n## 选项\n\n-r\n"
            "       该选项指定了使用 CDROM 弹出命令应被弹出的驱动器．\n",
            "zh",
            "使用 eject 时，如何指定使用 CDROM 弹出命令应被弹出的驱动器？",
        ),
        # coreutils vdir(1) --file-type: "likewise, except …" describes another option.
        (
            "# vdir(1)\n\n## OPTIONS\n\n--file-type\n       likewise, except do not append '*'\n",
            "en",
            None,
        ),
        # manpages-zh grep(1) --exclude: what the option adds follows 「但是」, so the goal
        # keeps it (2.0.0 asked 「如何在目录中递归搜索？」 and answered with --exclude).
        (
            "# grep(1)\n\n## 选项\n\n--exclude=PATTERN\n"
            "       在目录中递归搜索，但是跳过匹配 PATTERN 的文件。\n",
            "zh",
            "使用 grep 时，如何在目录中递归搜索，但是跳过匹配 PATTERN 的文件？",
        ),
        (
            "# grep(1)\n\n## OPTIONS\n\n--exclude=GLOB\n"
            "       Search recursively, but skip files matching GLOB.\n",
            "en",
            "How do I search recursively, but skip files matching GLOB with grep?",
        ),
        # manpages-zh regsub(3tcl): the old period inside ‘.’ cut the goal mid-quote
        # (「如何改变‘[^’方括号表达式和‘？」); a goal that leaves a quote open stays a lookup.
        (
            "# regsub(3tcl)\n\n## 选项\n\n-linestop\n"
            "       改变‘[^’方括号表达式和‘.’的行为，这样表示式将停止于换行。\n",
            "zh",
            "Tcl 命令 regsub 的 -linestop 选项有什么作用？",
        ),
    ],
)
def test_goals_stop_at_an_old_period_and_do_not_point_at_the_option(pairs, text, lang, question):
    records = pairs(ManOption(), text, lang)
    assert [record["instruction"] for record in records] == ([question] if question else [])


def test_a_tk_widget_option_is_asked_of_the_widget(pairs):
    # BWidget TitleFrame(3tk): 「使用 TitleFrame 时，如何…」 did not say it is a Tk widget.
    text = "# TitleFrame(3tk)\n\n## 选项\n\n-ipad\n       指定在这个框架和用户框架之间的填充。\n"
    [record] = pairs(ManOption(), text, "zh")
    assert record["instruction"].startswith("使用 Tk 命令 titleframe 时，")
    # English questions name the command only.
    text = "# TitleFrame(3tk)\n\n## OPTIONS\n\n-ipad\n       Specifies the padding of the frame.\n"
    [record] = pairs(ManOption(), text, "en")
    assert record["instruction"] == "How do I specify the padding of the frame with titleframe?"
