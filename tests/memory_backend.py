"""A plain-Python backend over a loaded corpus: proof that the engine's backend seam is real.

It indexes every passage with `words.tokens`, the analysis the Whoosh index uses too, and scores
with BM25 over the three fields, field boosts included. Nothing here imports Whoosh.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ketamine_tui.backend import FIELDS, BackendQuery, Candidate, Leaf
from ketamine_tui.corpus import Corpus
from ketamine_tui.models import Passage
from ketamine_tui.schema import SECTION_BOOST, TITLE_BOOST
from ketamine_tui.words import tokens

FIELD_BOOSTS = {"body": 1.0, "section": SECTION_BOOST, "title": TITLE_BOOST}
K1, B = 1.2, 0.75


@dataclass
class _Document:
    passage: Passage
    fields: dict[str, list[str]]  # stems in order, per field
    words: set[str]  # unstemmed, lower-cased words of the body


class MemoryBackend:
    """The `backend.Backend` protocol over passages held in lists and dictionaries."""

    def __init__(self, corpus: Corpus) -> None:
        self.closed = False
        self._documents: list[_Document] = []
        for article in corpus.articles:
            for passage in article.passages:
                fields = {
                    "body": [t[0] for t in tokens(passage.text)],
                    "section": [t[0] for t in tokens(passage.section)],
                    "title": [t[0] for t in tokens(article.article.title)],
                }
                words = {t[0] for t in tokens(passage.text, stemmed=False)}
                self._documents.append(_Document(passage, fields, words))
        self._average = {
            f: sum(len(d.fields[f]) for d in self._documents) / max(1, len(self._documents))
            for f in FIELDS
        }
        self._vocabulary = sorted({w for d in self._documents for w in d.words})

    # -- statistics ----------------------------------------------------------------------------

    def doc_count(self) -> int:
        """How many passages are indexed."""
        return len(self._documents)

    def doc_frequency(self, field: str, stem: str) -> int:
        """How many passages have `stem` in `field`."""
        return sum(1 for d in self._documents if stem in d.fields[field])

    def word_frequency(self, word: str) -> int:
        """How many passages have the unstemmed `word` in their text."""
        return sum(1 for d in self._documents if word in d.words)

    def words_within(self, word: str, distance: int, prefix: int) -> Sequence[str]:
        """Article words within `distance` edits of `word` sharing its first `prefix` letters."""
        return [
            w
            for w in self._vocabulary
            if w[:prefix] == word[:prefix] and edit_distance(w, word) <= distance
        ]

    def words_with_prefix(self, prefix: str) -> Iterable[str]:
        """Article words that start with `prefix`, in alphabetical order."""
        return [w for w in self._vocabulary if w.startswith(prefix)]

    # -- passages ------------------------------------------------------------------------------

    def candidates(
        self, query: BackendQuery, limit: int, source_id: str | None = None
    ) -> list[Candidate]:
        """The best passages for `query` (optionally of one article), best first."""
        self._check_open()
        scored = []
        for document in self._documents:
            if source_id is not None and document.passage.source_id != source_id:
                continue
            if not all(any(self._matches(document, leaf) for leaf in g) for g in query.required):
                continue
            leaves = [leaf for group in query.required for leaf in group] + list(query.optional)
            matched = [leaf for leaf in leaves if self._matches(document, leaf)]
            if not matched or (not query.required and not (set(matched) & set(query.optional))):
                continue
            scored.append(
                Candidate(sum(self._score(document, leaf) for leaf in matched), document.passage)
            )
        scored.sort(key=lambda c: (-c.score, c.passage.passage_id))
        return scored[:limit]

    def passages_of(self, source_id: str) -> tuple[Passage, ...]:
        """Every passage of one article, in reading order."""
        self._check_open()
        found = [d.passage for d in self._documents if d.passage.source_id == source_id]
        return tuple(sorted(found, key=lambda p: p.start))

    def close(self) -> None:
        """Nothing to release; later calls fail, as a closed index's would."""
        self.closed = True

    def _check_open(self) -> None:
        if self.closed:
            from ketamine_tui.errors import IndexDamagedError

            raise IndexDamagedError("the in-memory backend was closed")

    def _matches(self, document: _Document, leaf: Leaf) -> bool:
        return _count(document.fields[leaf.field], leaf.stems) > 0

    def _score(self, document: _Document, leaf: Leaf) -> float:
        field = document.fields[leaf.field]
        tf = _count(field, leaf.stems)
        df = sum(1 for d in self._documents if _count(d.fields[leaf.field], leaf.stems))
        n = len(self._documents)
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        norm = K1 * (1 - B + B * len(field) / (self._average[leaf.field] or 1.0))
        return leaf.boost * FIELD_BOOSTS[leaf.field] * idf * tf * (K1 + 1) / (tf + norm)


def _count(stems: list[str], sequence: tuple[str, ...]) -> int:
    """How often `sequence` occurs in `stems` as consecutive stems."""
    if len(sequence) == 1:
        return Counter(stems)[sequence[0]]
    size = len(sequence)
    return sum(1 for i in range(len(stems) - size + 1) if tuple(stems[i : i + size]) == sequence)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions (as Whoosh's automaton)."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        row = [i]
        for j, y in enumerate(b, start=1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = row
    return previous[-1]
