"""Sentence scoring: every sentence of the retrieved passages weighed against a framed question.

One scorer serves every stage that picks sentences: an answer (the best passages of the whole
corpus), a comparison (the best passages of each article in turn) and an explanation (the terms
that chose the first sentence). Each sentence gets the terms of its score — how much of the
question it covers, the question word's cue, its passage's search score, the focus it carries,
the typed evidence it shows, whether it only talks about a topic, whether it defines what a
"What is X?" question asks about — and whether it can answer at all (`Evidence.answers`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from ketamine_tui.analysis import QueryPlan, concept_credit
from ketamine_tui.answer_models import Citation
from ketamine_tui.evidence import (
    Evidence,
    SentenceFacts,
    SentenceReader,
    concept_present,
    frame_concepts,
    main_unit,
    talks_only,
    weigh,
)
from ketamine_tui.models import Hit
from ketamine_tui.question import QuestionFrame, asked_weight, present_in_articles
from ketamine_tui.settings import Settings

_DEFINITION_QUESTIONS = (
    re.compile(r"^\s*(?:what|who)\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?P<x>[^?]+?)[\s?.!]*$", re.I),
    re.compile(
        r"^\s*what\s+(?:does|do)\s+(?:the\s+)?(?:term\s+|word\s+)?[\"'“]?(?P<x>[^?]+?)[\"'”]?"
        r"\s+(?:even\s+|actually\s+|really\s+|exactly\s+)?mean[\s?.!]*$",
        re.I,
    ),
)


_QUESTION_END = re.compile(r"(?<=\?)\s+")  # where one asking sentence ends and the next starts


def definition_subject(question: str) -> str | None:
    """The X of "What is X?" or "What does X mean?", or None for other questions.

    Of the question's first sentence that asks it: "what does 'treatment resistant' even mean?
    ive tried 2 different meds" asks what treatment resistant means.
    """
    for part in _QUESTION_END.split(question):
        for pattern in _DEFINITION_QUESTIONS:
            match = pattern.match(part)
            if match:
                return match.group("x").strip()
    return None


def defines(sentence: str, subject: str) -> bool:
    """Whether a sentence opens by defining `subject` ("Ketamine is a …", "X refers to …")."""
    pattern = (
        rf"^\W*(?:the\s+)?{_spaced(subject)}(?:[\s-]+[\w’']+){{0,3}}?\s+"
        rf"(?:(?:is|are|was|were)\s+(?:an?|the|one\s+of)\b|refers?\s+to\b|means\b|is\s+defined\s+as\b)"
    )
    return re.match(pattern, sentence, re.I) is not None


def _spaced(words: str) -> str:
    """A pattern of these words, apart or hyphenated ("treatment resistant", "-resistant")."""
    return r"[\s-]+".join(re.escape(w) for w in words.split())


class ScoreTerms(NamedTuple):
    """The terms of one sentence's score, before the settings weigh them."""

    coverage: float  # the share of the question's words (by weight) the sentence has
    cue: float  # the share of the question word's cues it matches
    rank: float  # its passage's search score, relative to the best passage's
    focus: float  # the share of the question's focus it carries
    # how clearly it shows the evidence the question's type asks for (1, 0.5, 0), and 1 more when
    # it says what is not known yet, to a question about what is known
    typed: float
    meta: bool  # it talks about a topic instead of stating a fact of it
    defines: bool  # it defines what a "What is X?" question asks about

    def weighted(self, settings: Settings) -> tuple[tuple[str, float, float], ...]:
        """(name, value, points) of each term: the points add up to the sentence's score."""
        return (
            ("coverage", self.coverage, self.coverage),
            ("cue", self.cue, settings.cue_bonus * self.cue),
            ("rank", self.rank, settings.rank_bonus * self.rank),
            ("focus", self.focus, settings.focus_bonus * self.focus),
            ("evidence", self.typed, settings.evidence_bonus * self.typed),
            ("meta", float(self.meta), -settings.meta_penalty * self.meta),
            ("definition", float(self.defines), settings.definition_bonus * self.defines),
        )


