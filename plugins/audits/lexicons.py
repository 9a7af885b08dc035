"""The built-in word lists (zh, en) of the bias and toxicity audits, as the last answer.

The lists are package data under ``lexicon_data/<language>/<kind>.tsv``; their
format, licence and sources are in ``lexicon_data/NOTICE.md``. Any plugin can
replace or add a list by answering ``lexicons_for_language`` itself.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from zhiling import hookimpl

DATA = "lexicon_data"


@cache
def builtin_lexicon(language: str, kind: str) -> dict[str, str] | None:
    """Return the shipped ``kind`` list for ``language`` as term → group, or None."""
    resource = resources.files(__package__).joinpath(DATA, language, f"{kind}.tsv")
    if not resource.is_file():
        return None
    lexicon = {}
    for line in resource.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            term, group = line.split("\t")
            lexicon[term.strip()] = group.strip()
    return lexicon


@hookimpl(trylast=True)
def lexicons_for_language(language, kind):
    return builtin_lexicon(language, kind)
