"""Extractive answers: the sentences that answer what a question asks, each with its citations.

Nothing is written here that the articles do not say: an answer is a list of sentences cut from the
articles by offset, and near-duplicates said by several articles become one sentence with several
citations. A sentence answers only when it carries the question's focus and, where the question's
type needs it, the typed evidence (a duration for "how long", a number for "how many"); the first
sentence shown is the one that answers best, and sentences that only talk about a topic come after
those that state something. Otherwise the answer says precisely what the articles do and do not say
(`answered=False`) and offers FAQ questions that share the question's focus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ketamine_tui.analysis import Concept, QueryPlan, concept_credit
from ketamine_tui.answer_models import (
    Answer,
    AnswerSentence,
    Citation,
    QuestionAnalysis,
    SourceRef,
)
from ketamine_tui.evidence import (
    Evidence,
    SentenceFacts,
    SentenceReader,
    concept_present,
    frame_concepts,
    known_focus,
    labels,
    main_unit,
    weigh,
)
from ketamine_tui.models import Hit
from ketamine_tui.question import (
    QuestionFrame,
    asked_weight,
    present_in_articles,
)
from ketamine_tui.related import RelatedQuestions
from ketamine_tui.settings import Settings
from ketamine_tui.topics import Topic

NOT_COVERED = "The articles don't cover this."

_DEFINITION_QUESTIONS = (
    re.compile(r"^\s*(?:what|who)\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?P<x>[^?]+?)[\s?.!]*$", re.I),
    re.compile(
        r"^\s*what\s+(?:does|do)\s+(?:the\s+)?(?:term\s+|word\s+)?[\"'“]?(?P<x>[^?]+?)[\"'”]?"
        r"\s+mean[\s?.!]*$",
        re.I,
    ),
)


# A sentence opening with a word that points back ("This makes it…") reads worse out of context.
_LEANS_ON_CONTEXT = re.compile(
    r"^\W*(?:this|that|these|those|it|its|they|their|such|he|she)\b", re.I
)


def leans_on_context(sentence: str) -> bool:
    """Whether a sentence opens with a word that points back ("This makes it…", "It was…")."""
    return _LEANS_ON_CONTEXT.match(sentence) is not None


def definition_subject(question: str) -> str | None:
    """The X of "What is X?" or "What does X mean?", or None for other questions."""
    for pattern in _DEFINITION_QUESTIONS:
        match = pattern.match(question)
        if match:
            return match.group("x").strip()
    return None


def defines(sentence: str, subject: str) -> bool:
    """Whether a sentence opens by defining `subject` ("Ketamine is a …", "X refers to …")."""
    pattern = (
        rf"^\W*(?:the\s+)?{re.escape(subject)}(?:[\s-]+[\w’']+){{0,3}}?\s+"
        rf"(?:(?:is|are|was|were)\s+(?:an?|the|one\s+of)\b|refers?\s+to\b|means\b|is\s+defined\s+as\b)"
    )
    return re.match(pattern, sentence, re.I) is not None


@dataclass
class _Candidate:
    """A sentence of a retrieved passage, scored against the question."""

    hit: Hit
    facts: SentenceFacts
    coverage: float  # the share of the question's words (by weight) the sentence has
    support: float  # the share of the question's focus and constraints it carries
    score: float
    evidence: Evidence
    answers: bool
    citations: list[Citation] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The sentence."""
        return self.facts.text


def near_duplicates(a: frozenset[str], b: frozenset[str], settings: Settings) -> bool:
    """Whether two sentences say the same thing: most of their content words are shared.

    Jaccard similarity of the stem sets, with a floor on the shared words so that two short
    sentences do not count as the same claim because they share "ketamine" and "treatment".
    """
    shared = len(a & b)
    return (
        shared >= settings.min_shared_words and shared / len(a | b) >= settings.duplicate_similarity
    )


# Where else the articles say a sentence: hits of passages sharing its rarest stems.
Recurrences = Callable[[frozenset[str]], Sequence[Hit]]


