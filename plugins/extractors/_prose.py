"""Shared by the prose patterns: where a sentence's missing context comes from, and questions.

A how-to sentence in running text rarely names its product or command: 「可以通过浏览区域中
的组合框来切换到相应模块的帮助」 is about the LibreOffice help, "may be used to change what
types of dependencies are shown" is about systemctl. A user asking the question would name
them, so the question takes them from the document: a man page's title names its command,
and the package (in the document's source) names the product.
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase

import regex

from zhiling import Block, Record
from zhiling.plugins.extractors._text import (
    blocks,
    clean_goal,
    how_question,
    in_language,
    sentences,
)
from zhiling.plugins.extractors._words import is_pointer, zh_for_me

#: A man page of a command (sections 1 and 8); other sections name no command to run.
MAN_TITLE = regex.compile(r"^(?P<name>[\w.+@-]+)\([18]\w*\)$")
#: Source globs (``package@version:path`` or a labelled set's ``.deb:path``) to products.
PRODUCTS = {
    "libreoffice-help*swriter/*": "LibreOffice Writer",
    "libreoffice-help*scalc/*": "LibreOffice Calc",
    "libreoffice-help*simpress/*": "LibreOffice Impress",
    "libreoffice-help*sdraw/*": "LibreOffice Draw",
    "libreoffice-help*smath/*": "LibreOffice Math",
    "libreoffice-help*sbasic/*": "LibreOffice Basic",
    "libreoffice-help*": "LibreOffice",
    "kicad-doc*": "KiCad",
    "python3*-doc*": "Python",
    "debian-*": "Debian",
    "installation-guide*": "Debian",
    "maint-guide*": "Debian",
}
#: A goal that starts with one of these points outside the question (它, this, it).
ZH_OUTSIDE = regex.compile(r"^(?:他|她|那|上述|以上|前者|后者)|它|其|该|此|这|相应")
EN_OUTSIDE = regex.compile(r"\b(?:it|its|this|that|these|those|them|they|he|she)\b", regex.I)
ZH_SUBJECT = regex.compile(r"^(?:您|你)(?:也|还)?")


def context(document: Record) -> tuple[str | None, str | None]:
    """Return ``(command, product)`` the document is about; either may be None."""
    title = str((document.get("meta") or {}).get("title") or "")
    if not title:  # a plain-text document: its first heading is the title
        headings = [b.get("heading") or [] for b in document.get("blocks") or []]
        title = next((path[0] for path in headings if path), "")
    source = str((document.get("meta") or {}).get("source") or "")
    man = MAN_TITLE.match(title.strip())
    product = next((name for glob, name in PRODUCTS.items() if fnmatchcase(source, glob)), None)
    return (man["name"] if man else None), product


def points_outside(goal: str, lang: str) -> bool:
    """Return whether ``goal`` leans on a pronoun whose referent is outside the question."""
    return bool((ZH_OUTSIDE if lang == "zh" else EN_OUTSIDE).search(goal))


def question(goal: str, lang: str, document: Record) -> str:
    """Return the how-to question for ``goal``, naming the command or product it lacks."""
    goal = ZH_SUBJECT.sub("", clean_goal(goal)) if lang == "zh" else clean_goal(goal)
    command, product = context(document)
    lowered = goal.lower()
    if command and command.lower() not in lowered:
        return (
            f"如何用 {command} {goal}？"
            if lang == "zh"
            else f"How do I {_en(goal)} with {command}?"
        )
    if product and not any(word.lower() in lowered for word in product.split()):
        return (
            f"在 {product} 中如何{goal}？"
            if lang == "zh"
            else f"How do I {_en(goal)} in {product}?"
        )
    return how_question(goal, lang)


def _en(goal: str) -> str:
    return how_question(goal, "en").removeprefix("How do I ").removesuffix("?")


def condition_question(situation: str, document: Record) -> str:
    """Return the zh question for advice given under a condition: 「如果…，该怎么办？」."""
    situation = zh_for_me(clean_goal(situation))
    command, product = context(document)
    where = f"用 {command} 时，" if command else f"在 {product} 中，" if product else ""
    return f"{where}如果{situation}，该怎么办？"


#: A next sentence that carries an answer on opens with a connective: a further case
#: (「如果名称中出现单引号，则必须…」), the way a step goes on (「从左到右拖动将导致…」,
#: 「然后再建立 DHCP 服务器」), an example. One that opens with a new subject is left out,
#: since it mostly describes something else (「偏好设置对话框在运行的 KiCad 工具之间共享」).
CONNECTIVE = {
    "zh": regex.compile(r"^(?:如果|若|假如|否则|从|例如|比如|然后|接着|之后|再|此时|这样)"),
    "en": regex.compile(
        r"^(?:If|Otherwise|Then|For example|For instance|E\.g\.|After that|When)\b"
    ),
}
LONGEST_ANSWER = {"zh": 200, "en": 360}


def carried_on(text: str, spans: list[tuple[int, int]], index: int, lang: str) -> int:
    """Return how many sentences after ``spans[index]`` carry its answer on (0 to 2).

    Documentation rarely stops at the sentence that names the means, and a reader labelling
    the pair takes the sentences that go on with it (see CONNECTIVE) along.
    """
    length, taken = spans[index][1] - spans[index][0], 0
    for start, end in spans[index + 1 : index + 3]:
        sentence = text[start:end]
        length += end - start
        if length > LONGEST_ANSWER[lang] or sentence.endswith((":", "：")):
            break
        if not CONNECTIVE[lang].match(sentence) or is_pointer(sentence, lang):
            break
        taken += 1
    return taken


def prose_sentences(document: Record, lang: str) -> Iterator[tuple[Block, list[tuple[int, int]]]]:
    """Yield each paragraph and list item written in ``lang`` with its sentence spans.

    Both prose patterns read a sentence with its neighbours (an answer carries on into the
    next ones), so they take a paragraph's sentences together.
    """
    text = document["text"]
    for block in blocks(document):
        if block["kind"] in ("paragraph", "list_item") and in_language(document, block, lang):
            yield block, list(sentences(text[block["start"] : block["end"]], lang, block["start"]))
