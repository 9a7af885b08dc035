"""Text helpers shared by the built-in extractors: sentences, masking, language, questions.

Kept private to this package; third-party extractors are free to copy the ideas,
not to import the module.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from fnmatch import fnmatchcase
from functools import cache
from importlib import resources
from typing import Any

import regex

from zhiling import Block, PluginError, Record, instruction_record

HAN = regex.compile(r"\p{Han}")
LATIN_WORD = regex.compile(r"[A-Za-z]+")
ZH_SENTENCE = regex.compile(r"[^。！？!?\n]+(?:[。！？!?]+|$)")
EN_SENTENCE = regex.compile(
    r"\S(?:.*?)(?:(?<!\b(?:e\.g|i\.e|etc|vs|cf|Fig|No))[.!?:](?=\s|$)|$)", regex.S
)
#: Spans that are code-like in either language: they are never segmented or translated.
CODE_LIKE = regex.compile(
    r"(?:\b(?:Ctrl|Shift|Alt|Cmd|Option|Fn)\s*\+\s*)+\w+|\bF\d{1,2}\b|`[^`\n]+`"
    r"|「[^」\n]{1,60}」"
    r"|(?<![\p{L}\p{N}])--?[A-Za-z][\w-]*(?:=\S*)?"
    r"|(?:~|\.{1,2})?/[\w.@%+-]+(?:/[\w.@%+-]*)*"
    r"|[A-Za-z_][\w.+-]*\(\d\w*\)"
)
PLACEHOLDER = regex.compile(r"ZZ(\d+)ZZ")
EN_OWNER = {"your": "my", "yours": "mine", "you": "I", "yourself": "myself"}
ZH_OWNER = regex.compile(r"^(?:您|你)的|(?<=[\p{Han}])(?:您|你)的")
TRAILING = "。．.，,：:；;！!？? \n"


def base_language(tag: str | None) -> str:
    """Return the primary subtag of a BCP 47 tag: "zh" for "zh-CN"."""
    return (tag or "und").split("-")[0].lower()


def blocks(document: Record) -> list[Block]:
    """Return the document's blocks, or the whole text as one paragraph when it has none."""
    return list(
        document.get("blocks") or [Block(kind="paragraph", start=0, end=len(document["text"]))]
    )


def text_of(document: Record, block: Block) -> str:
    """Return the text a block covers."""
    return document["text"][block["start"] : block["end"]]


def mask(text: str) -> tuple[str, list[str]]:
    """Replace code-like spans with ``ZZ<n>ZZ`` placeholders; jieba keeps those whole."""
    kept: list[str] = []

    def hold(match: regex.Match[str]) -> str:
        kept.append(match.group())
        return f"ZZ{len(kept) - 1}ZZ"

    return CODE_LIKE.sub(hold, text), kept


def unmask(text: str, kept: list[str]) -> str:
    """Put back what :func:`mask` took out."""
    return str(PLACEHOLDER.sub(lambda m: kept[int(m[1])], text))


def language(text: str) -> str:
    """Return "zh" or "en" for prose, ignoring code, options, paths and menu paths."""
    prose = CODE_LIKE.sub(" ", text)
    han = len(HAN.findall(prose))
    return "zh" if han and han >= len(LATIN_WORD.findall(prose)) else "en"


def block_language(document: Record, block: Block) -> str:
    """Return a block's language: the source's ``attrs["lang"]`` if given, else detected."""
    given = (block.get("attrs") or {}).get("lang")
    return base_language(given) if given else language(text_of(document, block))


def in_language(document: Record, block: Block, lang: str) -> bool:
    """Return whether ``block`` is written in ``lang`` (zh packages keep English blocks)."""
    return block_language(document, block) == lang


def sentences(text: str, lang: str, offset: int = 0) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each sentence of ``text``, shifted by ``offset``, trimmed."""
    rule = ZH_SENTENCE if lang == "zh" else EN_SENTENCE
    for found in rule.finditer(text):
        piece = found.group()
        start = found.start() + len(piece) - len(piece.lstrip())
        end = found.start() + len(piece.rstrip())
        if end > start:
            yield offset + start, offset + end


def code_text(document: Record, block: Block) -> str:
    """Return a code block's lines with their common indentation removed."""
    lines = text_of(document, block).split("\n")
    indent = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    return "\n".join(line[indent:].rstrip() for line in lines).strip("\n")


