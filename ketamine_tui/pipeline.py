"""The pipeline: the stages over one opened index, and a query's way down them.

Query analysis (a plan) and question analysis (a frame) → retrieval (the backend's candidates) →
ranking (the re-ranking stages, traced when an explanation asks) → snippets (hits). The engine
holds one pipeline per opened index (a rebuilt index gets a new one) and runs every call through
it under its lock; the sentence reader and the question taxonomy load on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ketamine_tui.analysis import Concept, IndexStatistics, QueryAnalyzer, QueryPlan
from ketamine_tui.backend import Backend, Candidate
from ketamine_tui.index import CorpusIndex
from ketamine_tui.lru import LRU
from ketamine_tui.models import Hit, SearchResult, Snippet
from ketamine_tui.ranking import (
    PassageAnalyses,
    RankQuery,
    RankTrace,
    Stage,
    default_stages,
    rank,
)
from ketamine_tui.retrieval import Retriever
from ketamine_tui.settings import Settings
from ketamine_tui.snippets import make_hits

# Texts whose plan and frame are kept: searching as one types, then asking what was typed (and
# the related questions of a search that found nothing) frame the same text, and one frame object
# lets a sentence's evidence for it be weighed once (`evidence.weigh`).
FRAMED_CACHE_SIZE = 64
# A hit moved ahead by the answer scores this much above the hit it now precedes.
LEAD_MARGIN = 1.01
ANSWER_LEAD = "answer lead"  # its step in a ranking trace

if TYPE_CHECKING:  # the taxonomy and sentence reading load on the first question
    from ketamine_tui.answer import Answerer
    from ketamine_tui.answer_models import Answer
    from ketamine_tui.evidence import SentenceReader
    from ketamine_tui.question import QuestionAnalyzer, QuestionFrame
    from ketamine_tui.topics import Topic


def asks(plan: QueryPlan, frame: QuestionFrame) -> bool:
    """Whether a query is put as a question: by how it asks ("how long", "can I") or a "?"."""
    return frame.asked or plan.text.rstrip().endswith("?")


class Pipeline:
    """The stages over one opened index (made anew when the index is rebuilt)."""

    def __init__(
        self,
        corpus_index: CorpusIndex,
        backend: Backend,
        settings: Settings,
        topics: Sequence[Topic] = (),
    ) -> None:
        self.corpus_index = corpus_index
        self.topics = tuple(topics)
        self.backend = backend
        self.statistics = IndexStatistics(backend, settings)
        self.analyzer = QueryAnalyzer(self.statistics, corpus_index.synonym_stems, settings)
        self.retriever = Retriever(backend, self.statistics, settings)
        self.settings = settings
        self.analyses = PassageAnalyses()
        self.ranking: tuple[Stage, ...] = default_stages(
            self.analyses, lambda: self.reader, settings
        )
        self._reader: SentenceReader | None = None
        self._questions: QuestionAnalyzer | None = None
        self._answerer: Answerer | None = None
        self._framed: LRU[str, tuple[QueryPlan, QuestionFrame]] = LRU(FRAMED_CACHE_SIZE)

    @property
    def reader(self) -> SentenceReader:
        """Each passage's sentences, read with the question taxonomy (made on first use)."""
        if self._reader is None:
            from ketamine_tui.answer_types import taxonomy
            from ketamine_tui.evidence import SentenceReader

            self._reader = SentenceReader(taxonomy())
        return self._reader

    @property
    def questions(self) -> QuestionAnalyzer:
        """Question analysis (made on first use: it reads the question taxonomy)."""
        if self._questions is None:
            from ketamine_tui.question import QuestionAnalyzer

            self._questions = QuestionAnalyzer(self.settings, self.reader.kinds)
        return self._questions

    @property
    def answerer(self) -> Answerer:
        """The answer stage (made on the first question: a search never needs it)."""
        if self._answerer is None:
            from ketamine_tui.answer import Answerer

            articles = len(self.corpus_index.articles)
            self._answerer = Answerer(self.settings, self.topics, articles, self.reader)
        return self._answerer

    def framed(self, text: str) -> tuple[QueryPlan, QuestionFrame]:
        """A question's plan and frame (the same objects for the same text, while kept)."""
        return self._framed.get_or_make(text, lambda: self._frame(text))

    def _frame(self, text: str) -> tuple[QueryPlan, QuestionFrame]:
        plan = self.analyzer.plan(text)
        return plan, self.questions.frame(plan)

    def search(
        self, query: str, limit: int, source: str | None = None, trace: RankTrace | None = None
    ) -> SearchResult:
        """The best `limit` passages for a query (a query with nothing to search finds none)."""
        plan, frame = self.framed(query)
        if not self.retriever.searchable(plan):
            return SearchResult(plan.text, (), plan.corrected, ())
        considered = self.settings.passages_considered
        hits = self.hits(plan, frame, max(limit, considered), source, trace)
        hits = self._led_by_answer(plan, frame, hits, trace)[:limit]
        return SearchResult(plan.text, hits, plan.corrected, tuple(sorted(plan.match_stems)))

    def _led_by_answer(
        self,
        plan: QueryPlan,
        frame: QuestionFrame,
        hits: tuple[Hit, ...],
        trace: RankTrace | None = None,
    ) -> tuple[Hit, ...]:
        """The hits led by the first `answer_lead` passages the question's answer quotes.

        Only for a question (see `asks`): a keyword query names a topic, and its best passages are
        the ones ranking finds. A question asks something, and the answer weighs each sentence
        against what it asks, which passage ranking only estimates: leading with the passages it
        quotes puts first where the answer comes from. It is the answer `ask` gives whenever the
        search's best `passages_considered` hits are ask's (by default, a search of up to 10
        fetches the same candidates). A moved hit's score is raised just above the one it now
        precedes (the "answer lead" step of a trace).
        """
        most, settings = self.settings.answer_lead, self.settings
        if most <= 0 or not hits or not asks(plan, frame):
            return hits
        quoted = self.answerer.quoted_passages(plan, frame, hits[: settings.passages_considered])
        lead = quoted[:most]
        if not lead:
            return hits
        by_id = {h.passage.passage_id: h for h in hits}
        order = [by_id[p] for p in lead] + [h for h in hits if h.passage.passage_id not in lead]
        scores = [h.score for h in order]
        for i in reversed(range(len(lead))):
            if i + 1 < len(scores) and scores[i] <= scores[i + 1]:
                scores[i] = round(scores[i + 1] * LEAD_MARGIN, 4)
        led = tuple(
            h._replace(rank=rank, score=score)
            for rank, (h, score) in enumerate(zip(order, scores, strict=True), start=1)
        )
        if trace is not None:
            trace.record_scores(ANSWER_LEAD, {h.passage.passage_id: h.score for h in led})
        return led

    def answer(
        self, answerer: Answerer, plan: QueryPlan, frame: QuestionFrame
    ) -> tuple[Answer, tuple[Hit, ...]]:
        """The answer to a framed question, and the hits it was made from (none if prechecked)."""
        early = answerer.precheck(plan, frame)
        if early is not None:
            return early, ()
        hits = self.hits(plan, frame, self.settings.passages_considered)
        return answerer.answer(plan, frame, hits, self.recurrences_of_all), hits

    def searched(self, plan: QueryPlan, frame: QuestionFrame) -> list[Concept]:
        """The concepts a framed plan searches with (none: nothing worth a backend query)."""
        concepts = self.retriever.searchable(plan)
        if not concepts and not frame.focus_from_topic:
            return []
        # "Where can I get it?" names only the subject: its type's words find the passages
        return [*concepts, *self.questions.type_concepts(frame, plan)]

    def hits(
        self,
        plan: QueryPlan,
        frame: QuestionFrame,
        limit: int,
        source: str | None = None,
        trace: RankTrace | None = None,
    ) -> tuple[Hit, ...]:
        """Retrieval, ranking and snippets: the best `limit` hits of a framed plan."""
        concepts = self.searched(plan, frame)
        if not concepts:
            return ()
        candidates = self.retriever.candidates(concepts, limit, source)
        query = self._rank_query(frame, concepts)
        return self._ranked(plan, query, candidates, limit, trace)

    def compared_hits(
        self, plan: QueryPlan, frame: QuestionFrame
    ) -> tuple[tuple[Hit, ...], Callable[[], dict[str, tuple[Hit, ...]]]]:
        """The question's best hits (as `hits` finds them), and each compared article's hits.

        One backend query serves both: the question's best candidates are the first of the
        pool. The articles' hits are made on demand (only a covered question needs them), at
        most `compare_articles` articles: those of the best hits first, then those with the
        best passages; each as `hits(…, source)` finds them.
        """
        concepts = self.searched(plan, frame)
        if not concepts:
            return (), dict
        limit, retriever = self.settings.passages_considered, self.retriever
        ids = [a.source_id for a in self.corpus_index.articles]
        most = self.settings.compare_articles
        pooled = retriever.pool(concepts, limit, min(len(ids), most))
        query = self._rank_query(frame, concepts)
        best = self._ranked(plan, query, pooled[: retriever.fetch(limit)], limit)

        def by_article() -> dict[str, tuple[Hit, ...]]:
            keep = [h.passage.source_id for h in best]
            found = retriever.by_article(concepts, limit, pooled, ids, most, keep)
            return {s: self._ranked(plan, query, c, limit) for s, c in found.items()}

        return best, by_article

    def _rank_query(self, frame: QuestionFrame, concepts: list[Concept]) -> RankQuery:
        """What ranking weighs: the concepts, words that only phrase the question weighing less."""
        return RankQuery(self.questions.rank_weights(frame, concepts), frame)

    def _ranked(
        self,
        plan: QueryPlan,
        query: RankQuery,
        candidates: list[Candidate],
        limit: int,
        trace: RankTrace | None = None,
    ) -> tuple[Hit, ...]:
        """Candidates re-ranked, the best `limit` of them as hits with snippets."""
        ranked = rank(self.ranking, query, candidates, trace)
        return make_hits(
            ranked[:limit],
            plan.match_stems,
            self.analyses,
            self.corpus_index.article,
            self.settings.snippet_chars,
        )

    def recurrences_of_all(self, sentences: Sequence[frozenset[str]]) -> list[Hit]:
        """Passages that may say any of these sentences again (one lookup for all of them)."""
        limit = self.settings.corroboration_passages * len(sentences)
        return self._bare_hits(self.retriever.recurring_any(sentences, limit))

    def _bare_hits(self, found: Sequence[Candidate]) -> list[Hit]:
        """Candidates as hits with their article's title and file (no score, no snippet)."""
        article = self.corpus_index.article
        hits = []
        for number, candidate in enumerate(found, start=1):
            passage = candidate.passage
            known = article(passage.source_id)
            title, file = (known.title, known.file) if known else (passage.source_id, "")
            hits.append(Hit(number, 0.0, passage, title, file, Snippet("")))
        return hits
