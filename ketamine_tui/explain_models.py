"""The data of an explanation: why a passage was found, why a sentence was chosen (frozen).

Kept apart from the stage that makes them (`explain.py`), so that formatting, export and the app
show explanations without loading what makes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ketamine_tui.answer_models import Answer, Citation
    from ketamine_tui.models import SearchResult

# How a word of a passage came to match a word of the query.
VIA_WORD = "word"  # the query word itself (its stem)
VIA_SYNONYM = "synonym"  # a member of the word's synonym group
VIA_FAMILY = "family"  # a word of the same family ("treated" → "treatment")
VIA_PARTIAL = "partial"  # one word of a phrase, or a word that only shares a long prefix
VIA_CUE = "cue"  # a word the question word asks for ("who" → people)
VIA_TYPE = "answer type"  # a word answers of the question's type use ("how soon" → hours)


@dataclass(frozen=True)
class WordMatch:
    """The words of one field of a passage that matched one query word, and how.

    `spans` are character ranges in the field's text (the article title, the section heading or
    the passage text): `field_text[start:end]` is one of `words`, exactly as written there.
    """

    field: str  # "title", "section" or "body"
    concept: str  # the query word or phrase (its label)
    via: str  # one of the VIA_ names
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    corrected_from: str | None = None  # the misspelt word the query word was corrected from


@dataclass(frozen=True)
class StageCredit:
    """What one re-ranking stage did to a passage's score: multiplied it by `factor`."""

    stage: str
    factor: float


@dataclass(frozen=True)
class HitExplanation:
    """Why one passage was found and ranked where it is.

    `score` is the hit's score: the backend's score times each stage's factor, rounded.
    """

    passage_id: str
    rank: int
    score: float
    backend_score: float
    stages: tuple[StageCredit, ...]
    matches: tuple[WordMatch, ...]

    def matches_in(self, field: str) -> tuple[WordMatch, ...]:
        """The matches of one field ("title", "section" or "body")."""
        return tuple(m for m in self.matches if m.field == field)


@dataclass(frozen=True)
class ConceptNote:
    """One word (or phrase) of the query: how much it weighs and what became of it.

    `role`: "searched" (it brought and ranked passages), "in most passages" (left out of the
    search: it tells no passage apart), "unknown" (no article contains it or a word related to
    it), "cue" (a question word's cue, which only re-ranks) or "answer type" (words answers of
    the type use). `in_articles`: the articles contain the word itself (not only a synonym).
    """

    label: str
    weight: float
    role: str
    in_articles: bool = True
    corrected_from: str | None = None


@dataclass(frozen=True)
class QueryExplanation:
    """How the query was read: its words and what became of each; the correction, if any."""

    query: str
    corrected: str | None
    concepts: tuple[ConceptNote, ...]

    @property
    def unknown(self) -> tuple[str, ...]:
        """The query's words that no article contains (some may have a synonym that one does)."""
        return tuple(c.label for c in self.concepts if not c.in_articles)


@dataclass(frozen=True)
class SearchExplanation:
    """A search and, for each of its hits (same order), why it was found."""

    result: SearchResult
    query: QueryExplanation
    hits: tuple[HitExplanation, ...]

    def for_passage(self, passage_id: str) -> HitExplanation | None:
        """The explanation of the hit of this passage, if it is one of the hits."""
        return next((h for h in self.hits if h.passage_id == passage_id), None)


@dataclass(frozen=True)
class Feature:
    """One term of a sentence's score: its value and the points it adds (the settings' weight)."""

    name: str
    value: float
    points: float


@dataclass(frozen=True)
class SentenceExplanation:
    """Why a sentence scored as it did: the features of its score, which add up to `score`.

    `answers`: it carries the question's focus and the evidence its type asks for; `support`:
    the share of the focus and constraints it carries (an answer needs enough of it).
    """

    citation: Citation
    score: float
    support: float
    answers: bool
    features: tuple[Feature, ...]

    @property
    def text(self) -> str:
        """The sentence."""
        return self.citation.text


@dataclass(frozen=True)
class AnswerExplanation:
    """An answer and why: the features that chose its first sentence, and the next best one.

    When the question is not covered there is no first sentence: `query.unknown` names the
    words no article contains, and the answer's reason says what is missing.
    """

    answer: Answer
    query: QueryExplanation
    considered: int  # sentences scored
    first: SentenceExplanation | None = None
    runner_up: SentenceExplanation | None = None
