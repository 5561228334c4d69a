"""Explanations: why a passage was found, and why an answer's first sentence was chosen.

Nothing here scores anything: a search run with a `RankTrace` records the backend's score and
each ranking stage's factor, the sentence scorer keeps the terms of every sentence's score, and
this stage only reads them back. The words a passage matched are found with the analysis the
index uses, field by field (title, section heading, text), and labelled by where they came from
in the query plan: the word itself, its synonym group, its word family, a loose relative, a
question word's cue, a spelling correction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ketamine_tui.analysis import Concept, QueryPlan
from ketamine_tui.answer import Answerer, citation_of, near_duplicates
from ketamine_tui.explain_models import (
    VIA_CUE,
    VIA_FAMILY,
    VIA_PARTIAL,
    VIA_SYNONYM,
    VIA_TYPE,
    VIA_WORD,
    AnswerExplanation,
    ConceptNote,
    Feature,
    HitExplanation,
    QueryExplanation,
    SearchExplanation,
    SentenceExplanation,
    StageCredit,
    WordMatch,
)
from ketamine_tui.models import Hit
from ketamine_tui.pipeline import Pipeline
from ketamine_tui.ranking import RankTrace
from ketamine_tui.scoring import ScoredSentence
from ketamine_tui.settings import Settings
from ketamine_tui.words import tokens

_Token = tuple[str, int, int, int]  # stem, position, start, end (as `words.tokens` gives them)


def explain_query(plan: QueryPlan, searched: Sequence[Concept]) -> QueryExplanation:
    """What became of each word of the query: searched, left out, unknown, a cue."""
    in_search = set(searched)
    extra = [c for c in searched if c not in plan.concepts]  # the answer type's words
    notes = []
    for concept in (*plan.concepts, *extra):
        if not concept.primary:
            role = "answer type" if concept.recruits else "cue"
        elif not concept.known:
            role = "unknown"
        else:
            role = "searched" if concept in in_search else "in most passages"
        notes.append(
            ConceptNote(
                concept.label,
                round(concept.weight, 4),
                role,
                concept.primary_known or not concept.primary,
                _corrected_from(concept, plan.corrections),
            )
        )
    return QueryExplanation(plan.text, plan.corrected, tuple(notes))


def explain_hit(
    hit: Hit, searched: Sequence[Concept], trace: RankTrace, plan: QueryPlan
) -> HitExplanation:
    """Why a hit was found: its words matched per field, its backend score, each stage's factor."""
    passage = hit.passage
    fields = (("title", hit.title), ("section", passage.section), ("body", passage.text))
    matches = [
        match
        for field, text in fields
        for match in word_matches(field, text, searched, plan.corrections)
    ]
    return HitExplanation(
        passage_id=passage.passage_id,
        rank=hit.rank,
        score=hit.score,
        backend_score=round(trace.backend.get(passage.passage_id, 0.0), 4),
        stages=tuple(StageCredit(s, round(f, 4)) for s, f in trace.factors(passage.passage_id)),
        matches=tuple(matches),
    )


def explain_sentence(candidate: ScoredSentence, settings: Settings) -> SentenceExplanation:
    """The features of a sentence's score (value and points each), and whether it can answer."""
    return SentenceExplanation(
        citation=citation_of(candidate.hit, candidate.facts),
        score=round(candidate.score, 4),
        support=round(candidate.support, 4),
        answers=candidate.answers,
        features=tuple(
            Feature(name, round(value, 4), round(points, 4) + 0.0)  # + 0.0: no "-0.00"
            for name, value, points in candidate.terms.weighted(settings)
        ),
    )


def explain_search(
    stages: Pipeline, query: str, limit: int, source: str | None = None
) -> SearchExplanation:
    """A search run with a ranking trace, and each hit's explanation read from it."""
    trace = RankTrace()
    result = stages.search(query, limit, source, trace)
    plan, frame = stages.framed(query)
    searched = stages.searched(plan, frame)
    return SearchExplanation(
        result,
        explain_query(plan, searched),
        tuple(explain_hit(hit, searched, trace, plan) for hit in result.hits),
    )


