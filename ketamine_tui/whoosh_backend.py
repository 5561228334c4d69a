"""The Whoosh backend: candidates, passages and statistics from an opened Whoosh index.

Every Whoosh call outside index building happens here. A failure inside Whoosh (a truncated
segment, a closed or vanished file) is raised as `IndexDamagedError`, the one error the engine
heals by rebuilding the index; any other error is a bug and is not disguised as damage.
Whoosh readers seek and read shared file objects: one caller at a time (the engine's lock).
"""

from __future__ import annotations

import contextlib
import functools
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

from ketamine_tui import _whoosh  # noqa: F401  (cheap Whoosh imports first)
from ketamine_tui.backend import BackendQuery, Candidate, Leaf
from ketamine_tui.errors import IndexDamagedError
from ketamine_tui.lru import LRU
from ketamine_tui.models import Passage

SPELLING_FIELD = "spell_body"  # Whoosh's field of the unstemmed words of `body`
TERM_INFO_CACHE_SIZE = 8_192  # per segment
PASSAGE_CACHE_SIZE = 20_000
# A tree of unions is faster for a few leaves; for many, Whoosh's preloading (its choice for
# small indexes) has the lower worst case.
PRELOAD_FROM_LEAVES = 12
# Whoosh's own bound for "small": up to this many passages its `Or` preloads many leaves into an
# array; above it, a tree of unions that skips what cannot make the results.
WHOOSH_PRELOADS_UP_TO = 5_000
# A leaf whose matches are read once, then replayed (`_remembered_class`): how many leaves are
# kept, and the most passages a leaf may match to be kept (a leaf as common as that costs more
# memory than the reading it saves).
REMEMBERED_LEAVES = 2_048
REMEMBERED_MATCHES = 4_096
# Leaves are replayed only in an index that Whoosh treats as small (it preloads, never skips): in
# a larger one its skipping, fed the replayed leaves' exact best scores instead of its estimates,
# takes other paths (exact, but slower for the comparisons' many leaves).
REMEMBER_UP_TO_PASSAGES = WHOOSH_PRELOADS_UP_TO

T = TypeVar("T")


class WhooshBackend:
    """The backend over one opened Whoosh index (see `backend.Backend`)."""

    def __init__(self, index: Any) -> None:
        self._searcher = self._guard(index.searcher)
        # Close the index files when this object is dropped without close() (tests, scripts).
        self._finalizer = weakref.finalize(self, _close_quietly, self._searcher)
        self._reader = self._searcher.reader()
        cache_term_lookups(self._reader)
        self._passages: LRU[int, Passage] = LRU(PASSAGE_CACHE_SIZE)
        self._remembered: LRU[tuple[int, Leaf], _Matches] = LRU(REMEMBERED_LEAVES)
        self._replays = self._guard(self._reader.doc_count_all) <= REMEMBER_UP_TO_PASSAGES

    @staticmethod
    def _guard(action: Callable[[], T]) -> T:
        """Run a Whoosh call; whatever fails inside it is damage to the index."""
        try:
            return action()
        except Exception as exc:
            raise IndexDamagedError(
                f"the search index is damaged ({type(exc).__name__}: {exc})"
            ) from exc

    def close(self) -> None:
        """Release the index files (closing twice is harmless)."""
        self._finalizer()

    # -- statistics ----------------------------------------------------------------------------

    def doc_count(self) -> int:
        """How many passages are indexed."""
        return int(self._guard(self._reader.doc_count))

    def doc_frequency(self, field: str, stem: str) -> int:
        """How many passages have `stem` in `field`."""
        return int(self._guard(lambda: self._reader.doc_frequency(field, stem)))

    def word_frequency(self, word: str) -> int:
        """How many passages have the unstemmed `word` in their text."""
        return int(self._guard(lambda: self._reader.doc_frequency(SPELLING_FIELD, word)))

    def words_within(self, word: str, distance: int, prefix: int) -> Sequence[str]:
        """Article words within `distance` edits of `word` sharing its first `prefix` letters."""
        return self._guard(
            lambda: [
                _text(w)
                for w in self._reader.terms_within(SPELLING_FIELD, word, distance, prefix=prefix)
            ]
        )

    def words_with_prefix(self, prefix: str) -> Iterable[str]:
        """Article words that start with `prefix`, in alphabetical order."""
        return self._guard(
            lambda: [_text(w) for w in self._reader.expand_prefix(SPELLING_FIELD, prefix)]
        )

    # -- passages ------------------------------------------------------------------------------

    def candidates(
        self, query: BackendQuery, limit: int, source_id: str | None = None
    ) -> list[Candidate]:
        """The best passages for `query` (optionally of one article), best first."""
        from whoosh.query import Term

        source_filter = Term("source_id", source_id) if source_id else None

        def run() -> list[Candidate]:
            compiled = compile_query(query, self._remembering)  # reads frequencies: guarded
            results = self._searcher.search(compiled, limit=limit, filter=source_filter)
            return [Candidate(hit.score, self._passage(hit)) for hit in results]

        return self._guard(run)

    def passages_of(self, source_id: str) -> tuple[Passage, ...]:
        """Every passage of one article, in reading order."""
        found = self._guard(
            lambda: [_passage_from_fields(f) for f in self._searcher.documents(source_id=source_id)]
        )
        return tuple(sorted(found, key=lambda p: p.start))

    def _remembering(self, leaf: Leaf, compiled: Any) -> Any:
        """A leaf's query, replaying its remembered matches when it matches few enough passages."""
        if not self._replays:
            return compiled
        frequency = min(self._reader.doc_frequency(leaf.field, s) for s in leaf.stems)
        if frequency > REMEMBERED_MATCHES:
            return compiled
        return _remembered_class()(compiled, leaf, self._remembered)

    def _passage(self, hit: Any) -> Passage:
        """The passage of a hit (cached by document number: stored fields are costly to read)."""
        return self._passages.get_or_make(hit.docnum, lambda: _passage_from_fields(hit.fields()))


