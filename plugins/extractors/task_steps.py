"""Task heading, then numbered steps: a HowTo section becomes one how-to pair.

Real examples:

- libreoffice-help-zh-cn 「插入新区域」, then 1. 在文档中要插入新区域的位置点击… 2. 选择「插入
  - 区域」。 … gives 「如何插入新区域？」 → the numbered steps.
- debian-reference-zh-cn 「9.6.11. 使用 SMART 预测硬盘故障」, then 1. 在 BIOS 中启用 SMART
  功能。 2. 安装 smartmontools 软件包。 …
- libreoffice-help-en-us "Printing a single page", then 1. Choose File - Print … gives
  "How do I print a single page?" (the gerund becomes the base form).

The heading must name a task (an action verb in Chinese, a gerund in English) and the
first ordered list under it must hold at least two steps, most of them opening with an
action. Left alone: enumerations (「支持的文件格式」, "Release History"), figure captions
posing as steps ("Figure 16.45. …") and steps left in the other language.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from zhiling import Block, Record, hookimpl
from zhiling.plugins.extractors._text import (
    Pattern,
    blocks,
    in_language,
    in_product,
    product_of,
    text_of,
)
from zhiling.plugins.extractors._words import ZH_ACTIONS, base_verb, starts_with_action

NUMBER = regex.compile(r"^(?:\d+(?:\.\d+)*\.?)\s*")
LEAD_IN = ("paragraph",)


def _task(heading: str, lang: str) -> str | None:
    """Return the task a heading names, as it goes after 「如何」 or "How do I", or None."""
    heading = NUMBER.sub("", heading).strip().rstrip("：:")
    if lang == "zh":
        return heading if heading.startswith(ZH_ACTIONS) else None
    words = heading.split()
    if len(words) < 2 or not words[0].endswith("ing"):
        return None
    words[0] = base_verb(words[0])
    return " ".join(w.lower() if w[:1].isupper() and w[1:].islower() else w for w in words)


class TaskSteps(Pattern):
    """Turn a task heading and the ordered list under it into one how-to pair."""

    name = "task-steps"
    version = "0.3.0"
    languages = ("zh", "en")

    def __init__(self, *, min_steps: int = 2, products: dict[str, str] | None = None) -> None:
        self.min_steps = min_steps
        # URI glob → program: a task of a program's help is asked of that program.
        self.products = dict(products or {})

    def pairs(self, document: Record, lang: str) -> Iterator[Record]:
        found = blocks(document)
        for index, block in enumerate(found):
            if block["kind"] != "heading":
                continue
            task = _task(text_of(document, block), lang)
            steps = self._steps(found[index + 1 :])
            if task is None or len(steps) < self.min_steps:
                continue
            texts = [text_of(document, step).strip() for step in steps]
            if not all(in_language(document, step, lang) for step in steps):
                continue
            if sum(starts_with_action(t, lang) for t in texts) * 2 <= len(texts):
                continue
            output = "\n".join(f"{n}. {t}" for n, t in enumerate(texts, start=1))
            question = f"如何{task}？" if lang == "zh" else f"How do I {task}?"
            question = in_product(question, product_of(document, self.products), lang)
            spans = [(block["start"], block["end"])] + [(s["start"], s["end"]) for s in steps]
            yield self.record(document, question, output, spans)

    @staticmethod
    def _steps(rest: list[Block]) -> list[Block]:
        steps: list[Block] = []
        for block in rest:
            attrs = block.get("attrs") or {}
            if block["kind"] == "list_item" and attrs.get("ordered"):
                steps.append(block)
            elif steps or block["kind"] not in LEAD_IN:
                break
        return steps


@hookimpl
def register_extractors(register):
    register("task-steps", TaskSteps)
