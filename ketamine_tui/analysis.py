"""Query analysis: a query's text becomes a plan — concepts, phrases, synonyms, families, fixes.

No input can be a syntax error: quoted text is a phrase that hits must contain; every other word
that is not a stop word becomes a *concept* (its stem, plus its synonyms and word family as
weaker alternates), weighted by how rare it is in the articles. A misspelt word is corrected from
the articles' vocabulary. Question words with cues ("who" → people) add weak concepts that only
re-rank. Statistics come through the backend's `Statistics` protocol, so nothing here knows the
search library; the plan carries the rarities that later stages need, so a question travels down
the stages once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from ketamine_tui.backend import FIELDS, Statistics
from ketamine_tui.lru import LRU
from ketamine_tui.query import MAX_QUERY_WORDS, clean_query
from ketamine_tui.settings import Settings
from ketamine_tui.spelling import is_english_word, plausible_typo
from ketamine_tui.words import QUESTION_PHRASING_WORDS, StemmedSynonyms, stem, stems, words

STATISTICS_CACHE_SIZE = 50_000
FAMILY_CACHE_SIZE = 20_000
NEAR_WORDS_CACHE_SIZE = 4_096
# Suffixes that make a word of the same family (noun, adjective, adverb of one root); not "-er"
# or "-y", which join unrelated words ("care"/"career", "part"/"party").
DERIVATIONAL_SUFFIXES = (
    "ment", "ments", "al", "ally", "ual", "ually", "ic", "ical", "ically", "ion", "ions",
    "ation", "ations", "ive", "ively", "ity", "ities", "ness", "ly", "ful", "fully", "ous",
    "ously", "ance", "ence", "ency",
)  # fmt: skip

_QUOTED = re.compile(r"[\"“”„]([^\"“”„]*)[\"“”„]")


class Concept(NamedTuple):
    """One thing the query asks about: a word (or quoted phrase) and its synonyms, as stems."""

    label: str
    primary: tuple[tuple[str, ...], ...]
    alternates: tuple[tuple[str, ...], ...] = ()
    weight: float = 1.0
    known: bool = True
    required: bool = False
    # Whether the articles have the concept's own stems; and whether they have one of its close
    # alternates (a synonym, a derivation by suffix) rather than only a loose one (a word that
    # merely shares a long prefix, or one word of a phrase).
    primary_known: bool = True
    close_known: bool = False
    loose: tuple[tuple[str, ...], ...] = ()
    # A question word's cue only re-ranks; the words answers of the question's type use (hours,
    # for "how soon") may also bring passages in.
    recruits: bool = False
    # Which alternates come from a synonym group (the others: its word family, or loose ones).
    synonyms: tuple[tuple[str, ...], ...] = ()

    @property
    def stems(self) -> frozenset[str]:
        """Every stem that counts as a match of this concept."""
        return frozenset(s for seq in (*self.primary, *self.alternates) for s in seq)


class QueryPlan(NamedTuple):
    """A query read into concepts, with the corrected text and the rarities later stages use.

    `idf` holds the inverse document frequency of every stem of the concepts; `specific` those
    of them found in at most `generic_share` of the passages (stems that tell passages apart).
    """

    text: str
    concepts: tuple[Concept, ...]
    corrected: str | None = None
    idf: Mapping[str, float] | None = None
    specific: frozenset[str] = frozenset()
    unseen: float = 0.0  # the inverse document frequency of a word no passage contains
    corrections: tuple[tuple[str, str], ...] = ()  # (misspelt word, the word it became)

    @property
    def match_stems(self) -> frozenset[str]:
        """Every stem that a passage may match (for highlighting)."""
        return (
            frozenset().union(*(c.stems for c in self.concepts)) if self.concepts else frozenset()
        )

    def rarity(self, stem_: str) -> float:
        """The inverse document frequency of one of the plan's stems (0 for another stem)."""
        return self.idf.get(stem_, 0.0) if self.idf else 0.0


def concept_credit(
    concept: Concept, matched: set[str] | frozenset[str], synonym_credit: float
) -> float:
    """1 when the concept's own stems are among `matched`, less for a synonym's, 0 for neither."""
    # `matched.issuperset(seq)`: whether every stem of one stem sequence is matched.
    if any(map(matched.issuperset, concept.primary)):
        return 1.0
    if any(map(matched.issuperset, concept.alternates)):
        return synonym_credit
    return 0.0


class _Family(NamedTuple):
    """A word's family: the stems of its members, and which of them are only loosely related."""

    members: tuple[tuple[str, ...], ...]
    loose: frozenset[tuple[str, ...]]