def explain_answer(stages: Pipeline, answerer: Answerer, question: str) -> AnswerExplanation:
    """An answer, why its first sentence came first, and the next best that says something else.

    The first sentence of an answer is the best scored candidate (those that answer come before
    those that do not); the next best is the best that is not a near-duplicate of it.
    """
    plan, frame = stages.framed(question)
    answer, hits = stages.answer(answerer, plan, frame)
    settings = answerer.settings
    candidates = answerer.candidates(plan, frame, hits) if hits else []
    query = explain_query(plan, stages.searched(plan, frame))
    if not answer.answered or not candidates:
        return AnswerExplanation(answer, query, len(candidates))
    first = candidates[0]
    runner_up = next(
        (
            c
            for c in candidates[1:]
            if not near_duplicates(c.facts.stems, first.facts.stems, settings)
        ),
        None,
    )
    return AnswerExplanation(
        answer,
        query,
        len(candidates),
        explain_sentence(first, settings),
        explain_sentence(runner_up, settings) if runner_up is not None else None,
    )


def word_matches(
    field: str,
    text: str,
    concepts: Iterable[Concept],
    corrections: Sequence[tuple[str, str]] = (),
) -> list[WordMatch]:
    """The words of one field's text that match each concept, grouped by how they match.

    A word is credited to the first way it matches (its own word before a synonym, a synonym
    before its family, a longer synonym before a shorter one); a phrase matches where its words
    stand together, else (as ranking counts it) wherever each of them stands.
    """
    found = list(tokens(text))
    matches = []
    for concept in concepts:
        taken: set[int] = set()
        for via, sequences in _ways(concept):
            longest_first = sorted(sequences, key=len, reverse=True)  # "long term" before "long"
            spans = [span for seq in longest_first for span in _occurrences(found, seq, taken)]
            if spans:
                spans.sort()
                words = tuple(dict.fromkeys(text[a:b] for a, b in spans))
                corrected = _corrected_from(concept, corrections)
                matches.append(WordMatch(field, concept.label, via, words, tuple(spans), corrected))
    return matches


def _ways(concept: Concept) -> Iterator[tuple[str, Sequence[tuple[str, ...]]]]:
    """The concept's stem sequences by how they relate to it, closest first."""
    if not concept.primary:
        yield (VIA_TYPE if concept.recruits else VIA_CUE), concept.alternates
        return
    yield VIA_WORD, concept.primary
    synonyms, loose = set(concept.synonyms), set(concept.loose)
    alternates = concept.alternates
    yield VIA_SYNONYM, [a for a in alternates if a in synonyms]
    yield VIA_FAMILY, [a for a in alternates if a not in synonyms and a not in loose]
    yield VIA_PARTIAL, [a for a in alternates if a in loose and a not in synonyms]


def _occurrences(
    found: Sequence[_Token], seq: tuple[str, ...], taken: set[int]
) -> list[tuple[int, int]]:
    """Where a stem sequence stands in a field's tokens (marking those tokens as taken)."""
    size = len(seq)
    spans = []
    for i in range(len(found) - size + 1):
        window = found[i : i + size]
        if (
            all(t[0] == s for t, s in zip(window, seq, strict=True))
            and all(t[1] == window[0][1] + k for k, t in enumerate(window))
            and not taken.intersection(range(i, i + size))
        ):
            spans.append((window[0][2], window[-1][3]))
            taken.update(range(i, i + size))
    if spans or size == 1:
        return spans
    present = {t[0] for t in found}
    if not all(s in present for s in seq) or any(found[i][0] in seq for i in taken):
        return []  # missing a word, or some of them already matched a closer way
    # The phrase's words, each where it stands (ranking credits a passage that has them all).
    for i, token in enumerate(found):
        if token[0] in seq and i not in taken:
            spans.append((token[2], token[3]))
            taken.add(i)
    return spans


def _corrected_from(concept: Concept, corrections: Sequence[tuple[str, str]]) -> str | None:
    """The misspelt query words this concept's words were corrected from, if any."""
    words = concept.label.lower().split()
    wrong = [typed for typed, fixed in corrections if fixed in words]
    return " ".join(wrong) if wrong else None
