"""Retrieval and answer quality on the development questions (targets from the issues)."""

from __future__ import annotations

import pytest
from conftest import DATA

from ketamine_tui.engine import Engine
from ketamine_tui.evaluation import EvalReport, evaluate, load_questions


@pytest.fixture(scope="module")
def dev_report(engine: Engine) -> EvalReport:
    return evaluate(engine, load_questions(DATA / "dev-questions.jsonl"))


def test_search_success_at_3(dev_report: EvalReport) -> None:
    assert dev_report.answerable == 25
    assert dev_report.success_at[3] >= 0.9


def test_answers_contain_gold_phrases(dev_report: EvalReport) -> None:
    assert dev_report.answer_gold_share >= 0.85


def test_answerability_accuracy(dev_report: EvalReport) -> None:
    assert dev_report.answerability_accuracy >= 0.85
    assert dev_report.false_answered == 0


def test_the_first_sentence_holds_the_gold(dev_report: EvalReport) -> None:
    assert dev_report.first_sentence_gold_share >= 0.75


def test_metrics_are_consistent(dev_report: EvalReport) -> None:
    s = dev_report.success_at
    assert s[1] <= s[3] <= s[5] <= 1.0
    assert s[1] <= dev_report.mrr <= s[5] + (1 - s[5]) / 6


# More question sets guard against tuning to the dev set alone: `own-questions.jsonl`, written
# before the engine was tuned; `colloquial-questions.jsonl`, everyday phrasings written by a
# separate session from the articles alone (it has since informed the synonyms, so it is no
# longer blind); `blind-questions.jsonl`, written the same way in the dev set's style;
# `held-out-questions.jsonl` and `real-held-out-questions.jsonl`, only measured, never tuned on;
# `real-questions.jsonl`, questions from public clinic, health-service and forum pages labelled
# against the articles; `real-tune-questions.jsonl` and `plain-questions.jsonl`, more of the
# kind, written blind; `real-blind-questions.jsonl`, 40 more of the kind written blind by a
# separate session from the articles alone (measured once, then tuned on);
# `real-check-questions.jsonl`, 40 more by another such session (measured before and after this
# round's changes, then its uncovered-but-answered and missed questions looked at);
# `real-fresh-questions.jsonl`, 40 forum-style questions by another such session (measured before
# this round's changes, then tuned on); `real-pages-tune-questions.jsonl` and
# `real-pages-check-questions.jsonl`, 40 questions as public pages word them (found among stored
# pages, with their addresses), alternate lines in each: the first half tuned on, the second only
# measured. The floors are
# today's measured figures less a margin (uncovered questions answered: today's count at most):
# they catch regressions, not ambitions.
@pytest.mark.parametrize(
    ("name", "search_at_3", "gold", "first", "answerability", "false_answered"),
    [
        ("own-questions.jsonl", 0.95, 0.88, 0.78, 0.95, 0),
        ("colloquial-questions.jsonl", 0.9, 0.77, 0.7, 0.88, 0),
        ("blind-questions.jsonl", 0.92, 0.82, 0.76, 0.92, 0),
        ("held-out-questions.jsonl", 0.88, 0.61, 0.51, 0.75, 0),
        ("real-questions.jsonl", 0.64, 0.72, 0.49, 0.95, 0),
        ("real-held-out-questions.jsonl", 0.72, 0.56, 0.39, 0.85, 2),
        ("real-tune-questions.jsonl", 0.7, 0.7, 0.6, 0.87, 1),
        ("plain-questions.jsonl", 0.63, 0.37, 0.25, 0.67, 0),
        ("real-blind-questions.jsonl", 0.95, 0.89, 0.77, 0.9, 1),
        ("real-check-questions.jsonl", 0.95, 0.75, 0.61, 0.95, 0),
        ("real-fresh-questions.jsonl", 0.89, 0.71, 0.66, 0.92, 0),
        ("real-pages-tune-questions.jsonl", 0.75, 0.75, 0.64, 0.95, 0),
        ("real-pages-check-questions.jsonl", 0.84, 0.62, 0.51, 0.85, 1),
    ],
)
def test_other_question_sets_do_not_regress(
    engine: Engine,
    name: str,
    search_at_3: float,
    gold: float,
    first: float,
    answerability: float,
    false_answered: int,
) -> None:
    report = evaluate(engine, load_questions(DATA / name))
    assert report.success_at[3] >= search_at_3
    assert report.answer_gold_share >= gold
    assert report.first_sentence_gold_share >= first
    assert report.answerability_accuracy >= answerability
    assert report.false_answered <= false_answered


def test_eval_of_several_sets_prints_one_row_each(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from ketamine_tui.shell import main

    files = [str(DATA / "dev-questions.jsonl"), str(DATA / "real-questions.jsonl")]
    try:
        main(["eval", *files, "--json"])
    except SystemExit as exc:
        assert not exc.code
    sets = json.loads(capsys.readouterr().out)["sets"]
    assert [s["set"] for s in sets] == ["dev-questions", "real-questions"]
    for report in sets:
        ask = report["ask"]
        assert ask["first_sentence_contains_gold"] <= ask["answer_contains_gold"]
        uncovered = report["questions"] - report["answerable"]
        assert 0 <= ask["unanswerable_answered"] <= uncovered
    try:
        main(["eval", *files])
    except SystemExit as exc:
        assert not exc.code
    out = capsys.readouterr().out
    assert "dev " in out and "real " in out and "miss" in out


def test_the_eval_table_fits_80_columns_with_the_longest_set_name(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ketamine_tui.shell import main

    monkeypatch.setenv("COLUMNS", "80")
    files = [str(DATA / "real-pages-check-questions.jsonl"), str(DATA / "dev-questions.jsonl")]
    try:
        main(["eval", *files])
    except SystemExit as exc:
        assert not exc.code
    table = capsys.readouterr().out.split("qs: questions")[0]
    assert "…" not in table and "gold" in table and "false" in table
    assert max(len(line) for line in table.splitlines()) <= 80
