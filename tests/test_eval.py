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


def test_metrics_are_consistent(dev_report: EvalReport) -> None:
    s = dev_report.success_at
    assert s[1] <= s[3] <= s[5] <= 1.0
    assert s[1] <= dev_report.mrr <= s[5] + (1 - s[5]) / 6
