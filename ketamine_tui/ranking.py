"""Ranking: the backend's candidates re-ranked by a list of stages, then put in order.

Each stage takes the query (the searched concepts and the question's frame) and the candidates
and returns candidates (dropped, rescored or both). The default stages drop passages that miss a
required phrase, scale the backend's score by how much of the question (weighted by rarity) a
passage covers, and raise the passages with a sentence that answers what the question asks (its
focus, with the evidence its type needs). A ranking idea is a new stage in the list, measured
with `ketamine-tui eval`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol

from ketamine_tui.analysis import Concept, concept_credit
from ketamine_tui.backend import Candidate
from ketamine_tui.lru import LRU
from ketamine_tui.models import Passage
from ketamine_tui.settings import Settings
from ketamine_tui.words import stem_spans, stems

if TYPE_CHECKING:  # the taxonomy and sentence reading load only for a question with a type
    from ketamine_tui.evidence import SentenceReader
    from ketamine_tui.question import QuestionFrame

ANALYSED_CACHE_SIZE = 20_000


class AnalysedPassage(NamedTuple):
    """A passage's stems (body and section heading) and each body stem's character range."""

    stems: frozenset[str]
    spans: tuple[tuple[str, int, int], ...]


class PassageAnalyses:
    """Each passage's stems and spans, worked out once (an opened index never changes)."""

    def __init__(self, size: int = ANALYSED_CACHE_SIZE) -> None:
        self._cache: LRU[str, AnalysedPassage] = LRU(size)

    def of(self, passage: Passage) -> AnalysedPassage:
        """The stems and spans of a passage."""
        return self._cache.get_or_make(passage.passage_id, lambda: _analyse(passage))


def _analyse(passage: Passage) -> AnalysedPassage:
    spans = tuple(stem_spans(passage.text))
    return AnalysedPassage(
        frozenset(s for s, _, _ in spans) | frozenset(stems(passage.section)), spans
    )


class RankQuery(NamedTuple):
    """What the candidates are ranked for: the searched concepts, and the question's frame."""

    concepts: Sequence[Concept]
    frame: QuestionFrame | None = None