class IndexStatistics:
    """The backend's statistics with the lookups cached (an opened index never changes)."""

    def __init__(self, source: Statistics, settings: Settings) -> None:
        self.source = source
        self.settings = settings
        self.doc_count = max(1, source.doc_count())
        self._df: LRU[tuple[str, str], int] = LRU(STATISTICS_CACHE_SIZE)
        self._idf: LRU[str, float] = LRU(STATISTICS_CACHE_SIZE)
        # Finding the words near a typo walks the vocabulary: the costliest part of reading a
        # query, and the same for the same typo every time it is typed (each keystroke after it).
        self._near: LRU[tuple[str, int, int], tuple[str, ...]] = LRU(NEAR_WORDS_CACHE_SIZE)

    def df(self, field: str, stem_: str) -> int:
        """How many passages have `stem_` in `field` (the unstemmed words: field "words")."""
        if field == "words":
            return self._df.get_or_make((field, stem_), lambda: self.source.word_frequency(stem_))
        return self._df.get_or_make((field, stem_), lambda: self.source.doc_frequency(field, stem_))

    def known(self, stem_: str) -> bool:
        """Whether a stem occurs in any searchable field."""
        return any(self.df(f, stem_) for f in FIELDS)

    def unseen_idf(self) -> float:
        """The inverse document frequency of a word that no passage contains."""
        return math.log(1 + (self.doc_count + 0.5) / 0.5)

    def idf(self, stem_: str) -> float:
        """Inverse document frequency of a stem in passage bodies (and section titles)."""

        def make() -> float:
            df = max(self.df("body", stem_), self.df("section", stem_))
            return math.log(1 + (self.doc_count - df + 0.5) / (df + 0.5))

        return self._idf.get_or_make(stem_, make)

    def specific(self, stem_: str) -> bool:
        """Whether a stem is in at most `generic_share` of the passages (it tells them apart)."""
        return self.df("body", stem_) <= self.settings.generic_share * self.doc_count

    def words_within(self, word: str, distance: int, prefix: int) -> Sequence[str]:
        """Article words within `distance` edits of `word` (see the backend)."""
        return self._near.get_or_make(
            (word, distance, prefix),
            lambda: tuple(self.source.words_within(word, distance, prefix)),
        )

    def words_with_prefix(self, prefix: str) -> Iterable[str]:
        """Article words that start with `prefix` (see the backend)."""
        return self.source.words_with_prefix(prefix)


