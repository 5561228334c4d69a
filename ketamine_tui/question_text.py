"""How a question's text reads: the sentences that ask, their context, what it compares with.

Forum questions come with context ("I've been on zoloft for 2 months. *How quickly does it kick
in?*"), alternatives ("a pill or an IV drip?") and drugs to compare ("like Prozac does"); the
frame (`question.py`) reads them with these.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Protocol, TypeVar

from ketamine_tui.phrases import tokens as phrase_tokens
from ketamine_tui.sentences import split_sentences
from ketamine_tui.words import TOKEN_PATTERN, is_content

# A question's tokens: its words and numbers, and each sign apart ("-", "'", "?").
QUESTION_TOKEN = re.compile(TOKEN_PATTERN + r"|[^\w\s]")


class _Unit(Protocol):
    """What of a question's unit the alternatives read (a `question.Unit`)."""

    @property
    def label(self) -> str:
        """Its words."""
        ...

    @property
    def known(self) -> bool:
        """Whether the articles have most of it."""
        ...


U = TypeVar("U", bound=_Unit)


def known_alternatives(units: tuple[U, ...], text: str) -> tuple[U, ...]:
    """The units, less those the articles lack on one side of an "or" they have the other of.

    "a *pill* or an IV drip?": the articles can say which of the two it is. The two sides are
    the units next to the "or" in one clause (a few function words between: "or is it an").
    """
    drop: set[U] = set()
    for clause in re.split(r"[,;:.?!()]", text.lower()):
        words = phrase_tokens(clause)
        for at, word in enumerate(words):
            if word != "or":
                continue
            before = _unit_next_to(units, words[:at][::-1], last=True)
            after = _unit_next_to(units, words[at + 1 :], last=False)
            if before and after and before.known != after.known:
                drop.add(before if after.known else after)
    return tuple(u for u in units if u not in drop)


def _unit_next_to(units: tuple[U, ...], side: Sequence[str], last: bool) -> U | None:
    """The unit whose last (or first) word is the first content word of `side`."""
    for word in side[:4]:
        if not is_content(word):
            continue  # "or *is it an* IV drip"
        return next((u for u in units if (u.label.split()[-1 if last else 0]) == word), None)
    return None


def asking_and_told(text: str) -> tuple[list[str], list[str]]:
    """The sentences that ask (end with a question mark) and those that tell their context.

    Nothing is context unless some sentence asks: "… does it start working? *my lexapro took
    six weeks*" tells why it is asked; a text without a question mark asks all of it.
    """
    parts = [
        piece[span.start : span.end]
        for piece in re.split(r"(?<=[?!])\s+", text)  # a question mark ends one, whatever follows
        # a dot does unless after "Dr", in "2.5" or "vs.", whatever the case of what follows
        for span in split_sentences(_CAPITALISED_AFTER_DOT.sub(_capitalised, piece))
    ]
    asking = [p for p in parts if p.rstrip().endswith("?")]
    if not asking:
        return parts, []
    return asking, [p for p in parts if p not in asking]


_CAPITALISED_AFTER_DOT = re.compile(r"(?<=\.)(\s+)([a-z])")


def _capitalised(match: re.Match[str]) -> str:
    """The letter after a dot upper-cased ("… feel awful. how quickly…"), the length the same."""
    return match.group(1) + match.group(2).upper()


def context_words(asking: list[str], told: list[str]) -> frozenset[str]:
    """The words that only the sentences telling the context have."""
    told_words = {w.lower() for p in told for w in QUESTION_TOKEN.findall(p)}
    return frozenset(told_words - {w.lower() for p in asking for w in QUESTION_TOKEN.findall(p)})


def told_measures(told: list[str]) -> frozenset[str]:
    """The quantities the context tells, numbers and units ("my lexapro took *6 weeks*").

    A quantity told is what the asker compares an answer with, not what the question is about:
    "… took 6 weeks. How quickly does it work?" asks how quickly, not about weeks.
    """
    measures: set[str] = set()
    for part in told:
        words = [w.lower() for w in QUESTION_TOKEN.findall(part)]
        measures.update(w for w in words if w[:1].isdigit())
        measures.update(w for n, w in pairwise(words) if n[:1].isdigit() and w.isalpha())
    return frozenset(measures)


def told_as_constraints(
    focus: tuple[U, ...], constraints: tuple[U, ...], told: frozenset[str]
) -> tuple[tuple[U, ...], tuple[U, ...]]:
    """The focus less what only the context names, which narrows the answer as a constraint.

    "Will I hallucinate during it? kinda scared of feeling out of my *body*": the question is
    about hallucinating; "body" may be carried, but a sentence about the body does not answer.
    Only when the sentences that ask name a focus the articles have, and only what the articles
    have of the context (what they lack says, as before, what they do not cover).
    """
    moved = tuple(u for u in focus if u.known and set(u.label.split()) <= told)
    kept = tuple(u for u in focus if u not in moved)
    if not moved or not any(u.known for u in kept):
        return focus, constraints
    return kept, (*constraints, *moved)


def without_compared(
    focus: tuple[U, ...], constraints: tuple[U, ...], compared: set[str]
) -> tuple[U, ...]:
    """The focus less a drug it is compared with, which no article names ("like *Prozac* does").

    "Does it work on serotonin like Prozac does?" asks about serotonin. Only when the question
    asks about something the articles have besides: "Is it like Prozac?" is about Prozac.
    """
    kept = tuple(u for u in focus if not set(u.label.split()) <= compared)
    if len(kept) == len(focus) or not any(u.known for u in (*kept, *constraints)):
        return focus
    return kept