class Stage(Protocol):
    """One re-ranking step: candidates in, candidates out (its `name` says what it weighs)."""

    name: str

    def __call__(self, query: RankQuery, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates after this step."""
        ...


class RequirePhrases:
    """Drops candidates that do not contain every required (quoted) concept."""

    name = "required phrases"

    def __init__(self, analyses: PassageAnalyses, settings: Settings) -> None:
        self.analyses = analyses
        self.settings = settings

    def __call__(self, query: RankQuery, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates that have every required concept."""
        required = [c for c in query.concepts if c.required]
        credit = self.settings.synonym_credit
        return [
            c
            for c in candidates
            if not any(
                not concept_credit(r, self.analyses.of(c.passage).stems, credit) for r in required
            )
        ]


class ScaleByCoverage:
    """Scales each backend score by the share of the question's weight a passage covers.

    score × (floor + covered weight / total weight) ^ power: a passage that matches one rare
    word many times loses to one that matches all of the question.
    """

    name = "coverage"

    def __init__(self, analyses: PassageAnalyses, settings: Settings) -> None:
        self.analyses = analyses
        self.settings = settings

    def __call__(self, query: RankQuery, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates, rescored."""
        settings = self.settings
        concepts = query.concepts
        total_weight = sum(c.weight for c in concepts) or 1.0
        rescored = []
        for candidate in candidates:
            present = self.analyses.of(candidate.passage).stems
            coverage = sum(
                concept_credit(c, present, settings.synonym_credit) * c.weight for c in concepts
            )
            share = settings.coverage_floor + coverage / total_weight
            rescored.append(
                candidate._replace(score=candidate.score * share**settings.coverage_power)
            )
        return rescored


class ByEvidence:
    """Raises the best candidates that have a sentence answering what the question asks.

    Of the `evidence_candidates` best-scored candidates, one with a sentence that carries the
    question's focus and shows the evidence its type asks for gains the most; one whose sentence
    carries the focus without it, less. A keyword query (no type) is left as it is.
    """

    name = "evidence"

    def __init__(self, reader: SentenceReader, settings: Settings) -> None:
        self.reader = reader
        self.settings = settings

    def __call__(self, query: RankQuery, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates, the best of them rescored by their sentences' evidence."""
        from ketamine_tui.evidence import main_in_own_words, main_unit, weigh

        frame, settings = query.frame, self.settings
        if frame is None or frame.type is None or not candidates:
            return candidates
        ordered = sorted(candidates, key=lambda c: (-c.score, c.passage.passage_id))
        head, tail = (
            ordered[: settings.evidence_candidates],
            ordered[settings.evidence_candidates :],
        )
        main = main_unit(frame)
        rescored = []
        for candidate in head:
            best = 0.0
            for sentence in self.reader.sentences(candidate.passage):
                evidence = weigh(frame, sentence)
                if evidence.answers(frame):
                    value = 0.5 + 0.5 * evidence.typed
                elif evidence.main:
                    value = 0.25
                else:
                    continue
                if main is not None and not main_in_own_words(main, sentence.stems):
                    value *= settings.synonym_credit  # a synonym of the focus, not the focus
                best = max(best, value)
            rescored.append(
                candidate._replace(score=candidate.score * (1 + settings.evidence_boost * best))
            )
        return rescored + tail


def default_stages(
    analyses: PassageAnalyses, reader: Callable[[], SentenceReader], settings: Settings
) -> tuple[Stage, ...]:
    """The stages the engine ranks with, in order (the sentence reader is made when needed)."""
    return (
        RequirePhrases(analyses, settings),
        ScaleByCoverage(analyses, settings),
        _Lazy(ByEvidence.name, lambda: ByEvidence(reader(), settings)),
    )


class _Lazy:
    """A stage made on its first call (the evidence stage needs the question taxonomy)."""

    def __init__(self, name: str, make: Callable[[], Stage]) -> None:
        self.name = name
        self._make = make
        self._stage: Stage | None = None

    def __call__(self, query: RankQuery, candidates: list[Candidate]) -> list[Candidate]:
        """The made stage's candidates (a keyword query never makes it)."""
        if query.frame is None or query.frame.type is None:
            return candidates
        if self._stage is None:
            self._stage = self._make()
        return self._stage(query, candidates)


class RankTrace:
    """Each candidate's score from the backend and after every stage (kept only when asked).

    The normal path passes no trace and pays nothing; an explanation passes one and reads, for a
    passage, the backend's score and the factor each stage multiplied it by.
    """

    def __init__(self) -> None:
        self.backend: dict[str, float] = {}
        self.stages: list[tuple[str, dict[str, float]]] = []

    def record(self, stage: str | None, candidates: Sequence[Candidate]) -> None:
        """The scores after a stage (`None`: as the backend gave them)."""
        scores = {c.passage.passage_id: c.score for c in candidates}
        if stage is None:
            self.backend = scores
        else:
            self.stages.append((stage, scores))

    def record_scores(self, stage: str, scores: dict[str, float]) -> None:
        """The scores after a step outside the stage list (the answer's lead of a search)."""
        self.stages.append((stage, scores))

    def factors(self, passage_id: str) -> tuple[tuple[str, float], ...]:
        """(stage, factor) for each stage a passage went through: its score after / before."""
        before = self.backend.get(passage_id)
        found = []
        for stage, scores in self.stages:
            after = scores.get(passage_id)
            if before is None or after is None:
                break  # dropped by the stage before
            found.append((stage, after / before if before else 1.0))
            before = after
        return tuple(found)


def rank(
    stages: Sequence[Stage],
    query: RankQuery,
    candidates: list[Candidate],
    trace: RankTrace | None = None,
) -> list[Candidate]:
    """The candidates through every stage, best first (ties in passage order, for stability)."""
    if trace is not None:
        trace.record(None, candidates)
    for stage in stages:
        candidates = stage(query, candidates)
        if trace is not None:
            trace.record(stage.name, candidates)
    return sorted(candidates, key=lambda c: (-c.score, c.passage.passage_id))