class QueryAnalyzer:
    """Turns query text into a `QueryPlan` over one index's statistics and synonyms."""

    def __init__(
        self, statistics: IndexStatistics, synonyms: StemmedSynonyms, settings: Settings
    ) -> None:
        self.statistics = statistics
        self.settings = settings
        groups, cues = synonyms
        self._synonyms = _synonym_table(groups)
        self._cues = dict(cues)
        self._families: LRU[tuple[str, bool], _Family] = LRU(FAMILY_CACHE_SIZE)

    def plan(self, query: str) -> QueryPlan:
        """Read a query into concepts: phrases, words, corrections and synonyms."""
        stats = self.statistics
        text = clean_query(query)
        concepts: list[Concept] = []
        plain: list[str] = []
        for phrase in _QUOTED.findall(text):
            phrase_stems = tuple(stems(phrase))
            if phrase_stems and not all(stats.known(s) for s in phrase_stems):
                # No passage has it as quoted: its words, with their synonyms, may still be
                # there ("will I get “hooked”?" is answered by "abuse and addiction").
                plain.append(phrase)
            elif phrase_stems:
                concepts.append(
                    Concept(
                        phrase.strip(),
                        (phrase_stems,),
                        required=True,
                        weight=max(stats.idf(s) for s in phrase_stems),
                        known=True,
                    )
                )
        rest = " ".join([_QUOTED.sub(" ", text).replace('"', " "), *plain])
        raw_words = words(rest)[:MAX_QUERY_WORDS]
        replacements: dict[str, str] = {}
        final_words: list[str] = []
        for word in raw_words:
            chosen = word
            if self._is_typo_candidate(word):
                suggestion = self._correct(word)
                if suggestion and (not stats.known(stem(word)) or stem(suggestion) == stem(word)):
                    chosen = suggestion
            if chosen != word:
                replacements[word] = chosen
            final_words.append(chosen)
        concepts.extend(self._word_concepts(final_words))
        concepts.extend(self._cue_concepts(rest, concepts))
        corrected = _apply_replacements(text, replacements) if replacements else None
        unique = _dedupe(concepts)
        plan_stems = sorted({s for c in unique for s in c.stems})
        return QueryPlan(
            text,
            unique,
            corrected,
            idf={s: stats.idf(s) for s in plan_stems},
            specific=frozenset(s for s in plan_stems if stats.specific(s)),
            unseen=stats.unseen_idf(),
            corrections=tuple(replacements.items()),
        )

    # -- spelling and word families ------------------------------------------------------------

    def _correct(self, word: str) -> str | None:
        """The closest index word to an unknown word, or None when there is none close enough."""
        if len(word) < self.settings.min_correctable_length or not word.isalpha():
            return None
        best: tuple[int, str] | None = None
        maxdist = 1 if len(word) <= self.settings.one_edit_up_to else 2
        for distance in range(1, maxdist + 1):
            for candidate in self.statistics.words_within(word, distance, 1):
                if not plausible_typo(word, candidate, distance):
                    continue  # a real word one letter away ("home"/"hope") is not a typo
                frequency = self.statistics.df("words", candidate)
                if best is None or frequency > best[0]:
                    best = (frequency, candidate)
            if best:
                return best[1]
        return None

    def _is_typo_candidate(self, word: str) -> bool:
        """A word the articles do not use, no synonym covers, and that is not an English word."""
        return (
            not self.statistics.df("words", word)
            and (stem(word),) not in self._synonyms
            and not is_english_word(word)
        )

    def _family(self, word: str, known: bool) -> _Family:
        """Stems of article words of the same family as a query word (derivations of one root).

        A suffix stemmer keeps them apart. A known word's stem and a short unknown word are
        extended by derivational suffixes only ("treated" finds "treatment", "sex" finds
        "sexual"; "men" does not find "mental"); a longer unknown word's long prefix is
        ("counselor" finds "counseling", "surgery" finds "surgical"). Of those found by prefix,
        a word that no derivational suffix makes is a loose member ("referral" finds "refers").
        """
        return self._families.get_or_make((word, known), lambda: self._find_family(word, known))

    def _find_family(self, word: str, known: bool) -> _Family:
        if not word.isalpha():
            return _Family((), frozenset())
        settings = self.settings
        own = stem(word)
        by_prefix = not (known or len(word) < 5)
        if not by_prefix:
            root = own if known else word
            if len(root) < (settings.min_family_root if known else settings.min_family_root - 1):
                return _Family((), frozenset())
            found = [root + suffix for suffix in DERIVATIONAL_SUFFIXES]
            found = [w for w in found if self.statistics.df("words", w)]
        else:
            prefix = word[: max(4, len(word) - 3)]
            found = []
            for text in self.statistics.words_with_prefix(prefix):
                if abs(len(text) - len(word)) <= settings.max_family_length_change:
                    found.append(text)
                if len(found) >= settings.max_family_members:
                    break
        stems_ = (stem(w) for w in found)
        family = tuple(dict.fromkeys((s,) for s in stems_ if s and s != own))
        loose = frozenset(
            (stem(w),) for w in found if by_prefix and not w.endswith(DERIVATIONAL_SUFFIXES)
        )
        return _Family(family[: settings.max_family_members], loose)

    # -- concepts ------------------------------------------------------------------------------

    def _word_concepts(self, query_words: list[str]) -> list[Concept]:
        """Concepts of the unquoted words: multi-word synonym phrases first, then single words."""
        stats = self.statistics
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
                synonyms = {m for g in (groups or ()) for m in g if m != seq}
                loose: set[tuple[str, ...]] = set()
                if size > 1:
                    # the phrase's own words still count, as weaker evidence
                    loose = {(s,) for s in seq if (s,) not in synonyms}
                    alternates = tuple(sorted({*synonyms, *loose}))
                else:
                    family = self._family(query_words[i], stats.known(seq[0]))
                    loose = set(family.loose) - synonyms
                    alternates = tuple(sorted({*synonyms, *family.members}))
                known_primary = all(stats.known(s) for s in seq)
                known_alternates = [a for a in alternates if all(stats.known(s) for s in a)]
                known = known_primary or bool(known_alternates)
                if known_primary:
                    weight = max(stats.idf(s) for s in seq)
                elif known_alternates:
                    weight = max(stats.idf(s) for a in known_alternates for s in a)
                else:
                    weight = stats.unseen_idf()  # a word no passage contains is as rare as can be
                if size == 1 and query_words[i] in QUESTION_PHRASING_WORDS:
                    weight *= self.settings.phrasing_weight
                concepts.append(
                    Concept(
                        label,
                        (seq,),
                        alternates,
                        weight,
                        known,
                        primary_known=known_primary,
                        close_known=any(a not in loose for a in known_alternates),
                        loose=tuple(sorted(loose)),
                        synonyms=tuple(sorted(synonyms)),
                    )
                )
                i += size
                break
        return concepts

    def _cue_concepts(self, text: str, concepts: list[Concept]) -> list[Concept]:
        """Weak concepts for the question words of `text` that have cues ("who" → people)."""
        if not concepts:
            return []  # a question word alone is not a query
        lowered = " " + " ".join(re.findall(r"\w+", text.lower())) + " "
        weight = self.settings.cue_weight * sum(c.weight for c in concepts) / len(concepts)
        return [
            Concept(f"({cue})", (), terms, weight)
            for cue, terms in self._cues.items()
            if _names(cue, lowered)
        ]


def _names(cue: str, words: str) -> bool:
    """Whether words (space-joined, space-padded) hold the cue as whole words (`\\bcue\\b`).

    A cue of words ("who", "how long") is looked for as a substring: no pattern to compile for
    each cue in every process that asks.
    """
    if all(part.isalnum() for part in cue.split(" ")):
        return f" {cue} " in words
    return re.search(rf"\b{re.escape(cue)}\b", words) is not None


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