def fence(code: str) -> str:
    """Return code as a Markdown fence, so an answer shows where code starts and ends.

    A model trained on the pair learns to answer with fenced code, as chat front ends
    render it; unfenced, the code reads as prose lines.
    """
    return f"```\n{code}\n```"


def fenced_code(document: Record, block: Block) -> str:
    """Return a code block's lines (see :func:`code_text`) as a Markdown fence."""
    return fence(code_text(document, block))


def clean_goal(goal: str) -> str:
    """Trim punctuation and spaces around a goal phrase."""
    return goal.strip().strip(TRAILING).strip()


QUOTE_PAIRS = (("‘",), ("’",)), (("“",), ("”",)), (("「",), ("」",)), (("(", "（"), (")", "）"))
CORNERS = ((("「",), ("」",)),)
Pairs = tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]


def quotes_closed(goal: str, pairs: Pairs = QUOTE_PAIRS) -> bool:
    """Return whether every quote and bracket the goal opens it closes, in order.

    Old translations mix widths (「（那通常意味着文件结束)」): a bracket is a bracket. A
    closing mark before its opening one (「」然后「」 cut at the wrong 」) fails too. Patterns
    that see English apostrophes (’) check only the corner quotes: ``pairs=CORNERS``.
    """
    for opening, closing in pairs:
        depth = 0
        for char in goal:
            depth += (char in opening) - (char in closing)
            if depth < 0:
                return False
        if depth:
            return False
    return True


def how_question(goal: str, lang: str) -> str:
    """Return the how-to question for ``goal``: 「如何…？」 or "How do I …?"."""
    goal = clean_goal(goal)
    if lang == "zh":
        return f"如何{ZH_OWNER.sub('', goal)}？"
    words = [EN_OWNER.get(word, word) for word in goal.split(" ")]
    if len(words) > 1 and words[0].lower() == "to":
        words = words[1:]  # "To search the listing…" is the goal "search the listing…"
    first = words[0]
    if first[:1].isupper() and first[1:].islower() and first != "I":
        words[0] = first.lower()
    return f"How do I {' '.join(words)}?"


# Leftovers of troff in man-page text: a colour request around a link and its reference
# number (「[blue]Link-Local Multicast Name Resolution[][5]」), and TeX-style quotes
# (``ls -l'', `leaf').
TROFF_COLOUR = regex.compile(
    r"\[(?:blue|red|green|black|cyan|magenta|yellow|white)\]([^\[\]]*)\[\](?:\[\d+\])?"
)
TEX_DOUBLE = regex.compile(r"``([^`'\n]{1,80})''")
TEX_SINGLE = regex.compile(r"`([^`'\s]{1,40})'")
# Old Chinese man-page translations space words apart (「在 执行 之前」) and end clauses
# with half-width stops (「安静 模式. 只在…」).
ZH_HALF_STOP = regex.compile(r"(?<=\p{Han})\.(?=\s|$)")
ZH_HALF_COMMA = regex.compile(r"(?<=\p{Han})[,，]\s*(?=\S)")
ZH_HALF_SEMI = regex.compile(r"(?<=\p{Han});\s*(?=\S)")
ZH_SPACED = regex.compile(
    r"(?<=[\p{Han}，。、；：！？）」”])[ \t]+(?=[\p{Han}，。、；：！？（「“])"
)