class ScoredSentence:
    """A sentence of a retrieved passage, scored against the question.

    Its citations are filled in by whoever quotes it (near-duplicates elsewhere become more).
    A plain class with slots, not a dataclass: its class is made at every `ask`'s start, where
    a dataclass takes some three quarters of a millisecond to create.
    """

    __slots__ = ("answers", "citations", "evidence", "facts", "hit", "score", "support", "terms")

    def __init__(
        self,
        hit: Hit,
        facts: SentenceFacts,
        support: float,  # the share of the question's focus and constraints it carries
        score: float,
        evidence: Evidence,
        answers: bool,
        terms: ScoreTerms,
    ) -> None:
        self.hit = hit
        self.facts = facts
        self.support = support
        self.score = score
        self.evidence = evidence
        self.answers = answers
        self.terms = terms
        self.citations: list[Citation] = []

    def __repr__(self) -> str:
        return f"ScoredSentence({self.score:.3f}, {self.text!r})"

    @property
    def text(self) -> str:
        """The sentence."""
        return self.facts.text

    @property
    def coverage(self) -> float:
        """The share of the question's words (by weight) the sentence has."""
        return self.terms.coverage


def score_sentences(
    settings: Settings,
    reader: SentenceReader,
    plan: QueryPlan,
    frame: QuestionFrame,
    hits: Sequence[Hit],
) -> list[ScoredSentence]:
    """Every sentence of the hits' passages, scored; those that answer first, best first."""
    # Coverage is measured against everything the question asks, unknown words included (and
    # weighted up: a word no article uses is the strongest sign that the question is elsewhere).
    credit = settings.synonym_credit
    content = [c for c in plan.concepts if c.primary]
    cues = [c for c in plan.concepts if not c.primary]
    asked = sum(asked_weight(c, settings, plan.unseen) for c in content)
    known = [c for c in content if c.known]
    framed = frame_concepts(frame)
    framed_asked = sum(asked_weight(c, settings, plan.unseen) for c in framed)
    framed_known = [c for c in framed if present_in_articles(c)]
    cue_total = sum(c.weight for c in cues) or 1.0
    top_score = hits[0].score if hits else 1.0
    subject = definition_subject(plan.text)
    main = main_unit(frame)
    named_main = main is not None and main.named
    scored = []
    for hit in hits:
        rank = hit.score / top_score if top_score else 0.0
        for facts in reader.sentences(hit.passage):
            text, present = facts.text, facts.stems
            if len(text) < settings.min_sentence_chars or text.rstrip().endswith("?"):
                continue  # fragments and questions are not answers
            coverage = sum(concept_credit(c, present, credit) * c.weight for c in known) / (
                asked or 1.0
            )
            evidence = weigh(frame, facts)
            meta = talks_only(facts, evidence)
            typed = evidence.typed + evidence.not_known
            # A sentence that shows the evidence asked for is read with the one before it,
            # which may name what it is about (see `evidence.weigh`).
            context = present | facts.before if evidence.goes_on else present
            support = (
                1.0
                if frame.focus_from_topic  # every sentence is about the corpus's subject
                else sum(c.weight for c in framed_known if concept_present(c, context))
                / (framed_asked or 1.0)
            )
            cue = sum(concept_credit(c, present, credit) * c.weight for c in cues) / cue_total
            score = (
                coverage
                + settings.cue_bonus * cue
                + settings.rank_bonus * rank
                + settings.focus_bonus * evidence.focus
                + settings.evidence_bonus * typed
                - settings.meta_penalty * meta
            )
            defining = bool(subject) and defines(text, subject or "")
            if defining:
                score += settings.definition_bonus
            terms = ScoreTerms(coverage, cue, rank, evidence.focus, typed, meta, defining)
            # A sentence that has nearly all of the question's words answers it even without
            # the typed evidence (the question was asked in the articles' own words).
            # Not when its words only name what is asked ("How *often* do I need it?").
            answers = evidence.answers(frame) or (
                evidence.main
                and coverage >= settings.close_overlap
                and not named_main
                and bool(framed_known)
            )
            scored.append(ScoredSentence(hit, facts, support, score, evidence, answers, terms))
    scored.sort(key=lambda c: (not c.answers, -c.score, c.hit.rank, c.facts.start))
    return scored
