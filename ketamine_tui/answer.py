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

from ketamine_tui.analysis import Concept, QueryPlan
from ketamine_tui.answer_models import (
    Answer,
    AnswerSentence,
    Citation,
    QuestionAnalysis,
    SourceRef,
)
from ketamine_tui.evidence import (
    SentenceFacts,
    SentenceReader,
    frame_concepts,
    known_focus,
    labels,
    main_unit,
)
from ketamine_tui.models import Hit
from ketamine_tui.question import (
    QuestionFrame,
    asked_weight,
    present_in_articles,
)
from ketamine_tui.related import RelatedQuestions
from ketamine_tui.scoring import ScoredSentence, score_sentences
from ketamine_tui.settings import Settings
from ketamine_tui.topics import Topic

NOT_COVERED = "The articles don't cover this."

# A sentence opening with a word that points back ("This makes it…") reads worse out of context.
_LEANS_ON_CONTEXT = re.compile(
    r"^\W*(?:this|that|these|those|it|its|they|their|such|he|she)\b", re.I
)


def leans_on_context(sentence: str) -> bool:
    """Whether a sentence opens with a word that points back ("This makes it…", "It was…")."""
    return _LEANS_ON_CONTEXT.match(sentence) is not None


def near_duplicates(a: frozenset[str], b: frozenset[str], settings: Settings) -> bool:
    """Whether two sentences say the same thing: most of their content words are shared.

    Jaccard similarity of the stem sets, with a floor on the shared words so that two short
    sentences do not count as the same claim because they share "ketamine" and "treatment".
    """
    shared = len(a & b)
    return (
        shared >= settings.min_shared_words and shared / len(a | b) >= settings.duplicate_similarity
    )


# Where else the articles say any of these sentences: hits of passages sharing their rarest stems
# (one lookup for all of them).
Recurrences = Callable[[Sequence[frozenset[str]]], Sequence[Hit]]


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
        detail = self.lacking(plan, frame)
        return None if detail is None else self.not_covered(plan, frame, detail)

    def lacking(self, plan: QueryPlan, frame: QuestionFrame) -> str | None:
        """What the articles lack of what the question is about (None: they may answer it)."""
        if not frame.focus:
            # "How long does it last?" is about the articles' subject; anything else names nothing
            return None if frame.focus_from_topic else "The question names nothing to look up."
        if not known_focus(frame):
            return f"No article mentions {labels(frame.focus)}."
        unknown = tuple(u for u in frame.constraints if not u.known)
        if unknown:
            return f"{_mention(frame)} but not {labels(unknown)}."
        if (
            self._known_share(frame_concepts(frame), plan.unseen)
            < self.settings.min_question_coverage
        ):
            missing = tuple(u for u in frame.focus if not u.known)
            return f"No article mentions {labels(missing)}."
        return None

    def quoted_passages(
        self, plan: QueryPlan, frame: QuestionFrame, hits: Sequence[Hit]
    ) -> tuple[str, ...]:
        """The passages an answer from these hits quotes, in the order it quotes them.

        None when it would not answer. The sentences are chosen as `answer` chooses them, without
        looking up where else the articles say them (that adds citations, not passages quoted).
        """
        if not hits or self.lacking(plan, frame) is not None:
            return ()
        candidates = self.candidates(plan, frame, hits)
        if not self.supported(candidates):
            return ()
        chosen = self.choose(candidates, frame.focus_from_topic)
        return tuple(dict.fromkeys(c.hit.passage.passage_id for c in chosen))

    def answer(
        self, plan: QueryPlan, frame: QuestionFrame, hits: Sequence[Hit], recurrences: Recurrences
    ) -> Answer:
        """An answer from the best passages of a question (after `precheck` let it through)."""
        candidates = self.candidates(plan, frame, hits)
        if not self.supported(candidates):
            return self.not_covered(plan, frame, self.missing(plan, frame, candidates))
        chosen = self.choose(candidates, frame.focus_from_topic)
        self.corroborate(chosen, recurrences)
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
            analysis=analysis_of(frame),
        )

    # -- sentences -------------------------------------------------------------------------

    def candidates(
        self, plan: QueryPlan, frame: QuestionFrame, hits: Sequence[Hit]
    ) -> list[ScoredSentence]:
        """Every sentence of the hits' passages, scored; those that answer first, best first."""
        return score_sentences(self.settings, self.reader, plan, frame, hits)

    def supported(self, candidates: Sequence[ScoredSentence]) -> bool:
        """Whether a sentence answers the question and carries enough of it to be an answer."""
        answering = [c for c in candidates if c.answers]
        best = max(answering, key=lambda c: c.support, default=None)
        return best is not None and best.support >= self.settings.min_support

    def choose(
        self, candidates: list[ScoredSentence], about_subject: bool = False
    ) -> list[ScoredSentence]:
        """The best sentences (up to `max_sentences`), near-duplicates merged as citations.

        The first answers the question best; the others must carry its main focus too (and, for
        a question about the subject, which every sentence carries, answer it as well), and those
        that only talk about the topic, or lean on the sentence before, come last.
        """
        settings = self.settings
        best = candidates[0].score
        chosen: list[ScoredSentence] = []
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
                    twin.citations.append(citation_of(candidate.hit, candidate.facts))
                continue
            if not chosen or (
                len(chosen) < settings.max_sentences
                and candidate.evidence.main
                and (candidate.answers or not about_subject)
                and candidate.score >= settings.keep_relative_to_best * best
                and (candidate.coverage >= settings.min_support * settings.sentence_support_share)
            ):
                candidate.citations.append(citation_of(candidate.hit, candidate.facts))
                chosen.append(candidate)
        first, rest = chosen[0], chosen[1:]
        return [first, *sorted(rest, key=lambda c: (c.terms.meta, leans_on_context(c.text)))]

    def corroborate(self, chosen: list[ScoredSentence], recurrences: Recurrences) -> None:
        """Cite every article that says a chosen sentence, not only those among the best passages.

        Passages sharing a sentence's rarest words are looked up; a sentence of theirs that is a
        near-duplicate becomes another citation (each quoted sentence is cited once only), so
        "said by N of M articles" counts them all.
        """
        cited = {(c.passage_id, c.start) for candidate in chosen for c in candidate.citations}
        elsewhere = recurrences([c.facts.stems for c in chosen])
        for candidate in chosen:
            for hit in elsewhere:
                for facts in self.reader.sentences(hit.passage):
                    key = (hit.passage.passage_id, facts.start)
                    if key not in cited and near_duplicates(
                        candidate.facts.stems, facts.stems, self.settings
                    ):
                        candidate.citations.append(citation_of(hit, facts))
                        cited.add(key)

    # -- weighing the question -----------------------------------------------------------------

    def _known_share(self, concepts: Sequence[Concept], unseen: float) -> float:
        """The share of the question's focus and constraints (by weight) the articles contain."""
        total = sum(asked_weight(c, self.settings, unseen) for c in concepts)
        return sum(c.weight for c in concepts if present_in_articles(c)) / total if total else 0.0

    # -- not covered and related ---------------------------------------------------------------

    def missing(
        self, plan: QueryPlan, frame: QuestionFrame, candidates: Sequence[ScoredSentence]
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
            analysis=analysis_of(frame),
        )


def analysis_of(frame: QuestionFrame) -> QuestionAnalysis:
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


def citation_of(hit: Hit, facts: SentenceFacts) -> Citation:
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
