"""Extractive answers: verbatim sentences from the best passages, each with its citations.

Nothing is written here that the articles do not say: an answer is a list of sentences cut from the
articles by offset, and near-duplicates said by several articles become one sentence with several
citations. When the question's content is not in the articles, or the best sentence barely touches
it, the answer says so (`answered=False`) and offers FAQ questions instead of weak hits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ketamine_tui.analysis import Concept, QueryPlan, concept_credit
from ketamine_tui.answer_models import (
    Answer,
    AnswerSentence,
    Citation,
    SourceRef,
)
from ketamine_tui.corpus import split_sentences
from ketamine_tui.lru import LRU
from ketamine_tui.models import Hit, Passage
from ketamine_tui.related import RelatedQuestions
from ketamine_tui.settings import Settings
from ketamine_tui.spelling import is_english_word, zipf_frequency
from ketamine_tui.topics import Topic
from ketamine_tui.words import stems

# An unknown word counts against an answer relative to the rarest word the articles have: a word
# that is not even in the English word list (a drug, an acronym) says most clearly that the
# question is about something else; an everyday word less so ("end up", "my brother"), and the
# less the more common it is in English (Zipf frequency: "first" 6.1, "home" 5.8, "art" 5.3,
# "stomach" 4.4, "bladder" 3.6). "go *away*" or "*first* approved" asks about what the articles
# say; "while *pregnant*" or "*art* therapy" asks about something else (settings: unknown_*,
# fully_specific_zipf, zipf_span, min_everyday_share).
# Health information about everyone does not answer a question about one group of people, however
# common the word for the group is.
POPULATION_WORDS = frozenset(
    """
    child children kid kids baby babies infant infants toddler toddlers teen teens teenager
    teenagers adolescent adolescents elderly senior seniors pregnant pregnancy breastfeeding
    women woman men man girls boys veterans
    """.split()
)
SENTENCE_CACHE_PASSAGES = 5_000  # passages whose stemmed sentences are kept
NOT_COVERED = "The articles don't cover this."

_DEFINITION_QUESTIONS = (
    re.compile(r"^\s*(?:what|who)\s+(?:is|are)\s+(?:an?\s+|the\s+)?(?P<x>[^?]+?)[\s?.!]*$", re.I),
    re.compile(
        r"^\s*what\s+(?:does|do)\s+(?:the\s+)?(?:term\s+|word\s+)?[\"'“]?(?P<x>[^?]+?)[\"'”]?"
        r"\s+mean[\s?.!]*$",
        re.I,
    ),
)


# A sentence opening with a word that points back ("This makes it…") reads worse out of context.
_LEANS_ON_CONTEXT = re.compile(
    r"^\W*(?:this|that|these|those|it|its|they|their|such|he|she)\b", re.I
)


def leans_on_context(sentence: str) -> bool:
    """Whether a sentence opens with a word that points back ("This makes it…", "It was…")."""
    return _LEANS_ON_CONTEXT.match(sentence) is not None


def definition_subject(question: str) -> str | None:
    """The X of "What is X?" or "What does X mean?", or None for other questions."""
    for pattern in _DEFINITION_QUESTIONS:
        match = pattern.match(question)
        if match:
            return match.group("x").strip()
    return None


def defines(sentence: str, subject: str) -> bool:
    """Whether a sentence opens by defining `subject` ("Ketamine is a …", "X refers to …")."""
    pattern = (
        rf"^\W*(?:the\s+)?{re.escape(subject)}(?:[\s-]+[\w’']+){{0,3}}?\s+"
        rf"(?:(?:is|are|was|were)\s+(?:an?|the|one\s+of)\b|refers?\s+to\b|means\b|is\s+defined\s+as\b)"
    )
    return re.match(pattern, sentence, re.I) is not None


@dataclass
class _Candidate:
    """A sentence of a retrieved passage, scored against the question."""

    hit: Hit
    start: int
    end: int
    text: str
    stems: frozenset[str]
    coverage: float
    score: float
    citations: list[Citation] = field(default_factory=list)


def near_duplicates(a: frozenset[str], b: frozenset[str], settings: Settings) -> bool:
    """Whether two sentences say the same thing: most of their content words are shared.

    Jaccard similarity of the stem sets, with a floor on the shared words so that two short
    sentences do not count as the same claim because they share "ketamine" and "treatment".
    """
    shared = len(a & b)
    return (
        shared >= settings.min_shared_words and shared / len(a | b) >= settings.duplicate_similarity
    )


# Where else the articles say a sentence: hits of passages sharing its rarest stems.
Recurrences = Callable[[frozenset[str]], Sequence[Hit]]


class Answerer:
    """Answers planned questions from their best passages, with related questions from the FAQ."""

    def __init__(self, settings: Settings, topics: Iterable[Topic], article_count: int) -> None:
        self.settings = settings
        self.topics = tuple(topics)
        self.article_count = article_count
        self.related = RelatedQuestions(settings, self.topics)
        self._sentences: LRU[Passage, tuple[tuple[int, str, frozenset[str]], ...]] = LRU(
            SENTENCE_CACHE_PASSAGES
        )

    def precheck(self, plan: QueryPlan) -> Answer | None:
        """ "Not covered" when the question has nothing to look up, or mostly words no article has.

        None when the articles may answer it: then its passages are needed.
        """
        content = [c for c in plan.concepts if c.primary]
        if not content:
            return self.not_covered(plan, "the question has no words to look up")
        if self._known_share(content) < self.settings.min_question_coverage:
            missing = [c.label for c in content if not c.known]
            return self.not_covered(plan, f"no article mentions {_quoted_list(missing)}")
        return None

    def answer(self, plan: QueryPlan, hits: Sequence[Hit], recurrences: Recurrences) -> Answer:
        """An answer from the best passages of a question (after `precheck` let it through)."""
        candidates = self._candidates(plan, hits)
        support = max((c.coverage for c in candidates), default=0.0)
        if support < self.settings.min_support:
            missing = [c.label for c in plan.concepts if c.primary and not c.known]
            detail = (
                f"no article mentions {_quoted_list(missing)}"
                if missing
                else "no sentence in the articles answers it closely"
            )
            return self.not_covered(plan, detail)

        # Sentences that stand on their own are read first; which sentences are chosen is the same.
        chosen = sorted(self._choose(candidates), key=lambda c: leans_on_context(c.text))
        self._corroborate(chosen, recurrences)
        sentences = tuple(AnswerSentence(c.citations[0].text, tuple(c.citations)) for c in chosen)
        return Answer(
            question=plan.text,
            answered=True,
            sentences=sentences,
            sources=_numbered_sources(sentences),
            related=self.related.to(plan, limit=self.settings.related_questions),
            corrected=plan.corrected,
            article_count=self.article_count,
            hits=tuple(hits),
        )

    # -- sentences -------------------------------------------------------------------------

    def _candidates(self, plan: QueryPlan, hits: Sequence[Hit]) -> list[_Candidate]:
        """Every sentence of the retrieved passages, scored and best first."""
        # Coverage is measured against everything the question asks, unknown words included (and
        # weighted up: a word no article uses is the strongest sign that the question is elsewhere).
        settings = self.settings
        credit = settings.synonym_credit
        content = [c for c in plan.concepts if c.primary]
        cues = [c for c in plan.concepts if not c.primary]
        asked = sum(self._asked_weight(c) for c in content)
        known = [c for c in content if c.known]
        cue_total = sum(c.weight for c in cues) or 1.0
        top_score = hits[0].score if hits else 1.0
        subject = definition_subject(plan.text)
        candidates = []
        for hit in hits:
            for start, text, present in self._stemmed_sentences(hit.passage):
                if len(text) < settings.min_sentence_chars or text.rstrip().endswith("?"):
                    continue  # fragments and questions are not answers
                coverage = sum(concept_credit(c, present, credit) * c.weight for c in known) / (
                    asked or 1.0
                )
                cue = sum(concept_credit(c, present, credit) * c.weight for c in cues) / cue_total
                score = (
                    coverage
                    + settings.cue_bonus * cue
                    + settings.rank_bonus * (hit.score / top_score if top_score else 0.0)
                )
                if subject and defines(text, subject):
                    score += settings.definition_bonus
                candidates.append(
                    _Candidate(hit, start, start + len(text), text, present, coverage, score)
                )
        candidates.sort(key=lambda c: (-c.score, c.hit.rank, c.start))
        return candidates

    def _choose(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """The best sentences (up to `max_sentences`), near-duplicates merged as citations."""
        settings = self.settings
        best = candidates[0].score
        chosen: list[_Candidate] = []
        for candidate in candidates:
            twin = next(
                (c for c in chosen if near_duplicates(c.stems, candidate.stems, settings)), None
            )
            if twin is not None:
                if candidate.hit.passage.passage_id not in {x.passage_id for x in twin.citations}:
                    twin.citations.append(_citation(candidate.hit, candidate.start, candidate.text))
                continue
            if (
                len(chosen) < settings.max_sentences
                and candidate.score >= settings.keep_relative_to_best * best
                and (candidate.coverage >= settings.min_support * settings.sentence_support_share)
            ):
                candidate.citations.append(
                    _citation(candidate.hit, candidate.start, candidate.text)
                )
                chosen.append(candidate)
        return chosen

    def _corroborate(self, chosen: list[_Candidate], recurrences: Recurrences) -> None:
        """Cite every article that says a chosen sentence, not only those among the best passages.

        Passages sharing a sentence's rarest words are looked up; a sentence of theirs that is a
        near-duplicate becomes another citation (each quoted sentence is cited once only), so
        "said by N of M articles" counts them all.
        """
        cited = {(c.passage_id, c.start) for candidate in chosen for c in candidate.citations}
        for candidate in chosen:
            for hit in recurrences(candidate.stems):
                for start, text, sentence_stems in self._stemmed_sentences(hit.passage):
                    key = (hit.passage.passage_id, start)
                    if key not in cited and near_duplicates(
                        candidate.stems, sentence_stems, self.settings
                    ):
                        candidate.citations.append(_citation(hit, start, text))
                        cited.add(key)

    def _stemmed_sentences(self, passage: Passage) -> tuple[tuple[int, str, frozenset[str]], ...]:
        """Each sentence of a passage with its file offset and its stems (cached per passage)."""
        return self._sentences.get_or_make(
            passage,
            lambda: tuple(
                (start, text, frozenset(stems(text))) for start, text in _sentences(passage)
            ),
        )

    # -- weighing the question -----------------------------------------------------------------

    def _asked_weight(self, concept: Concept) -> float:
        """How much a concept of the question weighs when judging whether the articles answer it."""
        if concept.known:
            return concept.weight
        words_ = concept.label.lower().split()
        if not all(is_english_word(w) for w in words_):
            return concept.weight * self.settings.unknown_term_factor
        return concept.weight * self.settings.unknown_word_factor * self.specificity(words_)

    def specificity(self, words_: list[str]) -> float:
        """How much unknown everyday words weigh: 1 if uncommon, less the commoner they are."""
        settings = self.settings
        if any(w in POPULATION_WORDS for w in words_):
            return 1.0
        zipf = max(zipf_frequency(w) for w in words_)
        share = 1.0 - (zipf - settings.fully_specific_zipf) / settings.zipf_span
        return min(1.0, max(settings.min_everyday_share, share))

    def _known_share(self, concepts: list[Concept]) -> float:
        """The share of the question's content (weighted by rarity) that the articles contain."""
        total = sum(self._asked_weight(c) for c in concepts)
        return sum(c.weight for c in concepts if c.known) / total if total else 0.0

    # -- not covered and related ---------------------------------------------------------------

    def not_covered(self, plan: QueryPlan, detail: str) -> Answer:
        """The answer that says the articles do not cover a question, and why."""
        return Answer(
            question=plan.text,
            answered=False,
            related=self.related.to(
                plan, limit=self.settings.related_when_not_covered, fallback=True
            ),
            corrected=plan.corrected,
            reason=f"{NOT_COVERED} ({detail})",
            article_count=self.article_count,
        )


