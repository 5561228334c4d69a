"""Related questions: FAQ questions that share what a question asks about, for more to read."""

from __future__ import annotations

import math
from collections.abc import Iterable

from ketamine_tui.analysis import Concept, QueryPlan
from ketamine_tui.answer_models import RelatedQuestion
from ketamine_tui.answer_types import AnswerType, Taxonomy, answer_type
from ketamine_tui.question import QuestionFrame
from ketamine_tui.settings import Settings
from ketamine_tui.topics import Topic
from ketamine_tui.words import stem, words


class RelatedQuestions:
    """The FAQ's questions, with their stems and answer types, matched against framed questions.

    Beside an answer: the FAQ questions that share the most of the question's words (weighted by
    how rare they are; a word in most passages, "ketamine" here, relates nothing). When the
    articles do not cover a question: those that share its focus or a constraint, else those
    that ask for the same kind of answer; never one fixed list, and none when nothing relates.
    """

    def __init__(self, settings: Settings, topics: Iterable[Topic], kinds: Taxonomy) -> None:
        self.settings = settings
        self.topics = tuple(topics)
        self._taxonomy = kinds
        self._faq = [
            (topic.title, question, frozenset(stem(w) for w in words(question)))
            for root in self.topics
            for topic, question in root.walk()
        ]
        self._faq_kinds: list[AnswerType | None] | None = None

    @property
    def faq_kinds(self) -> list[AnswerType | None]:
        """The kind of answer each FAQ question asks for, in FAQ order (read on first need).

        Only a question the articles do not cover is related by kind: an answered one (and a
        command-line `ask` is mostly one) never pays for reading every FAQ question's type.
        """
        if self._faq_kinds is None:
            self._faq_kinds = [answer_type(q, self._taxonomy).type for _, q, _ in self._faq]
        return self._faq_kinds

    def to(
        self, plan: QueryPlan, limit: int, frame: QuestionFrame | None = None
    ) -> tuple[RelatedQuestion, ...]:
        """Related FAQ questions: for an answer (no frame) by shared words, else by the frame."""
        if frame is None:
            return self._sharing(plan, list(plan.concepts), limit)
        framed = [c for u in (*frame.focus, *frame.constraints) for c in u.concepts]
        related = list(self._sharing(plan, framed, limit)) if not frame.focus_from_topic else []
        kind = frame.type
        if kind is not None and not kind.last:
            for name in (kind.name, *kind.near):  # the same kind of answer, then near kinds
                for (topic, question, _), faq_kind in zip(self._faq, self.faq_kinds, strict=True):
                    item = RelatedQuestion(topic, question)
                    if (
                        faq_kind is not None
                        and faq_kind.name == name
                        and item not in related
                        and not self._same(plan, question)
                    ):
                        related.append(item)
        return tuple(related[:limit])

    def _sharing(
        self, plan: QueryPlan, concepts: list[Concept], limit: int
    ) -> tuple[RelatedQuestion, ...]:
        """FAQ questions sharing the most (rarity-weighted) stems of these concepts."""
        specific = plan.specific
        asked = frozenset(s for c in concepts for seq in c.primary for s in seq if s in specific)
        widened = asked | frozenset(
            s
            for c in concepts
            for seq in c.alternates
            if seq not in c.loose
            for s in seq
            if s in specific
        )
        share = self.settings.related_synonym_share
        scored = []
        for order, (topic, question, question_stems) in enumerate(self._faq):
            if self._same(plan, question):
                continue
            # fsum: the same total whatever order a set yields its members in (the hash seed)
            overlap = math.fsum(plan.rarity(s) for s in question_stems & asked)
            overlap += share * math.fsum(plan.rarity(s) for s in (question_stems & widened) - asked)
            if overlap > 0:
                scored.append((-overlap, order, RelatedQuestion(topic, question)))
        scored.sort(key=lambda item: (item[0], item[1]))
        return tuple(r for _, _, r in scored[:limit])

    @staticmethod
    def _same(plan: QueryPlan, question: str) -> bool:
        """Whether an FAQ question is the question asked (it is not related to itself)."""
        return " ".join(question.lower().split()) == " ".join(plan.text.lower().split())
