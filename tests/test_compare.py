"""Comparing the articles: each article's sentences, shared claims, "not covered" as `ask` says."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, write_articles

from ketamine_tui.answer import near_duplicates
from ketamine_tui.answer_models import Citation
from ketamine_tui.answer_types import taxonomy
from ketamine_tui.compare_models import Comparison
from ketamine_tui.engine import Engine
from ketamine_tui.evaluation import load_questions
from ketamine_tui.evidence import SentenceReader
from ketamine_tui.settings import DEFAULT_SETTINGS

COVERED = "How quickly does ketamine work?"


def assert_verbatim(citation: Citation) -> None:
    """A citation is its file's text at its offsets."""
    text = Path(citation.file).read_text(encoding="utf-8")
    assert text[citation.start : citation.end] == citation.text


def all_citations(comparison: Comparison) -> list[Citation]:
    return [c for claim in comparison.claims for c in claim.citations] + [
        s.citation for article in comparison.articles for s in article.sentences
    ]


def test_a_covered_question_shows_every_article_and_their_claims(engine: Engine) -> None:
    comparison = engine.compare(COVERED)
    assert comparison.covered and comparison.reason == ""
    assert [a.source_id for a in comparison.articles] == [a.source_id for a in engine.articles]
    assert comparison.article_count == 5 and comparison.not_compared == 0
    for article in comparison.articles:
        assert len(article.sentences) <= DEFAULT_SETTINGS.max_sentences
        assert all(s.citation.source_id == article.source_id for s in article.sentences)
        assert article.title == engine.article(article.source_id).title
    assert sum(a.mentions for a in comparison.articles) >= 4
    for citation in all_citations(comparison):
        assert_verbatim(citation)
    # One claim said by several articles ("within hours" against "weeks"), others by one only.
    said_by = [len(claim.source_ids) for claim in comparison.claims]
    assert max(said_by) >= 2 and min(said_by) == 1
    for claim in comparison.claims:
        assert claim.text == claim.citations[0].text
    # Every sentence an article block shows belongs to a claim.
    claimed = {(c.passage_id, c.start) for claim in comparison.claims for c in claim.citations}
    shown = {
        (s.citation.passage_id, s.citation.start) for a in comparison.articles for s in a.sentences
    }
    assert shown <= claimed


def test_claims_merge_near_duplicates_and_keep_the_rest_apart(
    engine: Engine, corpus_dir: Path
) -> None:
    reader = SentenceReader(taxonomy())
    stems_of = {}
    for article in engine.articles:
        for passage in engine.passages(article.source_id):
            for facts in reader.sentences(passage):
                stems_of[(passage.passage_id, facts.start)] = facts.stems
    comparison = engine.compare(COVERED)
    heads = []
    for claim in comparison.claims:
        head = stems_of[(claim.citations[0].passage_id, claim.citations[0].start)]
        for citation in claim.citations[1:]:
            other = stems_of[(citation.passage_id, citation.start)]
            assert near_duplicates(head, other, DEFAULT_SETTINGS)
        heads.append(head)
    for i, a in enumerate(heads):
        for b in heads[:i]:
            assert not near_duplicates(a, b, DEFAULT_SETTINGS)


def test_a_claim_one_article_makes_is_said_nowhere_else(engine: Engine) -> None:
    reader = SentenceReader(taxonomy())
    sentences = {
        article.source_id: [
            facts.stems
            for passage in engine.passages(article.source_id)
            for facts in reader.sentences(passage)
        ]
        for article in engine.articles
    }
    for question in (COVERED, "What is glutamate?", "How long do the effects last?"):
        comparison = engine.compare(question)
        singles = [c for c in comparison.claims if len(c.source_ids) == 1]
        assert singles
        for claim in singles:
            own = reader.sentences(
                next(
                    p
                    for p in engine.passages(claim.source_ids[0])
                    if p.passage_id == claim.citations[0].passage_id
                )
            )
            head = next(f.stems for f in own if f.start == claim.citations[0].start)
            for source_id, others in sentences.items():
                if source_id != claim.source_ids[0]:
                    assert not any(near_duplicates(head, o, DEFAULT_SETTINGS) for o in others)