# A sentence that only points elsewhere in the page ("See HISTORY below.", 「参见下面的…」):
# it means nothing once the entry stands alone.
ELSEWHERE = r"(?:below|above|section|下面|下文|上面|上文|上述|以下|前文|章节|一节|小节)"
POINTER_SENTENCE = regex.compile(
    rf"(?:(?<=[.。;；])\s*|^)(?:See|see|参见|参阅|参看|请参阅|请参见|详见|[^.。;；]{{0,20}}?详情参见)"
    rf"[^.。;；]*{ELSEWHERE}[^.。;；]*[.。;；]?\s*$"
)
# tc-red(8): "As mentioned before, RED can …" points at text the entry does not carry.
AS_SAID = regex.compile(
    r"^(?:As (?:mentioned|described|noted|explained) (?:before|above|earlier),\s*)"
    r"|^(?:如前所述|如上所述|前面提到)[，,]\s*",
    regex.I,
)
# cgroups(7): "For details." once a link that followed was dropped.
LINK_LEFT = regex.compile(r"(?<=[.。])\s*For (?:more )?(?:details|information)\.?\s*$")
# 「(参见下面)」, "(see JOB CONTROL below)", ", see above.": an aside pointing elsewhere.
POINTER_ASIDE = regex.compile(
    rf"\s*[(（](?:see|参见|参阅|参看|参考|见|详见)[^()（）]*{ELSEWHERE}[^()（）]*[)）]"
    rf"|\s*[,，—]\s*(?:see|参见|参看|见)\s*{ELSEWHERE}(?=[.。]?\s*$)",
    regex.I,
)


def tidy_troff(text: str, lang: str) -> str:
    """Return man-page text without troff leftovers, and Chinese without word spacing.

    Spans still point at the document's text; only the record's wording is tidied, so a
    reader is not taught 「对 每个 未定义符号 只 警告 一次,」 as Chinese.
    """
    text = POINTER_ASIDE.sub("", TROFF_COLOUR.sub(r"\1", text))
    text = LINK_LEFT.sub("", AS_SAID.sub("", text))
    pointer = POINTER_SENTENCE.search(text)
    if pointer and pointer.start() > 0:
        text = text[: pointer.start()].rstrip()
        if text.endswith((";", "；")):  # the clause before the pointer ends the sentence
            text = text[:-1] + ("。" if text.endswith("；") else ".")
    text = TEX_SINGLE.sub(r"‘\1’", TEX_DOUBLE.sub(r"“\1”", text))
    if lang == "zh":
        text = ZH_HALF_SEMI.sub("；", ZH_HALF_COMMA.sub("，", ZH_HALF_STOP.sub("。", text)))
        text = ZH_SPACED.sub("", text)
    return text


def source_uri(document: Record) -> str:
    """Return the URI the document was read from (its ``meta["source"]``)."""
    return str((document.get("meta") or {}).get("source", ""))


def first_match(uri: str, globs: dict[str, str]) -> str | None:
    """Return the value of the first glob of ``globs`` that ``uri`` matches, if any."""
    return next((value for glob, value in globs.items() if fnmatchcase(uri, glob)), None)


def product_of(document: Record, products: dict[str, str]) -> str:
    """Return the product the first glob of ``products`` matching the document's URI names.

    Recipes map the paths of a help package to the program they document ("*/text/scalc/*"
    → "LibreOffice Calc"), so a question asked of one program names it.
    """
    return first_match(source_uri(document), products) or ""


def in_product(question: str, product: str, lang: str) -> str:
    """Return a 「如何…？」 / "How do I …?" question asked of ``product`` (as is if none)."""
    if not product:
        return question
    if lang == "zh":
        return f"在 {product} 中{'，' if question.startswith('「') else ''}{question}"
    asked = question.rstrip("?？")
    return f"{asked}?" if names_product(asked, product) else f"{asked} in {product}?"


# "(LibreOffice Draw only)" / 「(仅限 LibreOffice Draw)」 after a way that one product has.
# The Chinese help also writes it bare at the end of a way: 「选择「形状 - 对齐」
# (LibreOffice Draw)」.
ONLY_IN = regex.compile(
    r"\((LibreOffice \p{Lu}\w+) only\)|\((?:仅限 ?)?(LibreOffice \p{Lu}\w+)\)[。.]?\s*$"
    r"|\(仅限 ?(LibreOffice \p{Lu}\w+)\)"
)


# A way through the options dialog: its pages are settings, not dialogs or menus.
OPTIONS_PATH = regex.compile(r"工具 - 选项 - |Tools - Options - ")


