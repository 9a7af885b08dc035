"""Question frames: the shape of an instruction with its content abstracted.

A dataset whose questions are mostly one shape ("What does “X” do in …?") teaches a model
one shape; issue 13 capped any frame at 10% of a language's records. Quoted terms (“…",
"…", 「…」, 『…』, `…`), option tokens (-x, --long, +x), paths and every run of words that
are not frame words become one slot ``…``; frame words are question words, auxiliaries,
pronouns, articles, prepositions and the names of entry kinds (option, command, …) in
English, and the question and kind words in Chinese (如何, 什么, 作用, 选项, 在, 中, …).
So "What does “Open” do in LibreOffice's “Calc”?" and "What does “Sort” do in
LibreOffice's “Writer”?" are one frame, "what does … do in …'s …?", and so are "How do I
hide the selected sheets in LibreOffice Calc?" and "How do I print a page in Writer?":
"how do i … in …?".
"""

from __future__ import annotations

import re

QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|「[^」]*」|『[^』]*』|`[^`]*`|‘[^’]*’")
OPTION = re.compile(r"(?<![\w-])[-+]{1,2}[\w][\w.=-]*")
EN_FRAME_WORDS = frozenset(
    """what how why when where which who whom whose do does did can could should would will
    is are was were be been being have has i you it we they me my your its this that these
    those there the a an in of for with to on from by at as into about without or and not
    option options command commands function functions variable variables file files
    entry field dialog menu mean means""".split()  # noqa: SIM905
)
ZH_FRAME_WORDS = sorted(
    """如何 怎样 怎么 什么 哪些 哪个 为什么 何时 是否 吗 呢 在 中 时 里 作用 选项 命令 函数
    变量 文件 含义 意思 功能 可以 能否 使用 要 应该""".split(),  # noqa: SIM905
    key=len,
    reverse=True,
)
ZH_FRAME = re.compile("|".join(map(re.escape, ZH_FRAME_WORDS)))
SLOT = "…"


def frame(instruction: str, lang: str) -> str:
    """Return the question frame of ``instruction`` (see the module docstring)."""
    text = OPTION.sub(SLOT, QUOTED.sub(SLOT, instruction.strip()))
    if lang == "zh":
        parts: list[str] = []
        position = 0
        for match in ZH_FRAME.finditer(text):
            if match.start() > position:
                parts.append(_zh_gap(text[position : match.start()]))
            parts.append(match.group())
            position = match.end()
        parts.append(_zh_gap(text[position:]))
        return _collapse("".join(parts))
    words = re.findall(r"…|[\w./-]+(?:'s)?|[^\w\s]", text.lower())
    out = []
    for word in words:
        base = word[:-2] if word.endswith("'s") else word
        keep = word if base in EN_FRAME_WORDS or not re.match(r"[\w…]", word) else SLOT
        if keep == SLOT and word.endswith("'s"):
            keep = SLOT + "'s"
        out.append(keep)
    return _collapse(" ".join(out)).replace(" ?", "?")


def _zh_gap(text: str) -> str:
    """Return a run between frame words: punctuation kept, each stretch of content one slot."""
    return re.sub(r"[^\s，。？！、：；（）]+", SLOT, text)


def _collapse(text: str) -> str:
    return re.sub(rf"{SLOT}(?:\s*{SLOT})+", SLOT, text)
