"""Search: ranking, phrases, synonyms, typo correction, snippets and bounds."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from conftest import write_articles

from ketamine_tui.engine import Engine
from ketamine_tui.errors import NotFoundError, QueryError
from ketamine_tui.query import MAX_QUERY_CHARS, clean_query
from ketamine_tui.settings import DEFAULT_SETTINGS
from ketamine_tui.snippets import make_snippet
from ketamine_tui.spelling import plausible_typo


def test_side_effects_finds_passages_from_several_articles(engine: Engine) -> None:
    result = engine.search("side effects", limit=10)
    assert len(result.hits) >= 3
    assert len({h.passage.source_id for h in result.hits[:5]}) >= 2
    assert result.hits[0].passage.section == "Side Effects and Safety Concerns"
    assert [h.rank for h in result.hits] == list(range(1, len(result.hits) + 1))
    assert all(a.score >= b.score for a, b in zip(result.hits, result.hits[1:], strict=False))


def test_hits_point_at_the_exact_text_of_their_file(engine: Engine) -> None:
    for hit in engine.search("how long does relief last", limit=20).hits:
        text = Path(hit.file).read_text(encoding="utf-8")
        assert text[hit.passage.start : hit.passage.end] == hit.passage.text
        assert hit.title == engine.article(hit.passage.source_id).title


def test_natural_language_question_and_keywords_agree(engine: Engine) -> None:
    question = engine.search("What side effects can ketamine cause?", limit=3)
    keywords = engine.search("side effects", limit=3)
    assert question.hits[0].passage.passage_id in {h.passage.passage_id for h in keywords.hits}
    assert "Side Effects" in keywords.hits[0].passage.section  # a topic leads with its section


LED_QUESTIONS = (
    "What are the side effects?",
    "Who should consider ketamine therapy?",
    "How long do the effects last?",
    "Is ketamine addictive?",
    "how does ketamine act on glutamate",  # asked by its words, without a question mark
)


def ids(hits: Any) -> list[str]:
    return [h.passage.passage_id for h in hits]


@pytest.fixture(scope="module")
def unled(corpus_dir: Path) -> Engine:
    """The bundled corpus ranked without the answer's lead."""
    return Engine.in_memory(corpus_dir, settings=DEFAULT_SETTINGS._replace(answer_lead=0))


@pytest.mark.parametrize("question", LED_QUESTIONS)
def test_a_questions_results_lead_with_the_passages_its_answer_quotes(
    engine: Engine, unled: Engine, question: str
) -> None:
    answer = engine.ask(question)
    assert answer.answered
    quoted = list(dict.fromkeys(s.citations[0].passage_id for s in answer.sentences))
    lead = quoted[: engine.settings.answer_lead]
    hits = engine.search(question, limit=5).hits
    assert ids(hits[: len(lead)]) == lead
    # the rest keep their ranking order, and ranks and scores still read in order
    ranked = ids(unled.search(question, limit=engine.settings.passages_considered).hits)
    assert ids(hits[len(lead) :]) == [p for p in ranked if p not in lead][: 5 - len(lead)]
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in pairwise(hits))


def test_the_lead_moves_a_passage_that_ranking_put_lower(engine: Engine, unled: Engine) -> None:
    question = "What are the side effects?"
    led, ranked = (
        ids(engine.search(question, limit=5).hits),
        ids(unled.search(question, limit=5).hits),
    )
    assert led != ranked and sorted(led[:2]) != sorted(ranked[:2])


@pytest.mark.parametrize(
    "query",
    [
        "side effects",  # a keyword query: its answer would quote another passage first
        "glutamate nmda receptor",
        "Does ketamine show up on a drug test?",  # not covered: no answer to lead with
        "Can I drive home after an infusion?",
    ],
)
def test_keywords_and_uncovered_questions_keep_the_ranking_order(
    engine: Engine, unled: Engine, query: str
) -> None:
    led = engine.explain_search(query, limit=5)
    assert ids(led.result.hits) == ids(unled.search(query, limit=5).hits)
    assert all(s.stage != "answer lead" for h in led.hits for s in h.stages)


def test_typo_is_corrected_and_reported(engine: Engine) -> None:
    result = engine.search("ketamin side efects")
    assert result.corrected == "ketamine side effects"
    assert "side effects" in result.hits[0].passage.text


def test_real_words_are_not_corrected_into_other_words(engine: Engine) -> None:
    # "home" is one letter from "hope", but m and p are far apart on a keyboard.
    assert engine.plan("Can I drive home?").corrected is None