def only_in(way: str, product: str) -> str:
    """Return the product a way belongs to when the help marks it as one product's only.

    Impress shares pages with Draw whose way reads "Choose Shape - Convert (LibreOffice
    Draw only)": asking it "in LibreOffice Impress" gave a path Impress does not have.
    """
    match = ONLY_IN.search(way)
    return product if match is None else next(name for name in match.groups() if name)


def names_product(text: str, product: str) -> bool:
    """Return whether English ``text`` already ends in ``product`` or the suite it is part of.

    "… in the current document or in LibreOffice" asked "in LibreOffice" again, or "open
    General in LibreOffice Writer" (an options page under the program), would say it twice.
    """
    last = regex.split(r" (?:in|into|to|from) ", text.rstrip("?"))
    if len(last) < 2:
        return False
    named = last[-1]  # "import data into LibreOffice" names it too
    return named == product or product.startswith(named + " ") or named.startswith(product + " ")


def corner_quoted(name: str) -> str:
    """Return a Chinese UI name in corner brackets, unless it has its own: 「格式」工具栏."""
    return name if "「" in name else f"「{name}」"


def capitalised(text: str) -> str:
    """Return ``text`` with its first letter upper-cased, as an English answer starts."""
    return text[:1].upper() + text[1:]


def _jieba() -> Any:
    """Return the jieba module, quiet (no dictionary-loading lines), or a clear error."""
    try:
        import jieba
    except ImportError as exc:
        raise PluginError("the Chinese extractors need jieba: pip install jieba") from exc
    jieba.setLogLevel(logging.WARNING)
    return jieba


def jieba_cut(text: str, hmm: bool) -> list[str]:
    """Return jieba's words for ``text`` with code-like spans masked and restored."""
    masked, kept = mask(text)
    words = (unmask(word, kept).strip() for word in _jieba().lcut(masked, HMM=hmm))
    return [word for word in words if word]


def first_word(text: str) -> tuple[str, str] | None:
    """Return the first word of Chinese ``text`` and the part of speech jieba tags it with.

    Tagging is three times slower than cutting, so callers tag only what a word list
    cannot settle (「应用程序」 against 「应用」): a NAME line, a page title, a matched goal.
    """
    _jieba()
    import jieba.posseg

    first = next(iter(jieba.posseg.cut(text.strip())), None)
    return None if first is None else (first.word, first.flag)


@cache
def _measured() -> dict[str, Any]:
    resource = resources.files(__package__).joinpath("precision.json")
    if not resource.is_file():
        return {}
    data: dict[str, Any] = json.loads(resource.read_text("utf-8"))
    return data


def measured_precision(name: str, version: str) -> dict[str, float]:
    """Return the dev-set precision per language measured for this pattern version.

    A measurement of another version does not count: a changed pattern must be
    measured again before a release gate trusts it.
    """
    entry = _measured().get("patterns", {}).get(name, {})
    if entry.get("version") != version:
        return {}
    return {lang: float(figures["precision"]) for lang, figures in entry["languages"].items()}


class Pattern:
    """What every built-in pattern shares: its languages, its measured precision, records.

    Subclasses set ``name``, ``version`` and ``languages`` and implement
    ``pairs(document, lang)``; documents in other languages yield nothing.
    """

    name = ""
    version = ""
    languages: tuple[str, ...] = ("zh", "en")

    @property
    def precision(self) -> dict[str, float]:
        """Return the dev-set precision per language measured for this version."""
        return measured_precision(self.name, self.version)

    def extract(self, document: Record) -> Iterator[Record]:
        lang = base_language(document.get("lang"))
        if lang in self.languages and document.get("text"):
            yield from self.pairs(document, lang)

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        raise NotImplementedError

    def record(
        self,
        document: Record,
        instruction: str,
        output: str,
        spans: list[tuple[int, int]],
        qualified: str | None = None,
    ) -> Record:
        """Return the instruction record with this pattern's name, version and the spans.

        ``qualified`` is the question naming its context, asked instead where the plain
        question turns out to have two answers (see ``instruction_record``).
        """
        return instruction_record(
            document,
            instruction=instruction,
            output=output,
            spans=spans,
            pattern=self.name,
            version=self.version,
            qualified=qualified,
        )
