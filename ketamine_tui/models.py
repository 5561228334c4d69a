"""Immutable records for the corpus and search results (answers: `answer_models`).

Named tuples rather than frozen dataclasses: as immutable and compared by value (a named tuple
also equals a plain tuple of the same values, which no code here relies on), and each class made
in about a tenth of a millisecond where a frozen dataclass takes some three quarters of one to
create, on every start of the command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple


class Section(NamedTuple):
    """A titled part of an article; `start`/`end` span its heading and its passages."""

    title: str
    slug: str
    start: int
    end: int
    passage_count: int


class Article(NamedTuple):
    """One source article: where it was read from, its title and its sections."""

    source_id: str
    title: str
    file: str
    origin: str = ""
    title_derived: bool = False
    sections: tuple[Section, ...] = ()

    @property
    def display_title(self) -> str:
        """The title, marked when it was written for an article that has no title of its own."""
        return f"{self.title} (derived title)" if self.title_derived else self.title


def article_lookup(articles: Iterable[Article]) -> Mapping[str, Article]:
    """Each article by its id (a read-only view)."""
    return MappingProxyType({a.source_id: a for a in articles})


class Passage(NamedTuple):
    """A paragraph (or part of a long one) of an article: `text == article_text[start:end]`."""

    passage_id: str
    source_id: str
    section: str
    section_slug: str
    ordinal: int
    start: int
    end: int
    text: str


class Span(NamedTuple):
    """A half-open character range `[start, end)`."""

    start: int
    end: int


class Snippet(NamedTuple):
    """A window of a passage's text with the character ranges of query matches inside it."""

    text: str
    matches: tuple[Span, ...] = ()
    clipped_start: bool = False
    clipped_end: bool = False


class Hit(NamedTuple):
    """A ranked passage found by a search."""

    rank: int
    score: float
    passage: Passage
    title: str
    file: str
    snippet: Snippet


class SearchResult(NamedTuple):
    """The outcome of one search: the hits and, the corrected query when a word was misspelt."""

    query: str
    hits: tuple[Hit, ...]
    corrected: str | None = None
    terms: tuple[str, ...] = ()


class Synonyms(NamedTuple):
    """Synonym groups (words meaning the same) and question cues (what a question word asks)."""

    groups: tuple[tuple[str, ...], ...] = ()
    cues: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form of the synonyms."""
        return {
            "groups": [list(g) for g in self.groups],
            "cues": {k: list(v) for k, v in self.cues},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Synonyms:
        """The synonyms from their JSON form."""
        return cls(
            tuple(tuple(g) for g in data.get("groups", ())),
            tuple((k, tuple(v)) for k, v in data.get("cues", {}).items()),
        )
