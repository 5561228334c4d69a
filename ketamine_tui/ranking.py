"""Ranking: the backend's candidates re-ranked by a list of stages, then put in order.

Each stage takes the plan's concepts and the candidates and returns candidates (dropped,
rescored or both). The default stages drop passages that miss a required phrase and scale the
backend's score by how much of the question (weighted by rarity) a passage covers. A ranking
idea is a new stage in the list, measured with `ketamine-tui eval`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ketamine_tui.analysis import Concept, concept_credit
from ketamine_tui.backend import Candidate
from ketamine_tui.lru import LRU
from ketamine_tui.models import Passage
from ketamine_tui.settings import Settings
from ketamine_tui.words import stem_spans, stems

ANALYSED_CACHE_SIZE = 20_000


@dataclass(frozen=True)
class AnalysedPassage:
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


class Stage(Protocol):
    """One re-ranking step: candidates in, candidates out."""

    def __call__(self, concepts: Sequence[Concept], candidates: list[Candidate]) -> list[Candidate]:
        """The candidates after this step."""
        ...


class RequirePhrases:
    """Drops candidates that do not contain every required (quoted) concept."""

    def __init__(self, analyses: PassageAnalyses, settings: Settings) -> None:
        self.analyses = analyses
        self.settings = settings

    def __call__(self, concepts: Sequence[Concept], candidates: list[Candidate]) -> list[Candidate]:
        """The candidates that have every required concept."""
        required = [c for c in concepts if c.required]
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

    def __init__(self, analyses: PassageAnalyses, settings: Settings) -> None:
        self.analyses = analyses
        self.settings = settings

    def __call__(self, concepts: Sequence[Concept], candidates: list[Candidate]) -> list[Candidate]:
        """The candidates, rescored."""
        settings = self.settings
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


def default_stages(analyses: PassageAnalyses, settings: Settings) -> tuple[Stage, ...]:
    """The stages the engine ranks with, in order."""
    return (RequirePhrases(analyses, settings), ScaleByCoverage(analyses, settings))


def rank(
    stages: Sequence[Stage], concepts: Sequence[Concept], candidates: list[Candidate]
) -> list[Candidate]:
    """The candidates through every stage, best first (ties in passage order, for stability)."""
    for stage in stages:
        candidates = stage(concepts, candidates)
    return sorted(candidates, key=lambda c: (-c.score, c.passage.passage_id))
