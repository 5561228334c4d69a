"""The one text analysis: Whoosh-free stems that equal what Whoosh's own filters would make."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

from ketamine_tui.paths import bundled_corpus
from ketamine_tui.porter import porter_stem
from ketamine_tui.schema import WordsAnalyzer
from ketamine_tui.words import (
    IRREGULAR_FORMS,
    PROTECTED_WORDS,
    STOP_WORDS,
    TOKEN_PATTERN,
    stem,
    stems,
    words,
)


class _Irregular(Filter):  # type: ignore[misc]
    is_morph = True

    def __call__(self, tokens: Any) -> Any:
        for token in tokens:
            token.text = IRREGULAR_FORMS.get(token.text, token.text)
            yield token


def whoosh_pipeline() -> Any:
    """The analyzer the index used before it had one of its own, made of Whoosh's filters."""
    return (
        RegexTokenizer(expression=TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=2)
        | _Irregular()
        | StemFilter(ignore=PROTECTED_WORDS, cachesize=-1)
    )


def _tokens(analyzer: Any, text: str, **kwargs: Any) -> list[tuple[str, int, int, int]]:
    return [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in analyzer(text, positions=True, chars=True, **kwargs)
    ]


def _check(text: str) -> None:
    ours, theirs = WordsAnalyzer(), whoosh_pipeline()
    assert _tokens(ours, text) == _tokens(theirs, text)
    assert _tokens(ours, text, no_morph=True) == _tokens(theirs, text, no_morph=True)
    assert [t[0] for t in _tokens(ours, text)] == stems(text)


def test_the_articles_are_analysed_as_whoosh_would() -> None:
    for path in sorted((bundled_corpus() / "articles").glob("*.txt")):
        _check(path.read_text(encoding="utf-8"))


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_is_analysed_as_whoosh_would(text: str) -> None:
    _check(text)


SAMPLES = [
    *sorted(STOP_WORDS | PROTECTED_WORDS | set(IRREGULAR_FORMS)),
    *("Treatments", "ketamine's", "e.g.", "3.5", "İstanbul", "ﬁnd"),
]


@given(st.lists(st.sampled_from(SAMPLES), max_size=12))
def test_word_lists_are_analysed_as_whoosh_would(parts: list[str]) -> None:
    _check(" ".join(parts))


def test_stems_of_words() -> None:
    assert stem("treatments") == "treatment" and stem("the") == ""
    assert stem("found") == "find" and stem("clinical") == "clinical"  # irregular; protected
    assert stem("careful") != stem("care")  # "be careful" is no "professional care"
    assert words("The Side-effects of IV ketamine") == ["side", "effects", "iv", "ketamine"]
    assert porter_stem("fundamentally") == "fundament"
