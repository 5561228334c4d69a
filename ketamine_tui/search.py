"""Search passages: natural-language questions and keywords, ranked, corrected and highlighted.

A query is read by our own small parser, never by Whoosh's query language, so no input can be a
syntax error: quoted text is a phrase that hits must contain; every other word that is not a stop
word becomes a *concept* (its stem, plus the members of its synonym groups at a lower weight).
Whoosh scores the passages with BM25F over body, section and title; the best candidates are then
re-ranked by how much of the question's content (weighted by rarity) each passage covers.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec, TypeVar

from ketamine_tui import _whoosh  # noqa: F401  (cheap Whoosh imports first)
from ketamine_tui.analysis import QUESTION_PHRASING_WORDS, stem, stem_spans, stems, words
from ketamine_tui.errors import NotFoundError, QueryError
from ketamine_tui.index import CorpusIndex
from ketamine_tui.models import Hit, Passage, SearchResult, Snippet, Span
from ketamine_tui.query import MAX_LIMIT, MAX_QUERY_WORDS, clean_query
from ketamine_tui.spelling import is_english_word, plausible_typo

SYNONYM_WEIGHT = 0.5
CUE_WEIGHT = 0.5
GENERIC_SHARE = 0.5
ANALYSED_CACHE_SIZE = 20_000
TERM_INFO_CACHE_SIZE = 8_192  # per segment
PRELOAD_FROM_LEAVES = 12
RECURRENCE_WORDS = 5
RECRUITING_SYNONYMS = 6
PHRASING_WEIGHT = 0.2
MIN_VARIANT_PREFIX = 4
MAX_VARIANT_LENGTH_CHANGE = 4
MAX_VARIANTS = 5
# Suffixes that make a word of the same family (noun, adjective, adverb of one root); not "-er"
# or "-y", which join unrelated words ("care"/"career", "part"/"party").
DERIVATIONAL_SUFFIXES = (
    "ment", "ments", "al", "ally", "ual", "ually", "ic", "ical", "ically", "ion", "ions",
    "ation", "ations", "ive", "ively", "ity", "ities", "ness", "ly", "ful", "fully", "ous",
    "ously", "ance", "ence", "ency",
)  # fmt: skip
FIELDS = ("body", "section", "title")
SNIPPET_CHARS = 240

_QUOTED = re.compile(r"[\"“”„]([^\"“”„]*)[\"“”„]")


@dataclass(frozen=True)
class Concept:
    """One thing the query asks about: a word (or quoted phrase) and its synonyms, as stems."""

    label: str
    primary: tuple[tuple[str, ...], ...]
    alternates: tuple[tuple[str, ...], ...] = ()
    weight: float = 1.0
    known: bool = True
    required: bool = False

    @property
    def stems(self) -> frozenset[str]:
        """Every stem that counts as a match of this concept."""
        return frozenset(s for seq in (*self.primary, *self.alternates) for s in seq)


@dataclass(frozen=True)
class AnalysedPassage:
    """A passage's stems (body and section heading) and each body stem's character range."""

    stems: frozenset[str]
    spans: tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class ParsedQuery:
    """A query read into concepts, with the corrected text when a word was misspelt."""

    text: str
    concepts: tuple[Concept, ...]
    corrected: str | None = None

    @property
    def match_stems(self) -> frozenset[str]:
        """Every stem that a passage may match (for highlighting)."""
        return (
            frozenset().union(*(c.stems for c in self.concepts)) if self.concepts else frozenset()
        )


P = ParamSpec("P")
R = TypeVar("R")


def _locked(method: Callable[Concatenate[Searcher, P], R]) -> Callable[Concatenate[Searcher, P], R]:
    """Run a Searcher method holding the searcher's lock."""

    def wrapper(self: Searcher, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            return method(self, *args, **kwargs)

    functools.update_wrapper(wrapper, method)
    return wrapper


class Searcher:
    """Searches one opened corpus index; safe to share between threads."""

    def __init__(self, corpus_index: CorpusIndex) -> None:
        self.corpus_index = corpus_index
        # Whoosh readers seek and read shared file objects: one thread at a time.
        self._lock = threading.RLock()
        self._open(corpus_index)

    def _open(self, corpus_index: CorpusIndex) -> None:
        self.corpus_index = corpus_index
        self._searcher = corpus_index.index.searcher()
        # Close the index files when this object is dropped without close() (tests, scripts).
        self._finalizer = weakref.finalize(self, _close_quietly, self._searcher)
        self._reader = self._searcher.reader()
        cache_term_lookups(self._reader)
        self._doc_count = max(1, self._reader.doc_count())
        groups, cues = corpus_index.stemmed_synonyms()
        self._synonyms = _synonym_table(groups)
        self._cues = dict(cues)
        self._idf_cache: dict[str, float] = {}
        self._df_cache: dict[tuple[str, str], int] = {}
        self._analysed: dict[str, AnalysedPassage] = {}
        self._variant_cache: dict[tuple[str, bool], tuple[tuple[str, ...], ...]] = {}
        self._passages: dict[int, Passage] = {}

    def close(self) -> None:
        """Release the index files (closing twice is harmless)."""
        self._finalizer()

    # -- query analysis ----------------------------------------------------------------------

    def _df(self, field: str, text: str) -> int:
        """How many passages have `text` in `field` (cached: an opened index does not change)."""
        key = (field, text)
        found = self._df_cache.get(key)
        if found is None:
            found = self._df_cache[key] = self._reader.doc_frequency(field, text)
        return found

    @_locked
    def known(self, stem_: str) -> bool:
        """Whether a stem occurs in any searchable field."""
        return any(self._df(f, stem_) for f in FIELDS)

    def unseen_idf(self) -> float:
        """The inverse document frequency of a word that no passage contains."""
        return math.log(1 + (self._doc_count + 0.5) / 0.5)

    @_locked
    def idf(self, stem_: str) -> float:
        """Inverse document frequency of a stem in passage bodies (and section titles)."""
        cached = self._idf_cache.get(stem_)
        if cached is None:
            df = max(
                self._df("body", stem_),
                self._df("section", stem_),
            )
            cached = math.log(1 + (self._doc_count - df + 0.5) / (df + 0.5))
            self._idf_cache[stem_] = cached
        return cached

    def _correct(self, word: str) -> str | None:
        """The closest index word to an unknown word, or None when there is none close enough."""
        if len(word) < 4 or not word.isalpha():
            return None
        best: tuple[int, str] | None = None
        maxdist = 1 if len(word) <= 7 else 2
        for distance in range(1, maxdist + 1):
            for candidate in self._reader.terms_within("spell_body", word, distance, prefix=1):
                if not plausible_typo(word, candidate, distance):
                    continue  # a real word one letter away ("home"/"hope") is not a typo
                frequency = self._df("spell_body", candidate)
                if best is None or frequency > best[0]:
                    best = (frequency, candidate)
            if best:
                return best[1]
        return None

    def _is_typo_candidate(self, word: str) -> bool:
        """A word the articles do not use, no synonym covers, and that is not an English word."""
        return (
            not self._df("spell_body", word)
            and (stem(word),) not in self._synonyms
            and not is_english_word(word)
        )

    def _variants(self, word: str, known: bool) -> tuple[tuple[str, ...], ...]:
        """Stems of article words of the same family as a query word (derivations of one root).

        A suffix stemmer keeps them apart. A known word's stem and a short unknown word are
        extended by derivational suffixes only ("treated" finds "treatment", "sex" finds
        "sexual"; "men" does not find "mental"); a longer unknown word's long prefix is
        ("counselor" finds "counseling", "surgery" finds "surgical").
        """
        cached = self._variant_cache.get((word, known))
        if cached is None:
            cached = self._variant_cache[(word, known)] = self._find_variants(word, known)
        return cached

    def _find_variants(self, word: str, known: bool) -> tuple[tuple[str, ...], ...]:
        if not word.isalpha():
            return ()
        own = stem(word)
        if known or len(word) < 5:
            root = own if known else word
            if len(root) < (MIN_VARIANT_PREFIX if known else MIN_VARIANT_PREFIX - 1):
                return ()
            found = [root + suffix for suffix in DERIVATIONAL_SUFFIXES]
            found = [w for w in found if self._df("spell_body", w)]
        else:
            prefix = word[: max(4, len(word) - 3)]
            found = []
            for candidate in self._reader.expand_prefix("spell_body", prefix):
                text = candidate.decode("utf-8") if isinstance(candidate, bytes) else candidate
                if abs(len(text) - len(word)) <= MAX_VARIANT_LENGTH_CHANGE:
                    found.append(text)
                if len(found) >= MAX_VARIANTS:
                    break
        stems_ = (stem(w) for w in found)
        return tuple(dict.fromkeys((s,) for s in stems_ if s and s != own))[:MAX_VARIANTS]

    @_locked
    def parse(self, query: str) -> ParsedQuery:
        """Read a query into concepts: phrases, words, corrections and synonyms."""
        text = clean_query(query)
        concepts: list[Concept] = []
        for phrase in _QUOTED.findall(text):
            phrase_stems = tuple(stems(phrase))
            if phrase_stems:
                concepts.append(
                    Concept(
                        phrase.strip(),
                        (phrase_stems,),
                        required=True,
                        weight=max(self.idf(s) for s in phrase_stems),
                        known=all(self.known(s) for s in phrase_stems),
                    )
                )
        rest = _QUOTED.sub(" ", text).replace('"', " ")
        raw_words = words(rest)[:MAX_QUERY_WORDS]
        replacements: dict[str, str] = {}
        final_words: list[str] = []
        for word in raw_words:
            chosen = word
            if self._is_typo_candidate(word):
                suggestion = self._correct(word)
                if suggestion and (not self.known(stem(word)) or stem(suggestion) == stem(word)):
                    chosen = suggestion
            if chosen != word:
                replacements[word] = chosen
            final_words.append(chosen)
        concepts.extend(self._word_concepts(final_words))
        concepts.extend(self._cue_concepts(rest, concepts))
        corrected = _apply_replacements(text, replacements) if replacements else None
        return ParsedQuery(text, _dedupe(concepts), corrected)

    def _word_concepts(self, query_words: list[str]) -> list[Concept]:
        """Concepts of the unquoted words: multi-word synonym phrases first, then single words."""
        word_stems = [stem(w) for w in query_words]
        concepts: list[Concept] = []
        i = 0
        while i < len(query_words):
            for size in (3, 2, 1):
                seq = tuple(word_stems[i : i + size])
                if len(seq) < size:
                    continue
                groups = self._synonyms.get(seq)
                if size > 1 and not groups:
                    continue
                label = " ".join(query_words[i : i + size])
                alternates = tuple(sorted({m for g in (groups or ()) for m in g if m != seq}))
                if size > 1:
                    # the phrase's own words still count, as weaker evidence
                    alternates = tuple(sorted({*alternates, *((s,) for s in seq)}))
                else:
                    variants = self._variants(query_words[i], self.known(seq[0]))
                    alternates = tuple(sorted({*alternates, *variants}))
                known_primary = all(self.known(s) for s in seq)
                known_alternates = [a for a in alternates if all(self.known(s) for s in a)]
                known = known_primary or bool(known_alternates)
                if known_primary:
                    weight = max(self.idf(s) for s in seq)
                elif known_alternates:
                    weight = max(self.idf(s) for a in known_alternates for s in a)
                else:
                    weight = self.unseen_idf()  # a word no passage contains is as rare as can be
                if size == 1 and query_words[i] in QUESTION_PHRASING_WORDS:
                    weight *= PHRASING_WEIGHT
                concepts.append(Concept(label, (seq,), alternates, weight, known))
                i += size
                break
        return concepts

    def _cue_concepts(self, text: str, concepts: list[Concept]) -> list[Concept]:
        """Weak concepts for the question words of `text` that have cues ("who" → people)."""
        if not concepts:
            return []  # a question word alone is not a query
        lowered = " ".join(re.findall(r"\w+", text.lower()))
        weight = CUE_WEIGHT * sum(c.weight for c in concepts) / len(concepts)
        return [
            Concept(f"({cue})", (), terms, weight)
            for cue, terms in self._cues.items()
            if re.search(rf"\b{re.escape(cue)}\b", lowered)
        ]

    # -- search ------------------------------------------------------------------------------

    @_locked
    def search(self, query: str, limit: int = 10, source: str | None = None) -> SearchResult:
        """The best passages for a query (at most `limit`, optionally from one article)."""
        return self.search_parsed(self.parse(query), limit, source)

    @_locked
    def search_parsed(
        self, parsed: ParsedQuery, limit: int = 10, source: str | None = None
    ) -> SearchResult:
        """Search with an already parsed query."""
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError(f"limit must be between 1 and {MAX_LIMIT} (got {limit})")
        if source is not None and self.corpus_index.article(source) is None:
            known = ", ".join(a.source_id for a in self.corpus_index.articles)
            raise NotFoundError(f"no article with id {source!r} (known ids: {known})")
        concepts = self.searchable(list(parsed.concepts))
        if not concepts:
            return SearchResult(parsed.text, (), parsed.corrected, ())
        whoosh_query = self._whoosh_query(concepts)
        candidates = max(limit * 4, 40)
        ranked = self._run(whoosh_query, concepts, candidates, source)
        hits = tuple(
            Hit(
                rank=rank,
                score=round(score, 4),
                passage=passage,
                title=self._title(passage.source_id),
                file=self._file(passage.source_id),
                snippet=make_snippet(
                    passage.text, parsed.match_stems, self.analysed(passage).spans
                ),
            )
            for rank, (score, passage) in enumerate(ranked[:limit], start=1)
        )
        return SearchResult(parsed.text, hits, parsed.corrected, tuple(sorted(parsed.match_stems)))

    def _run(
        self, whoosh_query: object, concepts: list[Concept], candidates: int, source: str | None
    ) -> list[tuple[float, Passage]]:
        """Run the Whoosh query and re-rank its candidates by weighted concept coverage."""
        from whoosh.query import Term

        source_filter = Term("source_id", source) if source else None
        results = self._searcher.search(whoosh_query, limit=candidates, filter=source_filter)
        total_weight = sum(c.weight for c in concepts) or 1.0
        ranked: list[tuple[float, Passage]] = []
        for hit in results:
            passage = self._passage(hit)
            present = self.analysed(passage).stems
            if any(c.required and not concept_credit(c, present) for c in concepts):
                continue
            coverage = sum(concept_credit(c, present) * c.weight for c in concepts)
            ranked.append((hit.score * (0.25 + coverage / total_weight) ** 2, passage))
        ranked.sort(key=lambda item: (-item[0], item[1].passage_id))
        return ranked

    def _passage(self, hit: Any) -> Passage:
        """The passage of a hit (cached by document number: stored fields are costly to read)."""
        cached = self._passages.get(hit.docnum)
        if cached is None:
            if len(self._passages) >= ANALYSED_CACHE_SIZE:
                self._passages.clear()
            cached = self._passages[hit.docnum] = _passage_from_fields(hit.fields())
        return cached

    def analysed(self, passage: Passage) -> AnalysedPassage:
        """A passage's stems and their character ranges (cached: passages do not change)."""
        cached = self._analysed.get(passage.passage_id)
        if cached is None:
            spans = tuple(stem_spans(passage.text))
            words_ = frozenset(s for s, _, _ in spans) | frozenset(stems(passage.section))
            cached = AnalysedPassage(words_, spans)
            if len(self._analysed) >= ANALYSED_CACHE_SIZE:
                self._analysed.clear()
            self._analysed[passage.passage_id] = cached
        return cached

    def _whoosh_query(self, concepts: list[Concept]) -> object:
        """The Whoosh query: required phrases AND-ed, the other concepts' words OR-ed.

        Each (field, word) leaf appears once, at its highest weight, and leaves that match no
        document are left out: a synonym the articles never use costs time and finds nothing.
        Question cues only re-rank; they recruit no passages of their own.
        """
        from whoosh.query import And, AndMaybe, NullQuery, Phrase, Term

        def leaves(concept_list: list[Concept]) -> list[object]:
            boosts: dict[tuple[str, tuple[str, ...]], float] = {}
            for concept in concept_list:
                weighted = [(seq, 1.0) for seq in concept.primary]
                weighted += [(seq, SYNONYM_WEIGHT) for seq in self._recruiting(concept)]
                for seq, boost in weighted:
                    for field in FIELDS:
                        if all(self._df(field, s) for s in seq):
                            key = (field, seq)
                            boosts[key] = max(boosts.get(key, 0.0), boost)
            return [
                Term(f, seq[0], boost=b) if len(seq) == 1 else Phrase(f, list(seq), boost=b)
                for (f, seq), b in boosts.items()
            ]

        required = [_any_of(leaves([c])) for c in concepts if c.required]
        optional = _any_of(leaves([c for c in concepts if not c.required and c.primary]))
        if required and optional is not NullQuery:
            return AndMaybe(And(required), optional)
        if required:
            return And(required)
        return optional

    def _recruiting(self, concept: Concept) -> list[tuple[str, ...]]:
        """The synonyms that may bring passages in: the most specific few.

        A common word such as "work" has over a dozen, and every Whoosh leaf costs time. All of
        them still re-rank.
        """
        known = [seq for seq in concept.alternates if all(self._df("body", s) for s in seq)]
        known.sort(key=lambda seq: max(self._df("body", s) for s in seq))
        return known[:RECRUITING_SYNONYMS]

    def searchable(self, concepts: list[Concept]) -> list[Concept]:
        """The concepts worth a Whoosh query: known ones, without those in most passages.

        A word found in over half the passages ("ketamine" here) ranks nothing and makes Whoosh
        score nearly every passage; it is left out unless nothing else is asked.
        """
        concepts = [c for c in concepts if c.known or c.required]
        specific = [c for c in concepts if c.required or not self._generic(c)]
        # Question cues only re-rank: with nothing else specific ("Who is ketamine for?") the
        # generic words must still bring passages in.
        return specific if any(c.primary for c in specific) else concepts

    def _generic(self, concept: Concept) -> bool:
        return bool(concept.primary) and not any(
            self.specific(s) for seq in concept.primary for s in seq
        )

    @_locked
    def specific(self, stem_: str) -> bool:
        """Whether a stem is in at most half of the passages (so it tells passages apart)."""
        return bool(self._df("body", stem_) <= GENERIC_SHARE * self._doc_count)

    @_locked
    def passages_sharing(self, words_: frozenset[str], limit: int = 8) -> list[Hit]:
        """Passages that share the rarest of these stems (to find where a sentence recurs)."""
        from whoosh.query import Term

        # Ties are broken by the stem itself: a set's order changes with the hash seed.
        rarest = sorted(
            (w for w in words_ if self._df("body", w)), key=lambda w: (self._df("body", w), w)
        )
        if not rarest:
            return []
        query = _any_of([Term("body", w) for w in rarest[:RECURRENCE_WORDS]])
        found = [self._passage(hit) for hit in self._searcher.search(query, limit=limit)]
        return [
            Hit(rank, 0.0, p, self._title(p.source_id), self._file(p.source_id), Snippet(""))
            for rank, p in enumerate(found, start=1)
        ]

    @_locked
    def passages_of(self, source_id: str) -> tuple[Passage, ...]:
        """Every indexed passage of one article, in reading order."""
        found = [_passage_from_fields(f) for f in self._searcher.documents(source_id=source_id)]
        return tuple(sorted(found, key=lambda p: p.start))

    def _title(self, source_id: str) -> str:
        article = self.corpus_index.article(source_id)
        return article.title if article else source_id

    def _file(self, source_id: str) -> str:
        article = self.corpus_index.article(source_id)
        return article.file if article else ""


def _any_of(parts: list[Any]) -> Any:
    """A Whoosh query matching any of `parts` (NullQuery for none), with the faster matcher."""
    from whoosh.query import NullQuery, Or

    if len(parts) <= 1:
        return parts[0] if parts else NullQuery
    union = Or(parts)
    if len(parts) <= PRELOAD_FROM_LEAVES:
        # A tree of unions is faster for a few leaves; for many, Whoosh's preloading (its choice
        # for small indexes) has the lower worst case.
        union.matcher_type = Or.DEFAULT_MATCHER
    return union


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


def concept_credit(concept: Concept, matched: set[str] | frozenset[str]) -> float:
    """1 when the concept's own stems are among `matched`, 0.6 for a synonym's, 0 for neither."""
    if any(all(s in matched for s in seq) for seq in concept.primary):
        return 1.0
    if any(all(s in matched for s in seq) for seq in concept.alternates):
        return 0.6
    return 0.0


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


def _synonym_table(
    groups: Iterable[tuple[tuple[str, ...], ...]],
) -> dict[tuple[str, ...], list[tuple[tuple[str, ...], ...]]]:
    """Map each member's stem sequence to the (stemmed) groups it belongs to."""
    table: dict[tuple[str, ...], list[tuple[tuple[str, ...], ...]]] = {}
    for members in groups:
        for member in members:
            table.setdefault(member, []).append(members)
    return table


def _dedupe(concepts: list[Concept]) -> tuple[Concept, ...]:
    """Concepts with the same primary stems once only, first occurrence kept."""
    seen: set[tuple[tuple[str, ...], ...]] = set()
    unique = []
    for concept in concepts:
        if concept.primary not in seen:
            seen.add(concept.primary)
            unique.append(concept)
    return tuple(unique)


def _apply_replacements(text: str, replacements: dict[str, str]) -> str:
    """The query text with corrected words swapped in (case-insensitively)."""

    def swap(match: re.Match[str]) -> str:
        return replacements.get(match.group().lower(), match.group())

    return re.sub(r"\w+(?:\.?\w+)*", swap, text)


def make_snippet(
    text: str,
    match_stems: frozenset[str],
    analysed: Iterable[tuple[str, int, int]] | None = None,
    width: int = SNIPPET_CHARS,
) -> Snippet:
    """The part of a passage with the most distinct query matches, with their ranges marked."""
    source = stem_spans(text) if analysed is None else analysed
    spans = [(s, a, b) for s, a, b in source if s in match_stems]
    if len(text) <= width:
        return Snippet(text, tuple(Span(a, b) for _, a, b in spans))
    best_start, best_count = 0, -1
    for _, a, _ in spans or [("", 0, 0)]:
        start = max(0, a - width // 4)
        distinct = len({s for s, x, y in spans if start <= x and y <= start + width})
        if distinct > best_count:
            best_start, best_count = start, distinct
    start = best_start
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    window = text[start:end]
    matches = tuple(Span(a - start, b - start) for _, a, b in spans if start <= a and b <= end)
    return Snippet(window, matches, clipped_start=start > 0, clipped_end=end < len(text))