def compile_query(query: BackendQuery, wrap: Callable[[Leaf, Any], Any] | None = None) -> Any:
    """The Whoosh query of a backend query: required groups AND-ed, optional leaves OR-ed.

    `wrap(leaf, query)`, when given, may replace each leaf's Whoosh query with an equivalent one.
    """
    from whoosh.query import And, AndMaybe, NullQuery

    def leaf_query(leaf: Leaf) -> Any:
        compiled = _leaf(leaf)
        return wrap(leaf, compiled) if wrap is not None else compiled

    required = [_any_of([leaf_query(leaf) for leaf in group]) for group in query.required]
    optional = _any_of([leaf_query(leaf) for leaf in query.optional])
    if required and optional is not NullQuery:
        return AndMaybe(And(required), optional)
    if required:
        return And(required)
    return optional


def _leaf(leaf: Leaf) -> Any:
    from whoosh.query import Phrase, Term

    if len(leaf.stems) == 1:
        return Term(leaf.field, leaf.stems[0], boost=leaf.boost)
    return Phrase(leaf.field, list(leaf.stems), boost=leaf.boost)


def _any_of(parts: list[Any]) -> Any:
    """A Whoosh query matching any of `parts` (NullQuery for none), with the faster matcher."""
    from whoosh.query import NullQuery, Or

    if len(parts) <= 1:
        return parts[0] if parts else NullQuery
    union = _union_class()(parts)
    if len(parts) <= PRELOAD_FROM_LEAVES:
        union.matcher_type = Or.DEFAULT_MATCHER
    return union


@functools.cache
def _union_class() -> type:
    """Whoosh's `Or`, preloading scores into an array no longer than the index has passages."""
    from whoosh.matching import ArrayUnionMatcher
    from whoosh.query import Or

    class Union(Or):  # type: ignore[misc]  # Whoosh is untyped
        """`Or` whose preloading matcher reads the whole of a small index in one part.

        Whoosh preloads the scores of many leaves over a small index into an array of 2,048
        entries, which it creates and clears in Python on every query, however few passages
        there are. The choice of matcher and the scores are Whoosh's own.
        """

        def _matcher(self, subs: list[Any], searcher: Any, context: Any) -> Any:
            needs_current = context.needs_current if context else True
            count = searcher.doc_count_all()
            tree = len(subs) >= self.TOO_MANY_CLAUSES or (
                needs_current or self.scale or len(subs) == 2 or count > WHOOSH_PRELOADS_UP_TO
            )
            if self.matcher_type != self.AUTO_MATCHER or tree or count < 1:
                return super()._matcher(subs, searcher, context)
            scored = context.weighting is not None if context else True
            matchers = [sub.matcher(searcher, context) for sub in subs]
            return ArrayUnionMatcher(
                matchers, count, boost=self.boost, scored=scored, partsize=min(count, 2048)
            )

    return Union


