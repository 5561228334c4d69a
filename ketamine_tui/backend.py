"""The backend seam: what the engine asks of a search index, free of any search library.

A backend finds candidate passages for a weighted query of stems, returns an article's passages,
and answers the statistics that query analysis needs (document frequencies, the vocabulary of
unstemmed words for typo correction and word families). The Whoosh backend is the product's
implementation; the tests hold a plain-Python one that passes the same contract tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

from ketamine_tui.models import Passage

# The searchable fields of a passage: its text, its section heading and its article's title.
FIELDS = ("body", "section", "title")

# The records that cross the seam are named tuples: immutable like frozen dataclasses, and made
# in microseconds where a dataclass takes most of a millisecond at import (every CLI search).


class Leaf(NamedTuple):
    """One weighted part of a query: a stem, or a phrase of stems, in one field."""

    field: str
    stems: tuple[str, ...]
    boost: float = 1.0


class BackendQuery(NamedTuple):
    """Passages matching every required group (any leaf of it) and, to rank, the optional leaves.

    With no required group, a passage must match at least one optional leaf.
    """

    required: tuple[tuple[Leaf, ...], ...] = ()
    optional: tuple[Leaf, ...] = ()


class Candidate(NamedTuple):
    """A passage the backend found, with the backend's own score."""

    score: float
    passage: Passage


class Statistics(Protocol):
    """What query analysis needs to know of the indexed text."""

    def doc_count(self) -> int:
        """How many passages are indexed."""
        ...

    def doc_frequency(self, field: str, stem: str) -> int:
        """How many passages have `stem` in `field` (one of FIELDS)."""
        ...

    def word_frequency(self, word: str) -> int:
        """How many passages have the unstemmed, lower-cased `word` in their text."""
        ...

    def words_within(self, word: str, distance: int, prefix: int) -> Sequence[str]:
        """Article words within `distance` edits of `word` sharing its first `prefix` letters."""
        ...

    def words_with_prefix(self, prefix: str) -> Iterable[str]:
        """Article words that start with `prefix`, in alphabetical order."""
        ...


class Backend(Statistics, Protocol):
    """A search index over the passages of one corpus (one caller at a time)."""

    def candidates(
        self, query: BackendQuery, limit: int, source_id: str | None = None
    ) -> list[Candidate]:
        """The best passages for `query` (optionally of one article), best first.

        The order is total (ties in a fixed order), so that the best `n` for a limit of `n` are
        the first `n` for any longer limit, and a passage scores the same with or without the
        article filter.
        """
        ...

    def passages_of(self, source_id: str) -> tuple[Passage, ...]:
        """Every passage of one article, in reading order."""
        ...

    def close(self) -> None:
        """Release what the backend holds open (closing twice is harmless)."""
        ...