def test_quoted_phrase_is_required(engine: Engine) -> None:
    hits = engine.search('"blood pressure"', limit=20).hits
    assert hits
    assert all("blood pressure" in h.passage.text.lower() for h in hits)


def test_a_quoted_word_no_article_has_is_searched_as_a_word(engine: Engine) -> None:
    # "“hooked”" is a manner of speaking, not a phrase to find as written: no passage has it,
    # and its synonyms are in the articles
    hits = engine.search("“hooked”", limit=5).hits
    assert hits and "addiction" in hits[0].passage.text
    assert not any(c.required for c in engine.plan("Will I get “hooked”?").concepts)
    assert any(c.required for c in engine.plan('"blood pressure" risk').concepts)


def test_synonyms_find_the_articles_words(engine: Engine) -> None:
    # Nobody in the corpus says "high"; the synonyms map it to "dissociative"/"hallucinogenic".
    hits = engine.search("getting high", limit=5).hits
    assert any("dissociative" in h.passage.text or "hallucinogenic" in h.passage.text for h in hits)


def test_source_filter(engine: Engine) -> None:
    hits = engine.search("ketamine", limit=50, source="right-option").hits
    assert hits and {h.passage.source_id for h in hits} == {"right-option"}
    with pytest.raises(NotFoundError, match="no article with id 'nope'"):
        engine.search("ketamine", source="nope")


@pytest.mark.parametrize("query", ["the of and", "???", "((((", "AND OR NOT", '"the"'])
def test_queries_without_content_find_nothing(engine: Engine, query: str) -> None:
    assert engine.search(query).hits == ()


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced ( AND',
        "side:effects",
        "ketamine^2 dose~",
        "[bold]side[/bold] effects",
        "*ketamine?",
    ],
)
def test_query_syntax_never_raises(engine: Engine, query: str) -> None:
    result = engine.search(query)  # syntax characters are plain text, never an error
    assert result.query == clean_query(query)
    words = {w for w in ("side", "effect", "ketamine", "dos") if w in query}
    if words:  # the words around the syntax characters are still searched for
        assert result.hits
        for hit in result.hits[:3]:
            text = f"{hit.passage.section} {hit.passage.text}".lower()
            assert any(w in text for w in words)


def test_bounds_are_enforced(engine: Engine) -> None:
    with pytest.raises(QueryError, match="empty query"):
        engine.search("   ")
    with pytest.raises(QueryError, match="too long"):
        engine.search("a" * (MAX_QUERY_CHARS + 1))
    with pytest.raises(QueryError, match="limit"):
        engine.search("ketamine", limit=0)
    assert len(engine.search("ketamine " * 100, limit=100).hits) <= 100


def test_control_characters_and_escape_sequences_are_dropped_from_queries() -> None:
    assert clean_query("side\x1b[31m effects\x00") == "side effects"
    assert clean_query("\x1b[1mWhat is glutamate?\x1b[0m") == "What is glutamate?"
    assert clean_query("\x1b]8;;file:///etc/passwd\x1b\\link\x1b]8;;\x1b\\ text") == "link text"
    assert clean_query("title\x1b]0;pwned\x07 here") == "title here"
    assert clean_query("a\x1b7b\x9b2Jc") == "a b c"
    assert clean_query("\x1bketamine \x9bdose") == "ketamine dose"  # a stray ESC eats no letter
    assert clean_query("reset\x1b(B\x1b[m side effects") == "reset side effects"
    # An OSC with no terminator is not a sequence: only its ESC goes, the words stay.
    assert "ketamine side effects" in clean_query("\x1b]0;title ketamine side effects")
    with pytest.raises(QueryError):
        clean_query("\x1b[31m\x1b[0m")


def test_a_coloured_question_is_answered_like_a_plain_one(engine: Engine) -> None:
    coloured = engine.ask("\x1b[1mWhat is glutamate?\x1b[0m")
    assert coloured.answered
    assert coloured.sentences == engine.ask("What is glutamate?").sentences


def test_snippet_marks_every_match_and_clips_long_passages() -> None:
    text = (
        "Intro words. " * 30
        + "Ketamine can cause side effects such as nausea. "
        + "Tail words. " * 30
    )
    snippet = make_snippet(text, frozenset({"side", "effect", "nausea"}))
    assert snippet.clipped_start and snippet.clipped_end
    marked = [snippet.text[m.start : m.end] for m in snippet.matches]
    assert marked == ["side", "effects", "nausea"]