def test_an_article_that_does_not_mention_the_subject_says_nothing(engine: Engine) -> None:
    comparison = engine.compare("What is glutamate?")
    assert comparison.covered
    silent = [a for a in comparison.articles if not a.mentions]
    assert [a.source_id for a in silent] == ["rapid-relief"]
    assert not any("glutamate" in p.text.lower() for p in engine.passages("rapid-relief"))
    # The articles that define it say so in a sentence that answers.
    assert any(s.answers for a in comparison.articles for s in a.sentences)


@pytest.mark.parametrize(
    "question", ["How much does it cost?", "Is ketamine safe during pregnancy?"]
)
def test_a_question_not_covered_says_so_as_ask_does(engine: Engine, question: str) -> None:
    comparison = engine.compare(question)
    answer = engine.ask(question)
    assert not comparison.covered and not answer.answered
    assert comparison.reason == answer.reason
    assert comparison.claims == () and comparison.articles == ()
    assert comparison.related == answer.related


def test_compare_covers_exactly_what_ask_answers(engine: Engine) -> None:
    questions = [q.question for q in load_questions(DATA / "dev-questions.jsonl")]
    questions += [q.question for q in load_questions(DATA / "blind-questions.jsonl")][:15]
    for question in questions:
        comparison, answer = engine.compare(question), engine.ask(question)
        assert comparison.covered == answer.answered, question
        assert comparison.reason == answer.reason, question
        if comparison.covered:
            # What made the question covered is read in its article too.
            assert any(a.mentions for a in comparison.articles), question


def test_a_corpus_of_many_articles_compares_those_with_the_best_passages(
    corpus_dir: Path,
) -> None:
    settings = DEFAULT_SETTINGS._replace(compare_articles=2)
    engine = Engine.in_memory(corpus_dir, settings=settings)
    comparison = engine.compare(COVERED)
    assert comparison.covered
    assert len(comparison.articles) == 2 and comparison.not_compared == 3
    best = engine.ask(COVERED).hits[0].passage.source_id
    assert best in {a.source_id for a in comparison.articles}
    order = [a.source_id for a in engine.articles]
    assert [a.source_id for a in comparison.articles] == sorted(
        (a.source_id for a in comparison.articles), key=order.index
    )


def test_the_same_sentence_in_two_articles_is_one_claim(tmp_path: Path) -> None:
    shared = "Ketamine can relieve symptoms of depression within hours of the first infusion."
    write_articles(
        tmp_path,
        {
            "first.md": f"# First\n\nSome context about clinics.\n\n{shared} It is given there.\n",
            "second.md": f"# Second\n\nA different opening paragraph.\n\n{shared}\n",
            "third.md": "# Third\n\nNothing about speed at all, only about zebrafish.\n",
        },
    )
    comparison = Engine.in_memory(tmp_path).compare("How fast does ketamine relieve depression?")
    assert comparison.covered
    claim = next(c for c in comparison.claims if c.text == shared)
    assert set(claim.source_ids) == {"first", "second"}
    assert [a.mentions for a in comparison.articles] == [True, True, False]


def test_pooled_candidates_equal_those_of_one_query_per_article(engine: Engine) -> None:
    stages = engine._stages
    ids = [a.source_id for a in engine.articles]
    for query in (COVERED, "side effects", '"blood pressure"', "glutamate receptor"):
        plan = stages.analyzer.plan(query)
        concepts = stages.searched(plan, stages.questions.frame(plan))
        for settings_change in ({}, {"min_candidates": 2, "candidates_per_hit": 1}):
            retriever = stages.retriever
            retriever.settings = DEFAULT_SETTINGS._replace(**settings_change)
            try:
                pooled = retriever.pool(concepts, 8, len(ids))
                assert pooled[: retriever.fetch(8)] == retriever.candidates(concepts, 8)
                found = retriever.by_article(concepts, 8, pooled, ids, most=len(ids))
                for source in ids:
                    alone = retriever.candidates(concepts, 8, source)
                    assert found[source] == alone, (query, source, settings_change)
            finally:
                retriever.settings = DEFAULT_SETTINGS


def test_the_best_hits_of_a_comparison_are_those_of_ask(engine: Engine) -> None:
    stages = engine._stages
    for question in (COVERED, "side effects", "What is glutamate?", "Is ketamine addictive?"):
        plan, frame = stages.framed(question)
        best, _ = stages.compared_hits(plan, frame)
        assert best == stages.hits(plan, frame, DEFAULT_SETTINGS.passages_considered)
        assert best == engine.ask(question).hits
