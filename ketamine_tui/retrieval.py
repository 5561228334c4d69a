"""Retrieval: the backend's candidate passages for a plan, and where a sentence recurs.

A plan's concepts become a `BackendQuery`: required (quoted) concepts AND-ed, the others OR-ed,
each as weighted leaves in every field where they occur. Words found in most passages, and the
question words' cues, are left out of it (they rank nothing and only cost time); they still
re-rank the candidates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ketamine_tui.analysis import Concept, IndexStatistics, QueryPlan
from ketamine_tui.backend import FIELDS, Backend, BackendQuery, Candidate, Leaf
from ketamine_tui.settings import Settings


class Retriever:
    """Builds backend queries from plans over one backend and its statistics."""

    def __init__(self, backend: Backend, statistics: IndexStatistics, settings: Settings) -> None:
        self.backend = backend
        self.statistics = statistics
        self.settings = settings

    def searchable(self, plan: QueryPlan) -> list[Concept]:
        """The concepts worth a backend query: known ones, without those in most passages.

        A word found in over half the passages ("ketamine" here) ranks nothing and makes the
        backend score nearly every passage; it is left out unless nothing else is asked. Question
        cues only re-rank: with nothing else specific ("Who is ketamine for?") the generic words
        must still bring passages in.
        """
        concepts = [c for c in plan.concepts if c.known or c.required]
        specific = [c for c in concepts if c.required or not _generic(c, plan)]
        return specific if any(c.primary for c in specific) else concepts

    def fetch(self, limit: int) -> int:
        """How many candidates the backend is asked for, for `limit` hits after re-ranking."""
        return max(limit * self.settings.candidates_per_hit, self.settings.min_candidates)

    def candidates(
        self, concepts: Sequence[Concept], limit: int, source_id: str | None = None
    ) -> list[Candidate]:
        """Enough candidates for `limit` hits after re-ranking, from the backend."""
        return self.backend.candidates(self.query(concepts), self.fetch(limit), source_id)

    def pool(self, concepts: Sequence[Concept], limit: int, articles: int) -> list[Candidate]:
        """Candidates enough for `limit` hits in each of `articles` articles (one backend query).

        Its first `fetch(limit)` are `candidates(concepts, limit)`: the backend's best for a
        longer limit start with its best for a shorter one.
        """
        return self.backend.candidates(self.query(concepts), self.fetch(limit) * max(1, articles))

    def by_article(
        self,
        concepts: Sequence[Concept],
        limit: int,
        pooled: list[Candidate],
        source_ids: Sequence[str],
        most: int,
        keep: Iterable[str] = (),
    ) -> dict[str, list[Candidate]]:
        """A pool's candidates of up to `most` articles, each as `candidates(…, source_id)` finds.

        The backend scores a passage the same with or without an article filter, so the pooled
        candidates of an article are its own, as long as the pool (`pool(concepts, limit,
        most)`) was not cut short before them; an article that may have lost some gets a query
        of its own. With more articles than `most`, those in `keep` and then those whose
        passages come first in the pool are taken; the result follows the order of `source_ids`.
        """
        fetch = self.fetch(limit)
        pool_size = fetch * max(1, min(len(source_ids), most))
        if len(source_ids) > most:
            ranked = dict.fromkeys([*keep, *(c.passage.source_id for c in pooled)])
            taken = set(list(ranked)[:most])
            source_ids = [s for s in source_ids if s in taken]
        found: dict[str, list[Candidate]] = {source: [] for source in source_ids}
        for candidate in pooled:
            found.get(candidate.passage.source_id, []).append(candidate)
        cut_short = len(pooled) >= pool_size
        for source, own in found.items():
            if cut_short and len(own) < fetch:
                found[source] = self.backend.candidates(self.query(concepts), fetch, source)
            else:
                del own[fetch:]
        return found

    def query(self, concepts: Sequence[Concept]) -> BackendQuery:
        """The backend query: each required concept a group of its own, the rest optional.

        Each (field, stems) leaf appears once, at its highest boost, and leaves that match no
        passage are left out: a synonym the articles never use costs time and finds nothing.
        """
        required = tuple(self._leaves([c]) for c in concepts if c.required)
        optional = self._leaves(
            [c for c in concepts if not c.required and (c.primary or c.recruits)]
        )
        return BackendQuery(required, optional)

    def _leaves(self, concepts: Iterable[Concept]) -> tuple[Leaf, ...]:
        df = self.statistics.df
        boosts: dict[tuple[str, tuple[str, ...]], float] = {}
        for concept in concepts:
            weighted = [(seq, 1.0) for seq in concept.primary]
            boost = self.settings.type_boost if concept.recruits else self.settings.synonym_boost
            weighted += [(seq, boost) for seq in self._recruiting(concept)]
            for seq, boost in weighted:
                for field in FIELDS:
                    if all(df(field, s) for s in seq):
                        key = (field, seq)
                        boosts[key] = max(boosts.get(key, 0.0), boost)
        return tuple(Leaf(field, seq, boost) for (field, seq), boost in boosts.items())

    def _recruiting(self, concept: Concept) -> list[tuple[str, ...]]:
        """The synonyms that may bring passages in: the most specific few.

        A common word such as "work" has over a dozen, and every backend leaf costs time. All of
        them still re-rank.
        """
        df = self.statistics.df
        known = [seq for seq in concept.alternates if all(df("body", s) for s in seq)]
        known.sort(key=lambda seq: max(df("body", s) for s in seq))
        return known[: self.settings.recruiting_synonyms]

    def recurring_any(self, sentences: Sequence[frozenset[str]], limit: int) -> list[Candidate]:
        """Passages that share the rarest stems of any of these sentences (one backend query)."""
        df = self.statistics.df
        words: dict[str, None] = {}
        for sentence_stems in sentences:
            # Ties are broken by the stem itself: a set's order changes with the hash seed.
            rarest = sorted(
                (w for w in sentence_stems if df("body", w)), key=lambda w: (df("body", w), w)
            )
            words.update(dict.fromkeys(rarest[: self.settings.recurrence_words]))
        if not words:
            return []
        leaves = tuple(Leaf("body", (w,)) for w in words)
        return self.backend.candidates(BackendQuery(optional=leaves), limit)


def _generic(concept: Concept, plan: QueryPlan) -> bool:
    """Whether a concept's own words are all in most passages (cues, with none, are not)."""
    return bool(concept.primary) and not any(
        s in plan.specific for seq in concept.primary for s in seq
    )
