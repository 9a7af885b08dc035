"""Drop pairs whose answer is cut short, a remark or only a first step, with a reason.

Recipe: ``- filter: answer-complete``.

Extraction takes the paragraph under a heading or after a question; when the source
breaks a sentence across blocks, or the first paragraph is a remark about the entry,
the pair teaches the model to stop mid-sentence or to answer beside the question:

- ``answer_cut_short``: the answer ends on a word that needs more after it: 「请发送邮件到」,
  "… send it to", a colon, a comma, 「的」 or "the".
- ``answer_is_remark``: the answer is a note, a cross-reference or an availability remark
  (「注意：…」, "Note: …", "This function is available since …", 「此功能仅在…可用」).
- ``answer_only_setup``: the whole answer is one short opening step ("Open a text
  document.", 「打开文本文档。」): the steps that do the task are missing.
- ``question_in_answer``: the question, less its 「如何…？」/"How do I …?" wrapper, is the
  whole answer again: the pair teaches nothing.

Records without an ``instruction`` pass through.
"""

from __future__ import annotations

import regex

from zhiling import Record, hookimpl

CUT_SHORT = {
    "zh": regex.compile(r"(?:[到为给向从在由与和或及的是如下：:，,、]|例如|比如|包括)\s*$"),
    "en": regex.compile(
        r"(?:\b(?:to|the|a|an|and|or|of|for|with|by|from|in|on|at|as|is|are|e\.g\.|such as)"
        r"|[:,;(])\s*$",
        regex.I,
    ),
}
REMARK = regex.compile(
    r"^(?:注意|请注意|注|提示|说明|警告|另请参[阅见]|参见|此功能仅|该功能仅|仅在|只有在.{0,20}才可用"
    r"|Note\b|Notes\b|Tip\b|Warning\b|Important\b|See also\b|This (?:function|feature|command) "
    r"(?:is|was) (?:only )?available|Available (?:since|in|only))",
    regex.I,
)
SETUP = {
    "zh": regex.compile(r"^(?:请)?(?:打开|新建|启动|创建)[^。！？\n]{1,12}[。.]?$"),
    "en": regex.compile(r"^(?:Open|Start|Create|Launch) (?:a|an|the|your)? ?[\w -]{1,30}\.?$"),
}
WRAPPER = {
    "zh": regex.compile(r"^(?:在.{1,30}?中，?)?(?:如何|怎样|怎么)|[？?]$"),
    "en": regex.compile(r"^how (?:do|can) i |\?$", regex.I),
}
FOLD = regex.compile(r"[\p{P}\p{Z}\s]+")


class AnswerComplete:
    """Keep pairs whose answer is a whole answer to the question (see the module docstring)."""

    def reason_to_drop(self, record: Record) -> str | None:
        if "instruction" not in record:
            return None
        lang = str(record.get("lang", "")).split("-")[0]
        output = str(record.get("output", "")).strip()
        if lang in CUT_SHORT and CUT_SHORT[lang].search(output):
            return "answer_cut_short"
        if REMARK.match(output):
            return "answer_is_remark"
        if lang in SETUP and SETUP[lang].match(output):
            return "answer_only_setup"
        if lang in WRAPPER:
            asked = FOLD.sub("", WRAPPER[lang].sub("", str(record["instruction"]))).lower()
            if asked and asked == FOLD.sub("", output).lower():
                return "question_in_answer"
        return None


@hookimpl
def register_filters(register):
    register("answer-complete", AnswerComplete)