def test_snippet_of_short_passage_is_whole() -> None:
    snippet = make_snippet("Side effects are mild.", frozenset({"side"}))
    assert snippet.text == "Side effects are mild." and not snippet.clipped_end
    assert [(m.start, m.end) for m in snippet.matches] == [(0, 4)]


@pytest.mark.parametrize(
    ("typed", "word", "expected"),
    [
        ("efects", "effects", True),  # missing letter
        ("effffects", "effects", True),  # doubled letter
        ("sidre", "side", True),  # extra letter from a neighbouring key
        ("sidqe", "side", False),  # an extra letter from far away is not a slip
        ("deprseion", "depression", True),  # within two edits
        ("sied", "side", True),  # swapped letters
        ("sode", "side", True),  # neighbouring key
        ("home", "hope", False),  # m and p are not neighbours
        ("cat", "dog", False),
    ],
)
def test_typing_error_model(typed: str, word: str, expected: bool) -> None:
    assert plausible_typo(typed, word, 2) is expected


def test_search_works_on_a_user_corpus_with_markup_in_it(tmp_path: Path) -> None:
    write_articles(
        tmp_path,
        {
            "a.md": (
                "# [bold]Dose[/bold] notes\n\nThe \x1b[31mdose[/] was tailored to each patient.\n"
            ),
            "b.md": "# Other\n\nNothing relevant here at all.\n",
        },
    )
    engine = Engine.in_memory(tmp_path)
    hits = engine.search("dose").hits
    assert hits[0].passage.text == "The \x1b[31mdose[/] was tailored to each patient."
    assert hits[0].title == "[bold]Dose[/bold] notes"


def test_term_lookups_are_cached_and_change_no_result(corpus_dir: Path) -> None:
    # The cache reaches into Whoosh's segment readers: if an upgrade renames them, this fails.
    from ketamine_tui.whoosh_backend import cache_term_lookups

    engine = Engine.open(corpus_dir)
    backend: Any = engine.backend
    cached_reader = backend._searcher.reader()
    lookups = [segment._terms.term_info for segment, _ in cached_reader.leaf_readers()]
    assert lookups and all(hasattr(lookup, "cache_info") for lookup in lookups)
    assert not cache_term_lookups(cached_reader)  # installed once only

    queries = [
        "side effects",
        "How quickly does ketamine work?",
        "ketamin side efects",
        "glutamate",
    ]
    with_cache = [engine.search(q).hits for q in queries]
    assert sum(lookup.cache_info().hits for lookup in lookups) > 0

    backend._searcher = engine.index.index.searcher()  # a plain Whoosh searcher, no cache
    backend._passages = type(backend._passages)(10)  # and no passages read before
    try:
        assert [engine.search(q).hits for q in queries] == with_cache
    finally:
        backend._searcher.close()
        engine.close()


def _question_query(engine: Engine, question: str) -> Any:
    """The backend query a question makes (as the engine asks it)."""
    stages: Any = engine._stages
    plan = stages.analyzer.plan(question)
    return stages.retriever.query(stages.searched(plan, stages.questions.frame(plan)))


@pytest.mark.parametrize(
    "question",
    ["How quickly does ketamine work?", "side effects", '"blood pressure" ketamine', "glutamate"],
)
def test_remembered_leaves_replay_what_whoosh_scores(corpus_dir: Path, question: str) -> None:
    # Leaves replayed from memory must give Whoosh's own documents, scores and order: compared
    # with the plain Whoosh query (no memory, Whoosh's own `Or`) searched exhaustively on a fresh
    # searcher (a limited search can skip a passage of the top on a large index).
    from whoosh.query import Or, Term

    from ketamine_tui import whoosh_backend

    engine = Engine.open(corpus_dir)
    backend: Any = engine.backend
    query = _question_query(engine, question)
    plain_searcher = engine.index.index.searcher()

    def plain(source: str | None = None) -> list[tuple[float, int]]:
        compiled = whoosh_backend.compile_query(query)
        for part in [compiled, *getattr(compiled, "subqueries", [])]:
            if isinstance(part, Or):
                part.__class__ = Or  # Whoosh's own union, not the backend's
        filtered = Term("source_id", source) if source else None
        found = plain_searcher.search(compiled, limit=None, filter=filtered)
        return [(hit.score, hit.docnum) for hit in found][:40]

    def ours(source: str | None = None) -> list[tuple[float, str]]:
        return [(c.score, c.passage.passage_id) for c in backend.candidates(query, 40, source)]

    try:
        source = engine.articles[0].source_id
        first, first_one = ours(), ours(source)
        assert len(backend._remembered) > 0  # the leaves were kept
        assert ours() == first and ours(source) == first_one  # and replayed alike
        expected = plain()
        assert first and [s for s, _ in first] == [s for s, _ in expected]
        ids = [plain_searcher.stored_fields(d)["passage_id"] for _, d in expected]
        assert [p for _, p in first] == ids
        assert [s for s, _ in first_one] == [s for s, _ in plain(source)]
    finally:
        plain_searcher.close()
        engine.close()