class Answerer:
    """Answers framed questions from their best passages, with related questions from the FAQ."""

    def __init__(
        self,
        settings: Settings,
        topics: Iterable[Topic],
        article_count: int,
        reader: SentenceReader,
    ) -> None:
        self.settings = settings
        self.topics = tuple(topics)
        self.article_count = article_count
        self.reader = reader
        self.related = RelatedQuestions(settings, self.topics, reader.kinds)

    def precheck(self, plan: QueryPlan, frame: QuestionFrame) -> Answer | None:
        """ "Not covered" when the articles lack what the question is about; None when they may not.

        What is missing is said precisely: the question's focus ("No article mentions “drug
        test”."), a constraint on it ("… mention “safe” but not “pregnant”."), or most of its words.
        """
        if not frame.focus:
            return self.not_covered(plan, frame, "The question names nothing to look up.")
        if not known_focus(frame):
            return self.not_covered(plan, frame, f"No article mentions {labels(frame.focus)}.")
        unknown = tuple(u for u in frame.constraints if not u.known)
        if unknown:
            return self.not_covered(plan, frame, f"{_mention(frame)} but not {labels(unknown)}.")
        if (
            self._known_share(frame_concepts(frame), plan.unseen)
            < self.settings.min_question_coverage
        ):
            missing = tuple(u for u in frame.focus if not u.known)
            return self.not_covered(plan, frame, f"No article mentions {labels(missing)}.")
        return None

    def answer(
        self, plan: QueryPlan, frame: QuestionFrame, hits: Sequence[Hit], recurrences: Recurrences
    ) -> Answer:
        """An answer from the best passages of a question (after `precheck` let it through)."""
        candidates = self._candidates(plan, frame, hits)
        answering = [c for c in candidates if c.answers]
        best = max(answering, key=lambda c: c.support, default=None)
        if best is None or best.support < self.settings.min_support:
            return self.not_covered(plan, frame, self._what_is_missing(plan, frame, candidates))
        chosen = self._choose(candidates)
        self._corroborate(chosen, recurrences)
        sentences = tuple(AnswerSentence(c.citations[0].text, tuple(c.citations)) for c in chosen)
        return Answer(
            question=plan.text,
            answered=True,
            sentences=sentences,
            sources=_numbered_sources(sentences),
            related=self.related.to(plan, self.settings.related_questions),
            corrected=plan.corrected,
            article_count=self.article_count,
            hits=tuple(hits),
            analysis=_analysis(frame),
        )

    # -- sentences -------------------------------------------------------------------------

    def _candidates(
        self, plan: QueryPlan, frame: QuestionFrame, hits: Sequence[Hit]
    ) -> list[_Candidate]:
        """Every sentence of the retrieved passages, scored; those that answer first, best first."""
        # Coverage is measured against everything the question asks, unknown words included (and
        # weighted up: a word no article uses is the strongest sign that the question is elsewhere).
        settings = self.settings
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
        candidates = []
        for hit in hits:
            for facts in self.reader.sentences(hit.passage):
                text, present = facts.text, facts.stems
                if len(text) < settings.min_sentence_chars or text.rstrip().endswith("?"):
                    continue  # fragments and questions are not answers
                coverage = sum(concept_credit(c, present, credit) * c.weight for c in known) / (
                    asked or 1.0
                )
                evidence = weigh(frame, facts)
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
                    + settings.rank_bonus * (hit.score / top_score if top_score else 0.0)
                    + settings.focus_bonus * evidence.focus
                    + settings.evidence_bonus * evidence.typed
                    - settings.meta_penalty * facts.meta
                )
                if subject and defines(text, subject):
                    score += settings.definition_bonus
                # A sentence that has nearly all of the question's words answers it even without
                # the typed evidence (the question was asked in the articles' own words).
                answers = evidence.answers(frame) or (
                    evidence.main and coverage >= settings.close_overlap and not named_main
                )
                candidates.append(
                    _Candidate(hit, facts, coverage, support, score, evidence, answers)
                )
        candidates.sort(key=lambda c: (not c.answers, -c.score, c.hit.rank, c.facts.start))
        return candidates

    def _choose(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """The best sentences (up to `max_sentences`), near-duplicates merged as citations.

        The first answers the question best; the others must carry its main focus too, and those
        that only talk about the topic, or lean on the sentence before, come last.
        """
        settings = self.settings
        best = candidates[0].score
        chosen: list[_Candidate] = []
        for candidate in candidates:
            twin = next(
                (
                    c
                    for c in chosen
                    if near_duplicates(c.facts.stems, candidate.facts.stems, settings)
                ),
                None,
            )
            if twin is not None:
                if candidate.hit.passage.passage_id not in {x.passage_id for x in twin.citations}:
                    twin.citations.append(_citation(candidate.hit, candidate.facts))
                continue
            if not chosen or (
                len(chosen) < settings.max_sentences
                and candidate.evidence.main
                and candidate.score >= settings.keep_relative_to_best * best
                and (candidate.coverage >= settings.min_support * settings.sentence_support_share)
            ):
                candidate.citations.append(_citation(candidate.hit, candidate.facts))
                chosen.append(candidate)
        first, rest = chosen[0], chosen[1:]
        return [first, *sorted(rest, key=lambda c: (c.facts.meta, leans_on_context(c.text)))]

    def _corroborate(self, chosen: list[_Candidate], recurrences: Recurrences) -> None:
        """Cite every article that says a chosen sentence, not only those among the best passages.

        Passages sharing a sentence's rarest words are looked up; a sentence of theirs that is a
        near-duplicate becomes another citation (each quoted sentence is cited once only), so
        "said by N of M articles" counts them all.
        """
        cited = {(c.passage_id, c.start) for candidate in chosen for c in candidate.citations}
        for candidate in chosen:
            for hit in recurrences(candidate.facts.stems):
                for facts in self.reader.sentences(hit.passage):
                    key = (hit.passage.passage_id, facts.start)
                    if key not in cited and near_duplicates(
                        candidate.facts.stems, facts.stems, self.settings
                    ):
                        candidate.citations.append(_citation(hit, facts))
                        cited.add(key)

    # -- weighing the question -----------------------------------------------------------------

    def _known_share(self, concepts: Sequence[Concept], unseen: float) -> float:
        """The share of the question's focus and constraints (by weight) the articles contain."""
        total = sum(asked_weight(c, self.settings, unseen) for c in concepts)
        return sum(c.weight for c in concepts if present_in_articles(c)) / total if total else 0.0

    # -- not covered and related ---------------------------------------------------------------

    def _what_is_missing(
        self, plan: QueryPlan, frame: QuestionFrame, candidates: list[_Candidate]
    ) -> str:
        """Why no sentence answers: what the articles mention, and what they do not say of it."""
        main = main_unit(frame)
        missing = [c.label for c in plan.concepts if c.primary and not c.known]
        if main is not None and not any(c.evidence.main for c in candidates):
            return f"No sentence of the articles is about {labels([main])}."
        if frame.type is not None and frame.needs_evidence:
            return f"{_mention(frame)} but not {frame.type.missing}."
        if missing:
            return f"No article mentions {_quoted_list(missing)}."
        return f"{_mention(frame)}, but no sentence answers this question closely."

    def not_covered(self, plan: QueryPlan, frame: QuestionFrame, detail: str) -> Answer:
        """The answer that says the articles do not cover a question, and why."""
        return Answer(
            question=plan.text,
            answered=False,
            related=self.related.to(plan, self.settings.related_when_not_covered, frame),
            corrected=plan.corrected,
            reason=f"{NOT_COVERED} {detail}",
            article_count=self.article_count,
            analysis=_analysis(frame),
        )


def _analysis(frame: QuestionFrame) -> QuestionAnalysis:
    """The frame as the answer reports it."""
    return QuestionAnalysis(
        frame.type_name,
        tuple(u.label for u in frame.focus),
        tuple(u.label for u in frame.constraints),
        frame.negative,
    )


def _mention(frame: QuestionFrame) -> str:
    """ "The articles mention “x”" for what of the question's focus the articles have."""
    known = known_focus(frame)
    return f"The articles mention {labels(known)}" if known else "The articles mention the subject"


def _citation(hit: Hit, facts: SentenceFacts) -> Citation:
    """A citation of a sentence of the hit's passage (its offsets are in the article file)."""
    passage = hit.passage
    return Citation(
        source_id=passage.source_id,
        passage_id=passage.passage_id,
        title=hit.title,
        section=passage.section,
        file=hit.file,
        start=facts.start,
        end=facts.start + len(facts.text),
        text=facts.text,
    )


def _quoted_list(labels: list[str]) -> str:
    """`"a"`, `"a" or "b"`, `"a", "b" or "c"`."""
    quoted = [f"“{label}”" for label in dict.fromkeys(labels)]
    if not quoted:
        return "these words"
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _numbered_sources(sentences: Iterable[AnswerSentence]) -> tuple[SourceRef, ...]:
    """The cited articles, numbered by first citation."""
    seen: dict[str, SourceRef] = {}
    for sentence in sentences:
        for citation in sentence.citations:
            if citation.source_id not in seen:
                seen[citation.source_id] = SourceRef(
                    len(seen) + 1, citation.source_id, citation.title, citation.file
                )
    return tuple(seen.values())
