"""Man-page NAME lines: 「ls - 列出目录内容」 becomes "which command lists directory contents".

Real examples:

- manpages-zh ls(1): 「ls - 列出目录内容」 gives 「哪个命令可以列出目录内容？」 →
  「ls（列出目录内容）」.
- manpages-zh netstat(8): 「netstat - 显示网络连接，路由表，接口状态，…」.
- coreutils truncate(1): "truncate - shrink or extend the size of a file to the specified
  size" gives "Which command can I use to shrink or extend the size of a file to the
  specified size?".

Only summaries that open with an action make a question; noun summaries (「passwd - 密码
文件」, "bash - GNU Bourne-Again SHell", "printf - formatted output conversion") and
summaries left in English in a Chinese page yield nothing. Sections 2 and 3 document
functions, so their question asks for a function.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhiling import Record, hookimpl
from zhiling.plugins.extractors._text import (
    Pattern,
    blocks,
    clean_goal,
    first_word,
    in_language,
    text_of,
    tidy_troff,
)
from zhiling.plugins.extractors._words import starts_with_action
from zhiling.plugins.extractors.man_option import library_of, page_section

LINE = regex.compile(
    r"^(?P<names>[\w.+:-]+(?:,\s*[\w.+:-]+)*)\s+[-–—]{1,2}\s+(?P<summary>.+)$", regex.S
)
# manpages-zh's section 7 holds PostgreSQL's SQL commands (select.7, 「SELECT - 从表或视图中取出
# 若干行」): 「哪个命令可以提交当前事务？」 said nothing of SQL, and a reader marked it vague.
SQL_NAME = regex.compile(r"^[A-Z]+(?: [A-Z]+)*$")
# Sections whose pages are commands (user, games, administration); 2 and 3 are functions.
# A reader of 2.0.0 marked "Which command can I use to …" bad for keymaps(5) and
# systemd.index(7), pages of file formats and overviews.
COMMAND_SECTIONS = ("1", "6", "8")
NOT_ONE_TASK = regex.compile(r"[。；]|/\*|\?\?")
DATE_STAMP = regex.compile(r"\b\d{4}[/-]\d{1,2}[/-]\d{1,2}\b")


class ManName(Pattern):
    """Turn ``name - summary`` lines into "which command does this" questions."""

    name = "man-name"
    version = "0.11.0"
    languages = ("zh", "en")

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        found = blocks(document)
        section = page_section(document, found)
        library = library_of(section)
        # The page's own section (title or file name: keymaps.5.gz) says what it is; a
        # page that gives none is taken for a command's.
        number = section[:1] if section[:1].isdigit() else "1"
        function = number in ("2", "3")
        for block in found:
            if block["kind"] != "name" or not in_language(document, block, lang):
                continue
            match = LINE.match(" ".join(text_of(document, block).split()))
            if not match or not starts_with_action(match["summary"], lang):
                continue
            if lang == "zh" and _opens_with_noun(match["summary"]):
                continue  # 「打印机相容性数据库」 opens with 「打印」 but names a thing
            names, summary = match["names"], tidy_troff(match["summary"].strip(), lang)
            sql = number == "7" and SQL_NAME.match(names) is not None
            if number not in COMMAND_SECTIONS and not function and not sql:
                continue  # keymaps(5), systemd.index(7): a file format or an overview
            if DATE_STAMP.search(summary) or NOT_ONE_TASK.search(summary.rstrip("。. ")):
                # perlfaq2(1) 「获取和学习 Perl (2003/10/16 04:57:38)」: a document;
                # query_module(2) 「…各个位。 /* 查询有关的位?? */」: a sentence and a comment
                continue
            goal = clean_goal(summary)
            if lang == "zh":
                kind = f" {library}" if library else "函数" if function else "命令"
                kind = " SQL 命令" if sql else kind
                question = f"哪个{kind}可以{goal}？"
                output = f"{names}（{summary}）"
            else:
                goal = goal[:1].lower() + goal[1:]
                kind = "SQL command" if sql else "function" if function else "command"
                question = f"Which {kind} can I use to {goal}?"
                output = f"{names} ({summary})"
            yield self.record(document, question, output, [(block["start"], block["end"])])


def _opens_with_noun(summary: str) -> bool:
    """Return whether jieba tags the first word of a Chinese summary as a noun."""
    first = first_word(summary)
    return first is not None and first[1].startswith("n")


@hookimpl
def register_extractors(register):
    register("man-name", ManName)
