"""Measure retrieval and answers on a question file (`{"q", "answerable", "gold"}` per line)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ketamine_tui.engine import Engine
from ketamine_tui.errors import InputError

CUTOFFS = (1, 3, 5)
MRR_DEPTH = 10


@dataclass(frozen=True)
class EvalQuestion:
    """A question with its expected answerability and verbatim gold phrases."""

    question: str
    answerable: bool
    gold: tuple[str, ...]


@dataclass(frozen=True)
class QuestionOutcome:
    """How the engine did on one question."""

    question: str
    answerable: bool
    search_rank: int | None
    answered: bool
    answer_has_gold: bool
    first_sentence_has_gold: bool = False

    @property
    def miss(self) -> str | None:
        """What went wrong on this question, in a few words; None when nothing did."""
        if self.answerable and not self.answered:
            return "said not covered"
        if not self.answerable and self.answered:
            return "answered but not covered"
        if self.answerable and not self.answer_has_gold:
            return f"answer lacks gold (search rank {self.search_rank})"
        return None


@dataclass(frozen=True)
class EvalReport:
    """Aggregate metrics over a question file."""

    questions: int
    answerable: int
    success_at: dict[int, float]
    mrr: float
    answer_gold_share: float
    first_sentence_gold_share: float
    answerability_accuracy: float
    false_not_covered: int
    false_answered: int
    outcomes: tuple[QuestionOutcome, ...]

    def _share(self, value: float) -> float | None:
        """A metric over the answerable questions, rounded; None (n/a) when there are none."""
        return round(value, 4) if self.answerable else None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form of the report."""
        return {
            "questions": self.questions,
            "answerable": self.answerable,
            "search": {
                **{f"success@{k}": self._share(v) for k, v in self.success_at.items()},
                f"mrr@{MRR_DEPTH}": self._share(self.mrr),
            },
            "ask": {
                "answer_contains_gold": self._share(self.answer_gold_share),
                "first_sentence_contains_gold": self._share(self.first_sentence_gold_share),
                "answerability_accuracy": round(self.answerability_accuracy, 4),
                "answerable_said_not_covered": self.false_not_covered,
                "unanswerable_answered": self.false_answered,
            },
            "per_question": [
                {
                    "q": o.question,
                    "answerable": o.answerable,
                    "search_rank": o.search_rank,
                    "answered": o.answered,
                    "answer_contains_gold": o.answer_has_gold,
                    "first_sentence_contains_gold": o.first_sentence_has_gold,
                }
                for o in self.outcomes
            ],
        }


def load_questions(path: Path | str) -> list[EvalQuestion]:
    """Read a JSON-lines question file; a malformed line is an error naming the line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    questions = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                questions.append(_question(json.loads(line)))
            except (ValueError, TypeError) as exc:
                raise InputError(f"{path}: line {number}: {exc}") from exc
            except RecursionError as exc:  # json parses nested arrays and objects recursively
                raise InputError(f"{path}: line {number}: nested too deeply") from exc
    if not questions:
        raise InputError(f"{path}: no questions")
    return questions


def _question(row: object) -> EvalQuestion:
    """One record, checked: `q` non-empty text, `gold` a list of phrases, `answerable` a bool."""
    if not isinstance(row, dict):
        raise TypeError("not a JSON object")
    question, gold = row.get("q"), row.get("gold", [])
    if not isinstance(question, str) or not question.strip():
        raise TypeError("'q' must be a non-empty string")
    if not isinstance(gold, list) or not all(isinstance(g, str) and g for g in gold):
        raise TypeError("'gold' must be a list of phrases")
    if "answerable" not in row and not gold:
        raise TypeError("give 'gold' phrases, or 'answerable': false for a question not covered")
    answerable = row.get("answerable", True)
    if not isinstance(answerable, bool):
        raise TypeError("'answerable' must be true or false")
    if answerable and not gold:
        raise TypeError("an answerable question needs 'gold' phrases to judge its answers by")
    return EvalQuestion(question, answerable, tuple(gold))


def _contains_gold(texts: Iterable[str], gold: tuple[str, ...]) -> bool:
    return any(g in text for text in texts for g in gold)


def evaluate(engine: Engine, questions: list[EvalQuestion]) -> EvalReport:
    """Run search and ask on every question and aggregate the metrics."""
    outcomes = []
    for item in questions:
        rank = None
        if item.answerable:
            hits = engine.search(item.question, limit=MRR_DEPTH).hits
            rank = next((h.rank for h in hits if _contains_gold([h.passage.text], item.gold)), None)
        answer = engine.ask(item.question)
        texts = [s.text for s in answer.sentences] if answer.answered else []
        outcomes.append(
            QuestionOutcome(
                item.question,
                item.answerable,
                rank,
                answer.answered,
                _contains_gold(texts, item.gold),
                _contains_gold(texts[:1], item.gold),
            )
        )

    answerable = [o for o in outcomes if o.answerable]
    n = max(1, len(answerable))
    return EvalReport(
        questions=len(outcomes),
        answerable=len(answerable),
        success_at={
            k: sum(1 for o in answerable if o.search_rank and o.search_rank <= k) / n
            for k in CUTOFFS
        },
        mrr=sum(1 / o.search_rank for o in answerable if o.search_rank) / n,
        answer_gold_share=sum(1 for o in answerable if o.answer_has_gold) / n,
        first_sentence_gold_share=sum(1 for o in answerable if o.first_sentence_has_gold) / n,
        answerability_accuracy=sum(1 for o in outcomes if o.answered == o.answerable)
        / max(1, len(outcomes)),
        false_not_covered=sum(1 for o in answerable if not o.answered),
        false_answered=sum(1 for o in outcomes if not o.answerable and o.answered),
        outcomes=tuple(outcomes),
    )
