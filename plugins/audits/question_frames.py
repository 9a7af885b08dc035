"""Count the question frames of released records, so a recipe can cap the commonest.

A release whose questions are mostly one shape teaches a model one way of asking. The
audit reports, per language, the most common frames (``_frames``: the question with its
content abstracted) with their shares, and the share of the commonest as ``top_share``,
which a recipe gates: ``question-frames.top_share.zh: {max: 0.1}``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from zhiling import Record, hookimpl
from zhiling.plugins.audits._frames import frame


class QuestionFrames:
    """Tally the frames of released instructions per language."""

    def __init__(self, *, top: int = 10) -> None:
        self.top = top
        self.frames: dict[str, Counter[str]] = defaultdict(Counter)

    def observe(self, record: Record) -> None:
        lang = record.get("lang", "")
        self.frames[lang][frame(record.get("instruction", ""), lang)] += 1

    def report(self) -> dict[str, Any]:
        top_share: dict[str, float] = {}
        commonest: dict[str, list[dict[str, Any]]] = {}
        for lang in sorted(self.frames):
            counts = self.frames[lang]
            total = sum(counts.values())
            # Ties broken by the frame's text, so the report is the same on every build.
            ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[: self.top]
            commonest[lang] = [
                {"frame": text, "records": count, "share": round(count / total, 4)}
                for text, count in ranked
            ]
            top_share[lang] = commonest[lang][0]["share"] if ranked else 0.0
        return {"top": commonest, "top_share": top_share}


@hookimpl
def register_audits(register):
    register("question-frames", QuestionFrames)
