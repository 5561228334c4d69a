"""The engine: one object that opens a corpus and serves search, answers, topics and articles.

The CLI and the app both talk to an Engine; tests build one in memory. It also heals a damaged
index: when a search fails inside Whoosh, the index is rebuilt once and the search retried.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ketamine_tui.errors import CorpusError, KetamineTuiError, NotFoundError, SearchIndexError
from ketamine_tui.index import CorpusIndex, Progress, build_in_memory, open_or_build
from ketamine_tui.models import Article, Passage, SearchResult, Section
from ketamine_tui.search import Searcher

if TYPE_CHECKING:  # built by answer.py and topics.py, which load on first use
    from ketamine_tui.answer import Answerer
    from ketamine_tui.answer_models import Answer, RelatedQuestion, Topic

T = TypeVar("T")


class Engine:
    """Search, answers, topics and article text over one corpus."""

    def __init__(self, corpus_index: CorpusIndex) -> None:
        self._index = corpus_index
        self._searcher = Searcher(corpus_index)
        # One question or search at a time: the app runs them in worker threads that overlap.
        self._lock = threading.RLock()
        self._topic_problems: tuple[str, ...] = ()
        self._signature: tuple[tuple[str, int, int], ...] | None = None

    @classmethod
    def open(
        cls,
        corpus_dir: Path | str | None = None,
        cache: Path | None = None,
        progress: Progress | None = None,
        rebuild: bool = False,
    ) -> Engine:
        """Open (building when needed) the cached index of a corpus folder."""
        from ketamine_tui.paths import default_corpus

        root = Path(corpus_dir) if corpus_dir is not None else default_corpus()
        signature = _signature(root)  # before reading: a change while opening counts too
        engine = cls(open_or_build(root, cache, progress=progress, rebuild=rebuild))
        engine._signature = signature
        return engine

    @classmethod
    def in_memory(cls, corpus_dir: Path | str, progress: Progress | None = None) -> Engine:
        """An engine over an index held in memory (nothing written to disk)."""
        from ketamine_tui.corpus import load_corpus

        signature = _signature(Path(corpus_dir))
        engine = cls(build_in_memory(load_corpus(corpus_dir), progress))
        engine._signature = signature
        return engine

    def changed_on_disk(self) -> bool:
        """Whether the corpus files changed since the engine opened (names, sizes, times)."""
        return self._signature is not None and _signature(self.root) != self._signature

    # -- what the corpus holds -------------------------------------------------------------------

    @property
    def index(self) -> CorpusIndex:
        """The opened index (articles, stats, build report, warnings)."""
        return self._index

    @property
    def root(self) -> Path:
        """The corpus folder."""
        return self._index.root

    @property
    def articles(self) -> tuple[Article, ...]:
        """The articles, in manifest order."""
        return self._index.articles

    def article(self, source_id: str) -> Article:
        """The article with this id; NotFoundError names the known ids otherwise."""
        article = self._index.article(source_id)
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
        return self._healing(lambda: self._searcher.passages_of(source_id))

    @cached_property
    def topics(self) -> tuple[Topic, ...]:
        """The FAQ topics: `topics.toml`, or topics made from the articles' headings.

        `topics.toml` is optional, so a malformed one is a warning (`topic_problems`): the
        articles stay usable, with topics made from their headings.
        """
        from ketamine_tui.topics import load_topics, topics_from_headings

        try:
            loaded = load_topics(self.root)
        except CorpusError as exc:
            self._topic_problems = (f"{exc.message}; using topics made from the headings",)
            loaded = ()
        return loaded or topics_from_headings(self.articles)

    @property
    def topic_problems(self) -> tuple[str, ...]:
        """Why `topics.toml` could not be used (empty until the topics are first loaded)."""
        return self._topic_problems

    @property
    def warnings(self) -> tuple[str, ...]:
        """Problems met while reading the corpus, its topics or opening the index, one line each."""
        return self._index.problems + self._index.warnings + self._topic_problems

    # -- search and answers ------------------------------------------------------------------------

    @property
    def searcher(self) -> Searcher:
        """The searcher over the current index."""
        return self._searcher

    @cached_property
    def _answerer(self) -> Answerer:
        from ketamine_tui.answer import Answerer

        return Answerer(self._searcher, self.topics)

    def search(self, query: str, limit: int = 10, source: str | None = None) -> SearchResult:
        """The best passages for a query."""
        return self._healing(lambda: self._searcher.search(query, limit, source))

    def ask(self, question: str) -> Answer:
        """An extractive, cited answer to a question (or `answered=False`)."""
        return self._healing(lambda: self._answerer.ask(question))

    def related(self, query: str, limit: int = 5) -> tuple[RelatedQuestion, ...]:
        """FAQ questions close to a query (or one per topic when none is close)."""
        return self._healing(
            lambda: self._answerer.related(self._searcher.parse(query), limit, fallback=True)
        )

    def _healing(self, action: Callable[[], T]) -> T:
        """Run a search; if the index turns out damaged, rebuild it once and run it again."""
        with self._lock:
            try:
                return action()
            except KetamineTuiError:
                raise
            except Exception as first:
                try:
                    self._replace_index(self._index.rebuilt())
                except KetamineTuiError:
                    raise
                except Exception as exc:
                    raise SearchIndexError(
                        f"the index is damaged and could not be rebuilt: {exc}"
                    ) from first
                return action()

    def _replace_index(self, corpus_index: CorpusIndex) -> None:
        old = self._searcher
        self._index = corpus_index
        self._searcher = Searcher(corpus_index)
        self.__dict__.pop("_answerer", None)
        old.close()

    def close(self) -> None:
        """Release the index files (after any search or question in progress)."""
        with self._lock:
            self._searcher.close()


def _signature(root: Path) -> tuple[tuple[str, int, int], ...] | None:
    """The corpus folder's stat signature, or None when it cannot be listed."""
    from ketamine_tui.corpus_files import stat_signature

    try:
        return stat_signature(root)
    except OSError:
        return None
