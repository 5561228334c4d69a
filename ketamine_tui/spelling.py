"""A small typing-error model: is a query word a typo, and is it a plausible mistyping of `word`?

A word found in an English word list is never "corrected": "liver" is not a typo for "lived".

Index words within one or two edits of an unknown query word are candidates for a correction, but
many real words are one edit apart ("home" and "hope", "decides" and "decades"). A correction is
accepted only when the edits are the kind people make when typing: a missing letter, a doubled
letter or an extra one from a neighbouring key, two letters swapped, a neighbouring key for the
right one, or one vowel for another.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

WORD_LIST = Path(__file__).parent / "data" / "english-words.txt.gz"


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English words (SCOWL's american-english list), loaded on first use."""
    import gzip

    try:
        with gzip.open(WORD_LIST, "rt", encoding="utf-8") as handle:
            return frozenset(handle.read().split())
    except OSError:
        return frozenset()  # without the list every unknown word may be a typo, as before


def is_english_word(word: str) -> bool:
    """Whether a lower-case word is a real English word (so not a typing mistake)."""
    return word in english_words()


COMMON_WORDS = Path(__file__).parent / "data" / "english-common.txt.gz"


@lru_cache(maxsize=1)
def _zipf_table() -> dict[str, float]:
    """Zipf frequencies of common English words (wordfreq's, above 4.5), loaded on first use."""
    import gzip

    try:
        with gzip.open(COMMON_WORDS, "rt", encoding="utf-8") as handle:
            return {w: float(z) for w, z in (line.split() for line in handle if line.strip())}
    except (OSError, ValueError):
        return {}  # without the table every unknown word counts as a rare one, as before


def zipf_frequency(word: str) -> float:
    """How common a lower-case word is in English: log10 of uses per billion words (0 if rare)."""
    return _zipf_table().get(word, 0.0)


_KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
VOWELS = frozenset("aeiouy")


def _neighbours() -> dict[str, frozenset[str]]:
    """Keys that touch each key on a QWERTY keyboard.

    Each row sits half a key to the right of the row above, so a key touches its two row
    neighbours, the keys at the same and the next column above, and at the same and the
    previous column below.
    """
    near: dict[str, set[str]] = {ch: set() for row in _KEYBOARD_ROWS for ch in row}
    for r, row in enumerate(_KEYBOARD_ROWS):
        for c, ch in enumerate(row):
            touching = [row[c - 1] if c > 0 else "", row[c + 1] if c + 1 < len(row) else ""]
            if r > 0:
                above = _KEYBOARD_ROWS[r - 1]
                touching += [
                    above[c] if c < len(above) else "",
                    above[c + 1] if c + 1 < len(above) else "",
                ]
            if r + 1 < len(_KEYBOARD_ROWS):
                below = _KEYBOARD_ROWS[r + 1]
                touching += [
                    below[c - 1] if 0 < c <= len(below) else "",
                    below[c] if c < len(below) else "",
                ]
            near[ch].update(t for t in touching if t)
    return {k: frozenset(v) for k, v in near.items()}


NEIGHBOURS = _neighbours()


def plausible_substitution(typed: str, intended: str) -> bool:
    """Whether typing `typed` for `intended` is a likely slip (neighbouring keys or two vowels)."""
    if typed in VOWELS and intended in VOWELS:
        return True
    return typed in NEIGHBOURS.get(intended, frozenset())


def _plausible_extra(typed: str, index: int) -> bool:
    """Whether the letter at `index` is a likely extra keystroke: a double or a neighbour's key."""
    letter = typed[index]
    around = typed[index - 1 : index] + typed[index + 1 : index + 2]
    return any(letter == other or letter in NEIGHBOURS.get(other, ()) for other in around)


@lru_cache(maxsize=4096)
def plausible_typo(typed: str, word: str, max_edits: int = 2) -> bool:
    """Whether `typed` is `word` with at most `max_edits` typing slips (see the module doc)."""
    n, m = len(typed), len(word)
    if abs(n - m) > max_edits:
        return False
    inf = max_edits + 1
    # cost[i][j]: fewest plausible edits turning typed[:i] into word[:j]; implausible ones cost inf
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        cost[i][0] = i
    for j in range(m + 1):
        cost[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            a, b = typed[i - 1], word[j - 1]
            best = cost[i][j - 1] + 1  # a missing letter
            if _plausible_extra(typed, i - 1):
                best = min(best, cost[i - 1][j] + 1)  # an extra letter
            if a == b:
                best = min(best, cost[i - 1][j - 1])
            elif plausible_substitution(a, b):
                best = min(best, cost[i - 1][j - 1] + 1)
            if i > 1 and j > 1 and a == word[j - 2] and typed[i - 2] == b:
                best = min(best, cost[i - 2][j - 2] + 1)  # two letters swapped
            cost[i][j] = min(best, inf)
    return cost[n][m] <= max_edits
