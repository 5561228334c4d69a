"""The backend contract, run against both backends: the Whoosh one and a plain-Python one.

Every expectation is computed from the corpus itself with `words.tokens`, never from either
backend, so a backend that counts, matches, filters or orders wrongly fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from memory_backend import MemoryBackend, edit_distance

from ketamine_tui.backend import FIELDS, Backend, BackendQuery, Leaf
from ketamine_tui.corpus import Corpus, load_corpus
from ketamine_tui.engine import Engine
from ketamine_tui.errors import IndexDamagedError
from ketamine_tui.index import build_in_memory
from ketamine_tui.words import tokens


@pytest.fixture(scope="module")
def corpus(corpus_dir: Path) -> Corpus:
    return load_corpus(corpus_dir)


@pytest.fixture(params=["whoosh", "memory"])
def backend(request: pytest.FixtureRequest, corpus: Corpus) -> Iterator[Backend]:
    made: Backend = (
        build_in_memory(corpus).open_backend()
        if request.param == "whoosh"
        else MemoryBackend(corpus)
    )
    yield made
    made.close()


def _field_stems(corpus: Corpus) -> list[tuple[str, str, dict[str, list[str]]]]:
    """(passage id, source id, stems per field) of every passage, from the corpus."""
    rows = []
    for article in corpus.articles:
        for p in article.passages:
            texts = {"body": p.text, "section": p.section, "title": article.article.title}
            rows.append(
                (p.passage_id, p.source_id, {f: [t[0] for t in tokens(texts[f])] for f in FIELDS})
            )
    return rows


def _has(stems: list[str], sequence: tuple[str, ...]) -> bool:
    size = len(sequence)
    return any(tuple(stems[i : i + size]) == sequence for i in range(len(stems) - size + 1))


def test_counts_and_frequencies(backend: Backend, corpus: Corpus) -> None:
    rows = _field_stems(corpus)
    assert backend.doc_count() == len(corpus.passages) == len(rows)
    for field, stem in [("body", "glutam"), ("section", "side"), ("title", "promis")]:
        expected = sum(1 for _, _, f in rows if stem in f[field])
        assert expected > 0
        assert backend.doc_frequency(field, stem) == expected
    assert backend.doc_frequency("body", "zebrafish") == 0
    words = [
        {t[0] for t in tokens(p.text, stemmed=False)} for a in corpus.articles for p in a.passages
    ]
    for word in ("glutamate", "nasal", "ketamine"):
        assert backend.word_frequency(word) == sum(1 for w in words if word in w) > 0
    assert backend.word_frequency("glutam") == 0  # words, not stems


def test_vocabulary_lookups(backend: Backend) -> None:
    near = set(backend.words_within("ketamin", 1, 1))
    assert "ketamine" in near
    assert all(edit_distance(w, "ketamin") <= 1 and w.startswith("k") for w in near)
    assert set(backend.words_within("zzzzzz", 1, 1)) == set()
    prefixed = list(backend.words_with_prefix("treat"))
    assert prefixed == sorted(prefixed) and {"treatment", "treatments"} <= set(prefixed)
    assert all(w.startswith("treat") for w in prefixed)


def test_candidates_match_the_query(backend: Backend, corpus: Corpus) -> None:
    rows = {pid: fields for pid, _, fields in _field_stems(corpus)}
    query = BackendQuery(
        optional=(Leaf("body", ("glutam",)), Leaf("section", ("side", "effect"), 0.5))
    )
    found = backend.candidates(query, 100)
    expected = {
        pid
        for pid, f in rows.items()
        if "glutam" in f["body"] or _has(f["section"], ("side", "effect"))
    }
    assert {c.passage.passage_id for c in found} == expected
    scores = [c.score for c in found]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert len(backend.candidates(query, 2)) == 2
    # A longer limit only adds passages after the best ones (a comparison pools on it).
    for limit in (1, 3, 7):
        assert backend.candidates(query, limit) == found[:limit]
    # A passage scores the same with or without the article filter.
    filtered = backend.candidates(query, 100, "alleviate-symptoms")
    assert filtered == [c for c in found if c.passage.source_id == "alleviate-symptoms"]


def test_phrases_need_their_words_in_order(backend: Backend, corpus: Corpus) -> None:
    rows = {pid: fields for pid, _, fields in _field_stems(corpus)}
    phrase = ("blood", "pressur")
    found = {
        c.passage.passage_id
        for c in backend.candidates(BackendQuery((), (Leaf("body", phrase),)), 100)
    }
    assert found == {pid for pid, f in rows.items() if _has(f["body"], phrase)}
    assert found
    reversed_phrase = ("pressur", "blood")
    assert not backend.candidates(BackendQuery((), (Leaf("body", reversed_phrase),)), 100)


def test_required_groups_and_the_source_filter(backend: Backend, corpus: Corpus) -> None:
    rows = {pid: (source, fields) for pid, source, fields in _field_stems(corpus)}
    query = BackendQuery(
        required=((Leaf("body", ("ketamin",)),), (Leaf("body", ("nasal",)), Leaf("body", ("iv",)))),
        optional=(Leaf("body", ("spray",)),),
    )
    found = backend.candidates(query, 100)
    expected = {
        pid
        for pid, (_, f) in rows.items()
        if "ketamin" in f["body"] and ("nasal" in f["body"] or "iv" in f["body"])
    }
    assert expected and {c.passage.passage_id for c in found} == expected
    only = backend.candidates(query, 100, source_id="right-option")
    assert only and all(c.passage.source_id == "right-option" for c in only)
    unmatched = BackendQuery(required=((Leaf("body", ("zebrafish",)),),))
    assert backend.candidates(unmatched, 10) == []


def test_passages_of_an_article_in_reading_order(backend: Backend, corpus: Corpus) -> None:
    article = corpus.articles[0]
    passages = backend.passages_of(article.article.source_id)
    assert passages == article.passages
    text = Path(article.article.file).read_text(encoding="utf-8")
    assert all(text[p.start : p.end] == p.text for p in passages)
    assert backend.passages_of("no-such-article") == ()


def test_a_closed_backend_reports_damage(backend: Backend) -> None:
    backend.close()
    with pytest.raises(IndexDamagedError):
        backend.candidates(BackendQuery(optional=(Leaf("body", ("glutam",)),)), 5)


@pytest.fixture(scope="module")
def memory_engine(corpus_dir: Path, corpus: Corpus) -> Engine:
    return Engine.in_memory(corpus_dir, backend=lambda _index: MemoryBackend(corpus))


def test_the_engine_runs_on_the_plain_backend(memory_engine: Engine) -> None:
    assert isinstance(memory_engine.backend, MemoryBackend)
    hits = memory_engine.search("How does ketamine act on glutamate?").hits
    assert any("glutamate" in h.passage.text.lower() for h in hits[:3])
    answer = memory_engine.ask("How does ketamine act on glutamate?")
    assert hits[0].passage.passage_id == answer.sentences[0].citations[0].passage_id
    answer = memory_engine.ask("How quickly does ketamine work for depression?")
    assert answer.answered and any("within hours" in s.text for s in answer.sentences)
    for sentence in answer.sentences:
        for citation in sentence.citations:
            text = Path(citation.file).read_text(encoding="utf-8")
            assert text[citation.start : citation.end] == citation.text
    assert not memory_engine.ask("Does ketamine show up on a drug test for zebrafish?").answered
    assert memory_engine.plan("ketamin side efects").corrected == "ketamine side effects"


def test_the_engine_heals_when_the_plain_backend_fails(corpus_dir: Path, corpus: Corpus) -> None:
    made: list[MemoryBackend] = []

    def factory(_index: object) -> MemoryBackend:
        made.append(MemoryBackend(corpus))
        return made[-1]

    engine = Engine.in_memory(corpus_dir, backend=factory)
    engine.backend.close()
    assert engine.search("nasal spray").hits
    assert len(made) == 2 and engine.backend is made[1]
