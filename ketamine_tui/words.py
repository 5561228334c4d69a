"""Words and stems: the one text analysis of index, queries and answers (no search library).

A token is a run of word characters (`e.g.` and `3.5` stay whole), lower-cased; stop words and
one-letter tokens are dropped; irregular forms become their base word ("found" → "find"); the
rest is Porter-stemmed, except the protected words a suffix stemmer would join to another word.
The index's analyzer (in `index.py`) calls `tokens` too, so a query's stems are the index's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ketamine_tui.porter import porter_stem

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
    besides roughly approximately wise instead
    youre im ive dont doesnt didnt isnt arent wasnt werent cant couldnt wouldnt shouldnt theyre
    thats whats hes shes weve youve
    lol lmao rn tbh idk imo imho btw fyi kinda sorta totally honestly super omg pls plz gonna wanna
    gotta u ur ya
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
    common commonly usual typical able true heard wondering wonder curious known
    option options
    """.split()
)

# Words that a suffix stemmer would wrongly join to a different word ("clinical" is not "clinic",
# "effective" is not "effect").
PROTECTED_WORDS = frozenset(
    """
    clinical news general generally university organization organizations policy
    effective effectively effectiveness painful personality personalities personal personally
    relative relatively positive position presents presented presenting careful
    """.split()
)

TOKEN_PATTERN = r"\w+(?:\.?\w+)*"
MIN_TOKEN_CHARS = 2

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

_WORD = re.compile(TOKEN_PATTERN)
STEM_CACHE_SIZE = 1 << 17

StemSequence = tuple[str, ...]
StemmedSynonyms = tuple[
    tuple[tuple[StemSequence, ...], ...],  # groups: each a tuple of members' stem sequences
    tuple[tuple[str, tuple[StemSequence, ...]], ...],  # cues: (question words, stem sequences)
]


def analysis_signature() -> str:
    """A short hash of the analysis rules; part of the index key, so changing a rule rebuilds."""
    import hashlib

    rules = repr(
        (
            TOKEN_PATTERN,
            MIN_TOKEN_CHARS,
            sorted(STOP_WORDS),
            sorted(IRREGULAR_FORMS.items()),
            sorted(PROTECTED_WORDS),
        )
    )
    return hashlib.sha256(rules.encode()).hexdigest()[:12]


def is_content(word: str) -> bool:
    """Whether a lower-cased word is kept by the analysis (not a stop word, long enough)."""
    return len(word) >= MIN_TOKEN_CHARS and word not in STOP_WORDS


@lru_cache(maxsize=STEM_CACHE_SIZE)
def _stem_of(word: str) -> str:
    """The stem of a kept, lower-cased token: its base form, Porter-stemmed unless protected."""
    base = IRREGULAR_FORMS.get(word, word)
    return base if base in PROTECTED_WORDS else porter_stem(base)


def tokens(text: str, stemmed: bool = True) -> Iterator[tuple[str, int, int, int]]:
    """Each kept token of `text`: (stem, or the lower-cased word; position; start; end).

    Positions count kept tokens only, from the first one's place among all tokens, as a
    stop-word filter that renumbers does (phrases match consecutive positions).
    """
    position = -1
    for index, match in enumerate(_WORD.finditer(text)):
        word = match.group().lower()
        if not is_content(word):
            continue
        position = index if position < 0 else position + 1
        yield (_stem_of(word) if stemmed else word), position, match.start(), match.end()


def words(text: str) -> list[str]:
    """The lower-cased words of `text` that are not stop words, unstemmed, in order."""
    return [w for w in (m.group().lower() for m in _WORD.finditer(text)) if is_content(w)]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The stem that the index stores for a lower-cased word ("" for a stop word)."""
    found = [t[0] for t in tokens(word)]
    return found[0] if len(found) == 1 else " ".join(found)


def stems(text: str) -> list[str]:
    """The stems of the content words of `text`, in order (phrases keep their word order)."""
    return [t[0] for t in tokens(text)]


def stem_spans(text: str) -> list[tuple[str, int, int]]:
    """Each content word's stem with its character range in `text`."""
    return [(s, start, end) for s, _, start, end in tokens(text)]


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
