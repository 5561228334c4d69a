"""Text analysis shared by the index and the queries: tokenising, stop words and stemming."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.analysis.analyzers import Analyzer

from ketamine_tui import _whoosh  # noqa: F401  (installs the cheap import path first)

# fmt: off
# Function words, and the hedges and fillers of everyday speech: words that carry the grammar or
# the tone of a question, not its subject. Content words that happen to be common ("side",
# "system", "last", "well") stay searchable.
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are aren as at be because been before being
    below between both but by can cannot could couldn did didn do does doesn doing don down during
    each either else enough ever every few for from further had hadn has hasn have haven having he
    her here hers herself him himself his how i if in into is isn it its itself just let lets like
    me might mine more most much must mustn my myself neither no nor not now of off on once only or
    other others ought our ours ourselves out over own per please quite rather really same shall
    shan she should shouldn so some such than that the their theirs them themselves then there
    these they this those through to too under until up upon us very via was wasn we were weren
    what whatever when whenever where whether which while who whom whose why will with within
    without won would wouldn yet you your yours yourself yourselves s t d ll m o re ve y
    and or not also anyone anything someone something get gets got getting go goes going
    tell know want need way ways thing things etc eg ie
    actually pretty basically literally simply truly anyway anyhow maybe perhaps probably
    somebody anybody everybody everyone everything nobody nothing stuff lot lots bit
    vs versus ok okay yes yeah hey hi hello thanks even still already
    """.split()
)

# Words that phrase a question rather than name its subject ("who should *consider* it", "what
# does it *mean*", "what *percentage*"). They stay searchable but weigh little in a query.
QUESTION_PHRASING_WORDS = frozenset(
    """
    consider considering considered mean means meant meaning explain explained describe described
    happen happens happened tell told say says said exactly exact possible possibly question
    questions answer answers information info learn understand expect expected
    percentage percent proportion number numbers statistics figures likely chance odds
    kind kinds type types sort keep keeps officially generally usually typically make makes
    role roles play plays played playing
    """.split()
)

# Words that a suffix stemmer would wrongly join to a different word ("clinical" is not "clinic",
# "effective" is not "effect").
PROTECTED_WORDS = frozenset(
    """
    clinical news general generally university organization organizations policy
    effective effectively effectiveness
    """.split()
)

TOKEN_PATTERN = r"\w+(?:\.?\w+)*"
_WORD = re.compile(TOKEN_PATTERN)

# Irregular forms that a suffix stemmer cannot join to their base word ("found" is not "find").
# Only unambiguous forms are listed: "left", "saw" or "lay" have other meanings.
IRREGULAR_FORMS = {
    "found": "find", "given": "give", "gave": "give", "shown": "show", "showed": "show",
    "took": "take", "taken": "take", "began": "begin", "begun": "begin", "led": "lead",
    "made": "make", "felt": "feel", "kept": "keep", "known": "know", "knew": "know",
    "thought": "think", "brought": "bring", "sought": "seek", "grew": "grow", "grown": "grow",
    "done": "do", "did": "do", "went": "go", "gone": "go", "children": "child", "women": "woman",
    "men": "man", "people": "person", "mice": "mouse", "feet": "foot", "teeth": "tooth",
}
# fmt: on


class IrregularFormsFilter(Filter):  # type: ignore[misc]  # Whoosh has no type hints
    """Replace irregular word forms by their base word before stemming (a morphological step)."""

    is_morph = True

    def __call__(self, tokens: Iterable[Any]) -> Iterator[Any]:
        """Rewrite each token's text when it is a listed irregular form."""
        forms = IRREGULAR_FORMS
        for token in tokens:
            base = forms.get(token.text)
            if base is not None:
                token.text = base
            yield token


def analysis_signature() -> str:
    """A short hash of the analysis rules; part of the index key, so changing a rule rebuilds."""
    import hashlib

    rules = repr(
        (
            TOKEN_PATTERN,
            sorted(STOP_WORDS),
            sorted(IRREGULAR_FORMS.items()),
            sorted(PROTECTED_WORDS),
        )
    )
    return hashlib.sha256(rules.encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def stemming_analyzer() -> Analyzer:
    """The analyzer of every searchable field: words, lower case, stop words out, Porter stems."""
    return (
        RegexTokenizer(expression=TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=2)
        | IrregularFormsFilter()
        | StemFilter(ignore=PROTECTED_WORDS, cachesize=-1)
    )


def words(text: str) -> list[str]:
    """The lower-cased words of `text` that are not stop words, unstemmed, in order."""
    return [w for w in (m.group().lower() for m in _WORD.finditer(text)) if _is_content(w)]


def _is_content(word: str) -> bool:
    """Whether a lower-cased word is kept by the analyzer (not a stop word, long enough)."""
    return len(word) >= 2 and word not in STOP_WORDS


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem that the index stores for a lower-cased word ("" for a stop word)."""
    if not _is_content(word):
        return ""
    tokens = [t.text for t in stemming_analyzer()(word)]
    return tokens[0] if len(tokens) == 1 else " ".join(tokens)


def stems(text: str) -> list[str]:
    """The stems of the content words of `text`, in order (phrases keep their word order)."""
    return [t.text for t in stemming_analyzer()(text)]


StemSequence = tuple[str, ...]
StemmedSynonyms = tuple[
    tuple[tuple[StemSequence, ...], ...],  # groups: each a tuple of members' stem sequences
    tuple[tuple[str, tuple[StemSequence, ...]], ...],  # cues: (question words, stem sequences)
]


def stem_synonyms(
    groups: Iterable[Iterable[str]], cues: Iterable[tuple[str, Iterable[str]]]
) -> StemmedSynonyms:
    """Synonym groups and cues as stem sequences (done once, at index time)."""

    def members(terms: Iterable[str]) -> tuple[StemSequence, ...]:
        # A phrase keeps only its content words: "spaced out" matches "spaced". (So a phrase
        # like "didn't work" would match every "work": synonyms.toml avoids such phrases.)
        return tuple(dict.fromkeys(seq for seq in (tuple(stems(t)) for t in terms) if seq))

    return (
        tuple(m for m in (members(g) for g in groups) if m),
        tuple((cue, members(terms)) for cue, terms in cues),
    )


def stem_spans(text: str) -> list[tuple[str, int, int]]:
    """Each content word's stem with its character range in `text`."""
    return [(t.text, t.startchar, t.endchar) for t in stemming_analyzer()(text, chars=True)]