@pytest.mark.parametrize("limit", ["REMEMBERED_MATCHES", "REMEMBER_UP_TO_PASSAGES"])
def test_a_leaf_matching_too_many_passages_or_in_a_large_index_is_not_remembered(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    from ketamine_tui import whoosh_backend

    monkeypatch.setattr(whoosh_backend, limit, 0)
    engine = Engine.open(corpus_dir)
    backend: Any = engine.backend
    try:
        hits = engine.search("How quickly does ketamine work?").hits
        assert hits and len(backend._remembered) == 0
    finally:
        engine.close()


def test_the_words_near_a_typo_are_looked_up_once(corpus_dir: Path) -> None:
    engine = Engine.open(corpus_dir)
    stages: Any = engine._stages
    source = stages.analyzer.statistics.source
    calls: list[str] = []
    lookup = source.words_within

    def counted(word: str, distance: int, prefix: int) -> Any:
        calls.append(word)
        return lookup(word, distance, prefix)

    source.words_within = counted
    try:
        first = engine.search("ketamin sied efects").hits
        looked_up = len(calls)
        assert looked_up > 0 and first
        assert engine.search("ketamin sied efects").hits == first
        assert len(calls) == looked_up
    finally:
        engine.close()


def test_word_families_a_suffix_stemmer_keeps_apart_still_match(tmp_path: Path) -> None:
    folder = write_articles(
        tmp_path / "corpus",
        {
            "a.md": "# Care\n\nTreatment usually starts with a conversation.\n",
            "b.md": "# Other\n\nSexual health was not discussed in this article.\n",
            "c.md": "# Filler\n\nNothing here mentions either of those words at all.\n",
        },
    )
    engine = Engine.in_memory(folder)
    # Porter gives "treated" -> "treat" but "treatment" -> "treatment"; "sex" is not in the
    # articles at all, "sexual" is.
    assert engine.search("treated").hits[0].passage.source_id == "a"
    assert engine.search("sex").hits[0].passage.source_id == "b"
    # A word's own stem is never listed again as its variant.
    concept = engine.plan("treated").concepts[0]
    assert ("treat",) not in concept.alternates and ("treatment",) in concept.alternates


def test_word_families_need_a_derivational_suffix(engine: Engine) -> None:
    # "men" is not "mental", "art" is not "article": only suffixes such as -al or -ment join.
    assert not engine.search("men").hits
    assert not engine.ask("Does ketamine help with art therapy?").answered
    assert engine.plan("art").concepts[0].alternates == ()


def test_a_text_is_framed_once_while_kept_and_results_do_not_depend_on_it(
    corpus_dir: Path,
) -> None:
    # Search as one types, then ask what was typed: one plan and frame for the text, so the
    # evidence weighed for it in the search serves the answer; what either returns is the same.
    from ketamine_tui.pipeline import FRAMED_CACHE_SIZE

    questions = ["How long do the effects last?", "side effects", "Is ketamine addictive?"]
    fresh = [Engine.in_memory(corpus_dir) for _ in questions]
    alone = [e.ask(q) for e, q in zip(fresh, questions, strict=True)]
    searched_alone = [Engine.in_memory(corpus_dir).search(q) for q in questions]

    engine = Engine.in_memory(corpus_dir)
    stages: Any = engine._stages
    for question, answer, result in zip(questions, alone, searched_alone, strict=True):
        assert engine.search(question) == result
        first = stages.framed(question)
        assert engine.ask(question) == answer
        assert stages.framed(question) is first  # kept: the same objects
    assert engine.search(questions[0]) == searched_alone[0]
    kept = stages.framed(questions[0])
    for n in range(FRAMED_CACHE_SIZE):
        stages.framed(f"question {n}")
    assert stages.framed(questions[0]) is not kept  # bounded: pushed out, framed anew
    assert stages.framed(questions[0]) == kept
