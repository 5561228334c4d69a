"""Why this passage, why this sentence: explanations read back what search and answers did."""

from __future__ import annotations

import math

import pytest

from ketamine_tui.engine import Engine
from ketamine_tui.explain import word_matches
from ketamine_tui.explain_models import VIA_FAMILY, VIA_SYNONYM, VIA_WORD
from ketamine_tui.models import Hit
from ketamine_tui.words import stem, stems

QUERIES = (
    "side effects",
    "How long do the effects last?",
    '"blood pressure"',
    "ketamin efects",
    "Who should consider ketamine therapy?",
    "treated",
)


def field_text(hit: Hit, field: str) -> str:
    return {"title": hit.title, "section": hit.passage.section, "body": hit.passage.text}[field]


@pytest.mark.parametrize("query", QUERIES)
def test_explaining_a_search_changes_none_of_its_hits(engine: Engine, query: str) -> None:
    explained = engine.explain_search(query, limit=5)
    assert explained.result == engine.search(query, limit=5)
    assert [h.passage_id for h in explained.hits] == [
        h.passage.passage_id for h in explained.result.hits
    ]


@pytest.mark.parametrize("query", QUERIES)
def test_the_score_is_the_backends_times_each_stage(engine: Engine, query: str) -> None:
    explained = engine.explain_search(query, limit=5)
    assert explained.hits
    for hit, why in zip(explained.result.hits, explained.hits, strict=True):
        assert why.score == hit.score and why.rank == hit.rank
        stages = ["required phrases", "coverage", "evidence"]
        if query.endswith("?"):  # a question's results lead with the passages its answer quotes
            stages.append("answer lead")
        assert [s.stage for s in why.stages] == stages
        product = why.backend_score * math.prod(s.factor for s in why.stages)
        assert product == pytest.approx(hit.score, rel=1e-3)


@pytest.mark.parametrize("query", QUERIES)
def test_matched_words_stand_in_their_fields(engine: Engine, query: str) -> None:
    explained = engine.explain_search(query, limit=5)
    plan = engine.plan(query)
    labels = {c.label for c in plan.concepts} | {n.label for n in explained.query.concepts}
    for hit, why in zip(explained.result.hits, explained.hits, strict=True):
        assert why.matches, hit.passage.passage_id
        for match in why.matches:
            text = field_text(hit, match.field)
            assert match.concept in labels
            for start, end in match.spans:
                assert text[start:end] in match.words
            assert all(word in text for word in match.words)


def test_words_of_the_query_match_as_themselves(engine: Engine) -> None:
    why = engine.explain_search("side effects", limit=1).hits[0]
    own = [m for m in why.matches if m.via == VIA_WORD and m.concept == "side effects"]
    assert {m.field for m in own} >= {"section", "body"}
    assert all(" ".join(stems(w)) == "side effect" for m in own for w in m.words)


def test_a_synonym_and_a_word_family_are_named_as_such(engine: Engine) -> None:
    explained = engine.explain_search("side effects", limit=10)
    synonyms = [m for h in explained.hits for m in h.matches if m.via == VIA_SYNONYM]
    assert synonyms
    for match in synonyms:
        assert all(" ".join(stems(w)) != "side effect" for w in match.words)
    family = [m for h in engine.explain_search("treated", limit=5).hits for m in h.matches]
    assert any(m.via == VIA_FAMILY and "treatment" in {w.lower() for w in m.words} for m in family)


def test_a_corrected_word_names_the_word_typed(engine: Engine) -> None:
    explained = engine.explain_search("ketamin efects", limit=3)
    assert explained.result.corrected == "ketamine effects"
    notes = {n.label: n for n in explained.query.concepts}
    assert notes["effects"].corrected_from == "efects"
    assert notes["ketamine"].role == "in most passages"  # left out: it tells no passage apart
    assert any(m.corrected_from == "efects" for h in explained.hits for m in h.matches)


def test_words_no_article_contains_are_named(engine: Engine) -> None:
    explained = engine.explain_search("zzqqxx", limit=3)
    assert explained.result.hits == () and explained.hits == ()
    assert explained.query.unknown == ("zzqqxx",)


def test_a_phrase_matches_where_its_words_stand_together() -> None:
    from ketamine_tui.analysis import Concept

    phrase = Concept("blood pressure", ((stem("blood"), stem("pressure")),))
    text = "Blood pressure rose; the pressure of blood tests was high."
    (match,) = word_matches("body", text, [phrase])
    assert match.words == ("Blood pressure",) and match.spans == ((0, 14),)
    scattered = word_matches("body", "pressure from blood", [phrase])
    assert scattered[0].words == ("pressure", "blood")


def test_the_first_sentence_of_an_answer_is_explained_by_its_score(engine: Engine) -> None:
    for question in ("How long do the effects last?", "What is glutamate?", "side effects"):
        explained = engine.explain_answer(question)
        answer = explained.answer
        assert answer == engine.ask(question)
        assert explained.first is not None and explained.considered > 1
        assert explained.first.text == answer.sentences[0].text
        assert explained.first.answers
        points = sum(f.points for f in explained.first.features)
        assert points == pytest.approx(explained.first.score, abs=1e-3)
        assert {f.name for f in explained.first.features} == {
            "coverage", "cue", "rank", "focus", "evidence", "meta", "definition"
        }  # fmt: skip
        runner_up = explained.runner_up
        assert runner_up is not None and runner_up.text != explained.first.text
        assert runner_up.score <= explained.first.score or not runner_up.answers


def test_a_definition_question_credits_the_defining_sentence(engine: Engine) -> None:
    first = engine.explain_answer("What is glutamate?").first
    assert first is not None
    assert {f.name: f.value for f in first.features}["definition"] == 1.0


def test_not_covered_names_the_words_no_article_contains(engine: Engine) -> None:
    explained = engine.explain_answer("Is ketamine safe during pregnancy?")
    assert not explained.answer.answered and explained.first is None
    assert "pregnancy" in explained.query.unknown
    for article in engine.articles:
        for passage in engine.passages(article.source_id):
            assert stem("pregnancy") not in stems(passage.text)
