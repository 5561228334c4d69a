"""Phrase patterns: word-level patterns over tokens, cheap to build and to match.

The question taxonomy (`question_types.py`) is read on every `ketamine-tui ask`, so its
patterns must cost next to nothing to prepare: a regular expression takes a third of a
millisecond to compile, and the taxonomy has over a hundred. A phrase pattern is a line of
space-separated elements, each matching one token of a lower-cased text:

    word       that word                   a|b|c    any of these words
    pre*       a word starting with "pre"  #        a number ("24", "3.5", "1970s")
    _          any one word                ...      any number of words (none included)
    !a|b|#     any one word but these (a number, "#", included): "# !hours|days" is a number
               that counts no hours or days
    ^          (first) the text's start    $        (last) the text's end
    =element   the same, and the token it matched is the question's focus ("how many =_")

Tokens are words (hyphenated and apostrophised words are one token: "short-lived", "isn't"),
numbers, and the signs "$" and "%" ("70 %" and "70%" both give "70", "%").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

_TOKENS = re.compile(r"[0-9]+(?:[.,][0-9]+)*s?|[^\W\d_]+(?:['’-][^\W\d_]+)*|[$%]")
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*s?$")
ANY_WORDS = "..."


def tokens(text: str) -> tuple[str, ...]:
    """The tokens of a text, lower-cased, curly apostrophes straightened."""
    return tuple(t.replace("’", "'") for t in _TOKENS.findall(text.lower()))


class Element(NamedTuple):
    """One element of a pattern: the words it accepts, or a prefix, a number, any word."""

    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    number: bool = False
    any_word: bool = False
    focus: bool = False
    excluding: bool = False  # it matches any word but those it names

    def accepts(self, token: str) -> bool:
        """Whether a token matches this element."""
        named = (
            self.any_word
            or token in self.words
            or (self.number and _NUMBER.match(token) is not None)
            or any(token.startswith(p) for p in self.prefixes)
        )
        return bool(token) and not named if self.excluding else named


class Pattern(NamedTuple):
    """A compiled phrase pattern (`None` elements stand for `...`)."""

    source: str
    elements: tuple[Element | None, ...]
    at_start: bool
    at_end: bool
    # The literal words one of which must be in a text for the pattern to match there, when the
    # first element is made of words only: a set lookup rules most texts out.
    first_words: frozenset[str] | None

    def search(self, text_tokens: Sequence[str], token_set: frozenset[str] | None = None) -> bool:
        """Whether the pattern matches somewhere in the tokens."""
        return self.match(text_tokens, token_set) is not None

    def match(
        self, text_tokens: Sequence[str], token_set: frozenset[str] | None = None
    ) -> tuple[str, ...] | None:
        """The tokens its `=` elements matched where the pattern first matches; None if nowhere."""
        if self.first_words is not None:
            present = token_set if token_set is not None else frozenset(text_tokens)
            if self.first_words.isdisjoint(present):
                return None
        starts = range(1) if self.at_start else range(len(text_tokens) + 1)
        for start in starts:
            found = self._match_at(text_tokens, start, 0, ())
            if found is not None:
                return found
        return None

    def _match_at(
        self, text_tokens: Sequence[str], position: int, index: int, focus: tuple[str, ...]
    ) -> tuple[str, ...] | None:
        elements = self.elements
        while index < len(elements):
            element = elements[index]
            if element is None:  # "...": try every length, shortest first
                for skip in range(position, len(text_tokens) + 1):
                    found = self._match_at(text_tokens, skip, index + 1, focus)
                    if found is not None:
                        return found
                return None
            if position >= len(text_tokens) or not element.accepts(text_tokens[position]):
                return None
            if element.focus:
                focus = (*focus, text_tokens[position])
            position, index = position + 1, index + 1
        return focus if not self.at_end or position == len(text_tokens) else None


def compile_pattern(source: str) -> Pattern:
    """A pattern from its text (see the module's documentation)."""
    parts = source.lower().split()
    at_start = bool(parts) and parts[0] == "^"
    at_end = bool(parts) and parts[-1] == "$"
    parts = parts[int(at_start) : len(parts) - int(at_end)]
    if not parts or parts[0] == ANY_WORDS:
        raise ValueError(f"a phrase pattern needs a first word: {source!r}")
    elements = tuple(_element(p) for p in parts)
    first = elements[0]
    first_words = (
        first.words
        if first is not None
        and not (first.prefixes or first.number or first.any_word or first.excluding)
        else None
    )
    return Pattern(source, elements, at_start, at_end, first_words)


# An element is immutable and made from its text alone, so one made is one kept: the taxonomy
# repeats its elements ("how", "long", "_" in many cues), 353 distinct of 666 (a tenth of its
# compiling time).
@lru_cache(maxsize=4096)
def _element(part: str) -> Element | None:
    if part == ANY_WORDS:
        return None
    focus = part.startswith("=") and len(part) > 1
    part = part[1:] if focus else part
    excluding = part.startswith("!") and len(part) > 1
    part = part[1:] if excluding else part
    if part == "_":
        return Element(any_word=True, focus=focus)
    words: set[str] = set()
    prefixes: list[str] = []
    number = False
    for choice in part.split("|"):
        if choice == "#":
            number = True
        elif choice.endswith("*") and len(choice) > 1:
            prefixes.append(choice[:-1])
        elif choice:
            words.add(choice)
    return Element(frozenset(words), tuple(prefixes), number, focus=focus, excluding=excluding)


def compile_all(sources: Iterable[str]) -> tuple[Pattern, ...]:
    """Patterns from their texts."""
    return tuple(compile_pattern(s) for s in sources)


def first_match(
    patterns: Sequence[Pattern], text_tokens: Sequence[str], present: frozenset[str]
) -> tuple[str, ...] | None:
    """The focus tokens of the first pattern that matches the tokens; None if none does."""
    for pattern in patterns:
        found = pattern.match(text_tokens, present)
        if found is not None:
            return found
    return None