class _Matches(NamedTuple):
    """A leaf's matches in one segment: document numbers, the leaf's score of each, the best."""

    docnums: Sequence[int]
    scores: Sequence[float]
    top: float


@functools.cache
def _remembered_class() -> type:
    """The query class that replays a leaf's matches (made on first use, as Whoosh is imported)."""
    from whoosh.matching import ListMatcher, NullMatcher
    from whoosh.query.wrappers import WrappingQuery

    class Replay(ListMatcher):  # type: ignore[misc]  # Whoosh is untyped
        """Replays remembered matches; its best score is known, not searched for on every ask.

        Whoosh asks a matcher for its best possible score (`max_quality`) each time it tries
        to skip what cannot make the results: a plain list matcher finds it by scanning.
        """

        def __init__(self, found: _Matches, position: int = 0) -> None:
            super().__init__(found.docnums, weights=found.scores, position=position)
            self._found = found

        def copy(self) -> Any:
            return Replay(self._found, self._i)

        def block_max_weight(self) -> float:
            return self._found.top

    class Remembered(WrappingQuery):  # type: ignore[misc]  # Whoosh is untyped
        """A leaf query whose matches in a segment are read once, then replayed from memory.

        An opened index never changes, so a leaf (a stem or phrase in a field, with its boost)
        scores each passage the same every time: its document numbers and scores are kept, and
        a later query with the same leaf (the next keystroke of a search, a question sharing a
        word) replays them instead of decoding postings again. The replay feeds the same scores
        to Whoosh's unions in the same order, so the results are the same (and those of its
        exhaustive search, `limit=None`, which on a large index a limited search can miss).
        """

        def __init__(self, child: Any, leaf: Leaf, memory: LRU[tuple[int, Leaf], _Matches]) -> None:
            super().__init__(child)
            self.leaf = leaf
            self.memory = memory

        def _rewrap(self, child: Any) -> Any:
            return Remembered(child, self.leaf, self.memory)

        def matcher(self, searcher: Any, context: Any = None) -> Any:
            def read() -> _Matches:
                docnums: list[int] = []
                scores: list[float] = []
                matcher = self.child.matcher(searcher, context)
                while matcher.is_active():
                    docnums.append(matcher.id())
                    scores.append(matcher.score())
                    matcher.next()
                return _Matches(docnums, scores, max(scores, default=0.0))

            found = self.memory.get_or_make((id(searcher), self.leaf), read)
            if not found.docnums:
                return NullMatcher()
            return Replay(found)

    return Remembered


def cache_term_lookups(reader: Any) -> bool:
    """Cache each segment's term-info lookups; False when this Whoosh has no such reader part.

    Whoosh looks a term up in its on-disk hash table two or three times per query leaf (to score
    it, to check it exists, to read its postings), and a question makes up to ~20 leaves: a
    quarter of a search's time on the bundled corpus. An opened segment never changes, and term
    infos are read-only once decoded, so a bounded cache per segment is safe; it is thread-safe.
    (`_terms` is private to Whoosh: whoosh-reloaded is pinned, and a test checks the cache.)
    """
    cached = False
    for segment, _ in reader.leaf_readers():
        terms: Any = getattr(segment, "_terms", None)
        lookup = getattr(terms, "term_info", None)
        if lookup is not None and not hasattr(lookup, "cache_info"):
            terms.term_info = functools.lru_cache(maxsize=TERM_INFO_CACHE_SIZE)(lookup)
            cached = True
    return cached


def _close_quietly(searcher: Any) -> None:
    with contextlib.suppress(Exception):  # a damaged or already closed reader
        searcher.close()


def _text(term: str | bytes) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _passage_from_fields(fields: dict[str, Any]) -> Passage:
    """Rebuild a Passage from a hit's stored fields."""
    return Passage(
        passage_id=fields["passage_id"],
        source_id=fields["source_id"],
        section=fields["section"],
        section_slug=fields["section_slug"],
        ordinal=fields["ordinal"],
        start=fields["start"],
        end=fields["end"],
        text=fields["body"],
    )
