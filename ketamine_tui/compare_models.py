"""The data of a comparison: what each article says about a question, and the claims they share.

Kept apart from the comparing stage (`compare.py`), as the answer data is from `answer.py`, so
that formatting, export and the app show comparisons without loading what makes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ketamine_tui.answer_models import Citation, QuestionAnalysis, RelatedQuestion


@dataclass(frozen=True)
class QuotedSentence:
    """A verbatim sentence of one article; `answers`: it states what the question asks for.

    A sentence that does not answer still carries the question's focus: the article mentions
    the subject there without stating the kind of answer asked for ("how long", "how much").
    """

    citation: Citation
    answers: bool

    @property
    def text(self) -> str:
        """The sentence (its citation's text: `file_text[start:end]`)."""
        return self.citation.text


@dataclass(frozen=True)
class ArticleView:
    """What one article says about the question: its best sentences (none: it does not say)."""

    source_id: str
    title: str
    file: str
    sentences: tuple[QuotedSentence, ...] = ()

    @property
    def mentions(self) -> bool:
        """Whether the article says anything about the question."""
        return bool(self.sentences)


@dataclass(frozen=True)
class Claim:
    """One statement, and every article that makes it (near-identical sentences merged).

    Its text is its first citation's text; the others are the same statement in other passages.
    """

    text: str
    citations: tuple[Citation, ...]
    answers: bool

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The distinct articles that make this claim, in citation order."""
        return tuple(dict.fromkeys(c.source_id for c in self.citations))


@dataclass(frozen=True)
class Comparison:
    """The articles side by side on one question, or `covered=False` and the reason (as `ask`).

    `articles` holds the articles compared, in manifest order, when the question is covered
    (every article, unless there are more than the engine compares: `not_compared` counts those
    left out); `claims` the statements of those that say something, those that answer the
    question best first.
    """

    question: str
    covered: bool
    claims: tuple[Claim, ...] = ()
    articles: tuple[ArticleView, ...] = ()
    not_compared: int = 0
    reason: str = ""
    corrected: str | None = None
    article_count: int = 0
    analysis: QuestionAnalysis = QuestionAnalysis()  # noqa: RUF009  # frozen: one shared default is safe
    related: tuple[RelatedQuestion, ...] = ()

    def number_of(self, source_id: str) -> int:
        """The article's number in the comparison ([1] for the first article), 0 if absent."""
        for number, article in enumerate(self.articles, start=1):
            if article.source_id == source_id:
                return number
        return 0
