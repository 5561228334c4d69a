"""Related questions: FAQ questions that share what a question asks about, for more to read."""

from __future__ import annotations

import math
from collections.abc import Iterable

from ketamine_tui.analysis import QueryPlan
from ketamine_tui.answer_models import RelatedQuestion
from ketamine_tui.settings import Settings
from ketamine_tui.topics import Topic
from ketamine_tui.words import stem, words


class RelatedQuestions:
    """The FAQ's questions, each with its stems, ready to be matched against planned questions."""

    def __init__(self, settings: Settings, topics: Iterable[Topic]) -> None:
        self.settings = settings
        self.topics = tuple(topics)
        self._faq = [
            (topic.title, question, frozenset(stem(w) for w in words(question)))
            for root in self.topics
            for topic, question in root.walk()
        ]

    def to(
        self, plan: QueryPlan, limit: int, fallback: bool = False
    ) -> tuple[RelatedQuestion, ...]:
        """FAQ questions sharing the most (rarity-weighted) words with the question asked."""
        # A word in most passages ("ketamine" here) relates every question to every other one.
        specific = plan.specific
        asked = frozenset(
            s for c in plan.concepts for seq in c.primary for s in seq if s in specific
        )
        widened = asked | frozenset(
            s for c in plan.concepts for seq in c.alternates for s in seq if s in specific
        )
        normalised = " ".join(plan.text.lower().split())
        share = self.settings.related_synonym_share
        scored = []
        for order, (topic, question, question_stems) in enumerate(self._faq):
            if " ".join(question.lower().split()) == normalised:
                continue
            # fsum: the same total whatever order a set yields its members in (the hash seed)
            overlap = math.fsum(plan.rarity(s) for s in question_stems & asked)
            overlap += share * math.fsum(plan.rarity(s) for s in (question_stems & widened) - asked)
            if overlap > 0:
                scored.append((-overlap, order, RelatedQuestion(topic, question)))
        scored.sort(key=lambda item: (item[0], item[1]))
        related = [r for _, _, r in scored[:limit]]
        if fallback and len(related) < limit:
            # Nothing close: offer one question from each topic so the user sees what is covered.
            for root in self.topics:
                pairs = root.walk()
                if pairs and len(related) < limit:
                    first_topic, first_question = pairs[0]
                    item = RelatedQuestion(first_topic.title, first_question)
                    if item not in related:
                        related.append(item)
        return tuple(related)
