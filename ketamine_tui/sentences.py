"""Sentence boundaries: where a text's sentences start and end, in one linear pass.

Passages are split at sentences when they are long (`corpus.py`), and answers quote whole
sentences (`evidence.py`, `snippets.py`): both use these boundaries, and this module is small so
that `ask` loads it without the corpus reader.
"""

from __future__ import annotations

import re

from ketamine_tui.models import Span

_ABBREVIATIONS = frozenset(
    "e.g i.e dr mr mrs ms prof vs etc approx fig no st jr sr inc ltd co u.s u.k al".split()
)
# A run of sentence marks (and closing quotes or brackets) before white space and a capital. It
# starts only where a run starts and never gives characters back, so a long run of marks or of
# white space is read once, not once per position. A run that starts with a dot after a single
# letter is an initial ("J. Smith"), not a boundary: it is never matched (the look-behinds say
# "a letter alone before the dot, or a letter or dot alone on the line before it"), so that a
# text of initials costs no more than one of prose.
_SENTENCE_BOUNDARY = re.compile(
    r"(?<![.!?…])"
    r"(?:[!?…]|(?<!^\w)(?<![^\w.]\w)(?<!^[\w.]\n)(?<![^\w.][\w.]\n)\.)"
    r"[.!?…]*+[\"'”’)\]]*+(?=\s++[\"'“‘(\[]?[A-Z0-9])"
)


def _word_before(text: str, end: int, start: int) -> str:
    """The run of word characters and dots that ends at `end`, or just before a line break there.

    What `re.search(r"[\\w.]+$", text[start:end])` finds (`$` matches before a final line
    break too; `\\w` is alphanumeric or `_`), read backwards from `end` instead of searched
    from `start`: each boundary's word lies between the white space after the boundary before
    it and its own marks, so the words of all boundaries are read once in all.
    """
    if end > start and text[end - 1] == "\n":
        end -= 1
    begin = end
    while begin > start and (text[begin - 1].isalnum() or text[begin - 1] in "._"):
        begin -= 1
    return text[begin:end]


def split_sentences(text: str, base: int = 0) -> list[Span]:
    """Sentence ranges of `text` (offsets shifted by `base`), white space trimmed.

    A dot after an abbreviation ("e.g.", "Dr.") or an initial ends no sentence. Linear in the
    length of the text: an article of a million initials ("A. A. A. …") splits as fast as prose.
    """
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_BOUNDARY.finditer(text):
        if match.group().startswith("."):
            word = _word_before(text, match.start(), start)
            if word and word.lower().rstrip(".") in _ABBREVIATIONS:
                continue
        spans.append(Span(start, match.end()))
        start = match.end()
    spans.append(Span(start, len(text)))
    trimmed = []
    for span in spans:
        piece = text[span.start : span.end]
        lead = len(piece) - len(piece.lstrip())
        body = piece.strip()
        if body:
            trimmed.append(Span(base + span.start + lead, base + span.start + lead + len(body)))
    return trimmed
