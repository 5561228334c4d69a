"""Plain frozen dataclasses for answers and FAQ topics, apart so that a search never builds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ketamine_tui.models import Hit


@dataclass(frozen=True)
class Citation:
    """Where an answer sentence stands: `text == file_text[start:end]`."""

    source_id: str
    passage_id: str
    title: str
    section: str
    file: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class AnswerSentence:
    """A verbatim sentence of an answer; its text is its first citation's text."""

    text: str
    citations: tuple[Citation, ...]

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The distinct articles that say this sentence, in citation order."""
        return tuple(dict.fromkeys(c.source_id for c in self.citations))


@dataclass(frozen=True)
class RelatedQuestion:
    """A question from the FAQ topics offered next to an answer."""

    topic: str
    question: str


@dataclass(frozen=True)
class SourceRef:
    """An article an answer cites, numbered in the order it is first cited."""

    number: int
    source_id: str
    title: str
    file: str


@dataclass(frozen=True)
class Answer:
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


@dataclass(frozen=True)
class Topic:
    """A node of the FAQ tree: a titled group of questions and sub-topics."""

    title: str
    questions: tuple[str, ...] = ()
    children: tuple[Topic, ...] = field(default_factory=tuple)

    def walk(self) -> tuple[tuple[Topic, str], ...]:
        """Every (topic, question) pair in this topic and its sub-topics, depth first."""
        pairs = [(self, q) for q in self.questions]
        for child in self.children:
            pairs.extend(child.walk())
        return tuple(pairs)