def _sentences(passage: Passage) -> Iterator[tuple[int, str]]:
    """Each sentence of a passage with its offset in the article file."""
    for span in split_sentences(passage.text, passage.start):
        yield span.start, passage.text[span.start - passage.start : span.end - passage.start]


def _citation(hit: Hit, start: int, text: str) -> Citation:
    """A citation of `text`, found at offset `start` of the hit's article file."""
    passage = hit.passage
    return Citation(
        source_id=passage.source_id,
        passage_id=passage.passage_id,
        title=hit.title,
        section=passage.section,
        file=hit.file,
        start=start,
        end=start + len(text),
        text=text,
    )


def _quoted_list(labels: list[str]) -> str:
    """`"a"`, `"a" or "b"`, `"a", "b" or "c"`."""
    quoted = [f"“{label}”" for label in dict.fromkeys(labels)]
    if not quoted:
        return "these words"
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _numbered_sources(sentences: Iterable[AnswerSentence]) -> tuple[SourceRef, ...]:
    """The cited articles, numbered by first citation."""
    seen: dict[str, SourceRef] = {}
    for sentence in sentences:
        for citation in sentence.citations:
            if citation.source_id not in seen:
                seen[citation.source_id] = SourceRef(
                    len(seen) + 1, citation.source_id, citation.title, citation.file
                )
    return tuple(seen.values())
