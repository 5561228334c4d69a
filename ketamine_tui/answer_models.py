"""The data of an answer: sentences, citations, sources, related questions (named tuples).

Kept apart from the answer stage (`answer.py`) because formatting, export and the app's widgets
show answers without needing what makes them (sentence splitting, word lists, settings); and a
search, which never answers, builds none of these classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ketamine_tui.models import Hit


class Citation(NamedTuple):
    """Where an answer sentence stands: `text == file_text[start:end]`."""

    source_id: str
    passage_id: str
    title: str
    section: str
    file: str
    start: int
    end: int
    text: str


class AnswerSentence(NamedTuple):
    """A verbatim sentence of an answer; its text is its first citation's text."""

    text: str
    citations: tuple[Citation, ...]

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The distinct articles that say this sentence, in citation order."""
        return tuple(dict.fromkeys(c.source_id for c in self.citations))


class RelatedQuestion(NamedTuple):
    """A question from the FAQ topics offered next to an answer."""

    topic: str
    question: str


class SourceRef(NamedTuple):
    """An article an answer cites, numbered in the order it is first cited."""

    number: int
    source_id: str
    title: str
    file: str


class QuestionAnalysis(NamedTuple):
    """How a question was read: the answer type it expects, its focus and its constraints."""

    type: str | None = None
    focus: tuple[str, ...] = ()
    constraints: tuple[str, ...] = ()
    negative: bool = False


class Answer(NamedTuple):
    """An extractive answer: verbatim sentences with citations, or `answered=False` and a reason."""

    question: str
    answered: bool
    sentences: tuple[AnswerSentence, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    related: tuple[RelatedQuestion, ...] = ()
    corrected: str | None = None
    reason: str = ""
    article_count: int = 0
    hits: tuple[Hit, ...] = ()
    analysis: QuestionAnalysis = QuestionAnalysis()
