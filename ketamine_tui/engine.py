"""The engine: one object that opens a corpus and serves search, answers, topics and articles.

The CLI, the app and the tests all talk to an Engine. A query travels down the stages once:
query analysis (a plan) → retrieval (the backend's candidates) → ranking → snippets (hits) →
answers. The engine owns the one lock (Whoosh readers share file objects, and the app's workers
overlap) and heals only what it can heal: when the backend reports a damaged index, the index is
rebuilt once and the call retried; any other error is left to surface as what it is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ketamine_tui.backend import Backend
from ketamine_tui.errors import (
    IndexDamagedError,
    KetamineTuiError,
    NotFoundError,
    QueryError,
    SearchIndexError,
)
from ketamine_tui.index import CorpusIndex, build_in_memory, open_or_build
from ketamine_tui.index_build import Progress
from ketamine_tui.models import Article, Passage, SearchResult, Section
from ketamine_tui.query import MAX_LIMIT
from ketamine_tui.settings import DEFAULT_SETTINGS, Settings

if TYPE_CHECKING:  # built by answer.py and topics.py, which load on first use
    from ketamine_tui.analysis import QueryPlan
    from ketamine_tui.answer_models import Answer, RelatedQuestion
    from ketamine_tui.compare_models import Comparison
    from ketamine_tui.explain_models import AnswerExplanation, SearchExplanation
    from ketamine_tui.pipeline import Pipeline
    from ketamine_tui.topics import Topic

T = TypeVar("T")
BackendFactory = Callable[[CorpusIndex], Backend]


class Engine:
    """Search, answers, topics and article text over one corpus."""

    def __init__(
        self,
        corpus_index: CorpusIndex,
        topics: Sequence[Topic] = (),
        topic_problems: Sequence[str] = (),
        settings: Settings = DEFAULT_SETTINGS,
        backend: BackendFactory = CorpusIndex.open_backend,
        signature: tuple[tuple[str, int, int], ...] | None = None,
    ) -> None:
        self.settings = settings
        self.topics: tuple[Topic, ...] = tuple(topics)
        self.topic_problems: tuple[str, ...] = tuple(topic_problems)
        self._make_backend = backend
        self._lock = threading.RLock()
        # The backend opens now (a damaged index is found as the engine opens); the query stages
        # and their modules load with the first query, as opening the explorer needs neither.
        self._index = corpus_index
        self._backend = backend(corpus_index)
        self._pipeline: Pipeline | None = None
        # The corpus files as they were when opened (see `changed_on_disk`).
        self._signature = signature

    @classmethod
    def open(
        cls,
        corpus_dir: Path | str | None = None,
        cache: Path | None = None,
        progress: Progress | None = None,
        rebuild: bool = False,
        settings: Settings = DEFAULT_SETTINGS,
        topics: bool = True,
    ) -> Engine:
        """Open (building when needed) the cached index of a corpus folder, and its topics.

        The topics were read with the corpus and kept with its index. An engine only for
        searching and reading (`topics=False`) has none, and reports no problem of the FAQ file.
        """
        from ketamine_tui.paths import default_corpus

        root = Path(corpus_dir) if corpus_dir is not None else default_corpus()
        signature = _signature(root)  # before reading: a change while opening counts too
        corpus_index = open_or_build(root, cache, progress=progress, rebuild=rebuild)
        loaded = (corpus_index.topics, corpus_index.topic_problems) if topics else ((), ())
        return cls(corpus_index, *loaded, settings=settings, signature=signature)

    @classmethod
    def in_memory(
        cls,
        corpus_dir: Path | str,
        progress: Progress | None = None,
        settings: Settings = DEFAULT_SETTINGS,
        backend: BackendFactory = CorpusIndex.open_backend,
    ) -> Engine:
        """An engine over an index held in memory (nothing written to disk)."""
        from ketamine_tui.corpus import load_corpus

        signature = _signature(Path(corpus_dir))
        corpus_index = build_in_memory(load_corpus(corpus_dir), progress)
        topics, problems = corpus_index.topics, corpus_index.topic_problems
        return cls(corpus_index, topics, problems, settings, backend, signature)

    def changed_on_disk(self) -> bool:
        """Whether the corpus files changed since the engine opened (names, sizes, times)."""
        return self._signature is not None and _signature(self.root) != self._signature

    # -- what the corpus holds -------------------------------------------------------------------

    @property
    def index(self) -> CorpusIndex:
        """The opened index (articles, stats, build report, warnings)."""
        return self._index

    @property
    def backend(self) -> Backend:
        """The backend over the current index (the engine's lock guards every call of its own)."""
        return self._backend

    @property
    def _stages(self) -> Pipeline:
        """The query stages over the current index and backend, made on first use."""
        with self._lock:
            if self._pipeline is None:
                from ketamine_tui.pipeline import Pipeline

                self._pipeline = Pipeline(self._index, self._backend, self.settings, self.topics)
            return self._pipeline

    @property
    def root(self) -> Path:
        """The corpus folder."""
        return self.index.root

    @property
    def articles(self) -> tuple[Article, ...]:
        """The articles, in manifest order."""
        return self.index.articles

    @property
    def warnings(self) -> tuple[str, ...]:
        """Problems met while reading the corpus, its topics or opening the index, one line each."""
        return self.index.problems + self.index.warnings + self.topic_problems

    def article(self, source_id: str) -> Article:
        """The article with this id; NotFoundError names the known ids otherwise."""
        article = self.index.article(source_id)
        if article is None:
            known = ", ".join(a.source_id for a in self.articles)
            raise NotFoundError(f"no article with id {source_id!r} (known ids: {known})")
        return article

    def sections(self, source_id: str, name: str | None = None) -> tuple[Section, ...]:
        """An article's sections, or those whose title or slug is `name` (else NotFoundError)."""
        article = self.article(source_id)
        if name is None:
            return article.sections
        wanted = name.strip().lower()
        found = tuple(s for s in article.sections if wanted in (s.slug, s.title.lower()))
        if not found:
            names = "; ".join(s.title for s in article.sections)
            raise NotFoundError(f"{source_id} has no section {name!r} (sections: {names})")
        return found

    def passages(self, source_id: str) -> tuple[Passage, ...]:
        """The passages of an article in reading order (as indexed)."""
        self.article(source_id)
        return self._healing(lambda stages: stages.backend.passages_of(source_id))

    # -- search and answers ------------------------------------------------------------------------

    def plan(self, query: str) -> QueryPlan:
        """How a query is read: its concepts, their synonyms and families, corrections."""
        return self._healing(lambda stages: stages.analyzer.plan(query))

    def search(self, query: str, limit: int = 10, source: str | None = None) -> SearchResult:
        """The best passages for a query (at most `limit`, optionally from one article)."""
        self._check_search(limit, source)
        return self._healing(lambda stages: stages.search(query, limit, source))

    def explain_search(
        self, query: str, limit: int = 10, source: str | None = None
    ) -> SearchExplanation:
        """A search, and why each hit was found: words matched per field, scores per stage."""
        from ketamine_tui.explain import explain_search

        self._check_search(limit, source)
        return self._healing(lambda stages: explain_search(stages, query, limit, source))

    def _check_search(self, limit: int, source: str | None) -> None:
        """A QueryError for a limit out of range, a NotFoundError for an unknown article."""
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError(f"limit must be between 1 and {MAX_LIMIT} (got {limit})")
        if source is not None:
            self.article(source)

    def ask(self, question: str) -> Answer:
        """An extractive, cited answer to a question (or `answered=False`)."""

        return self._healing(lambda s: s.answer(s.answerer, *s.framed(question))[0])

    def explain_answer(self, question: str) -> AnswerExplanation:
        """An answer, and why: the features that chose its first sentence (or what is missing)."""
        from ketamine_tui.explain import explain_answer

        return self._healing(lambda stages: explain_answer(stages, stages.answerer, question))

    def compare(self, question: str) -> Comparison:
        """What each article says about a question, and the claims they share (or not covered).

        Covered exactly when `ask` answers the question, with the same reason when it does not.
        """
        from ketamine_tui.compare import Comparer

        def run(stages: Pipeline) -> Comparison:
            comparer = Comparer(stages.answerer, self.articles)
            return comparer.compare(stages, *stages.framed(question))

        return self._healing(run)

    def related(self, query: str, limit: int = 5) -> tuple[RelatedQuestion, ...]:
        """FAQ questions that share what a query asks about (none when nothing does)."""

        def run(stages: Pipeline) -> tuple[RelatedQuestion, ...]:
            plan, frame = stages.framed(query)
            return stages.answerer.related.to(plan, limit, frame)

        return self._healing(run)

    # -- healing -----------------------------------------------------------------------------------

    def _healing(self, action: Callable[[Pipeline], T]) -> T:
        """Run a call; if the backend reports a damaged index, rebuild it once and run it again."""
        with self._lock:
            try:
                return action(self._stages)
            except IndexDamagedError as damage:
                try:
                    rebuilt = self.index.rebuilt()
                except KetamineTuiError:
                    raise
                except Exception as exc:  # a rebuild fails inside the index's own domain
                    raise SearchIndexError(
                        f"the index is damaged and could not be rebuilt: {exc}"
                    ) from damage
                old = self._backend
                self._backend = self._make_backend(rebuilt)
                self._index = rebuilt
                self._pipeline = None
                old.close()
                return action(self._stages)

    def close(self) -> None:
        """Release the index files."""
        with self._lock:
            self._backend.close()


def _signature(root: Path) -> tuple[tuple[str, int, int], ...] | None:
    """The corpus folder's stat signature, or None when it cannot be listed."""
    from ketamine_tui.corpus_files import stat_signature

    try:
        return stat_signature(root)
    except OSError:
        return None
