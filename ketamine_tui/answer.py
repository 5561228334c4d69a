"""Extractive answers: verbatim sentences from the best passages, each with its citations.

Nothing is written here that the articles do not say: an answer is a list of sentences cut from the
articles by offset, and near-duplicates said by several articles become one sentence with several
citations. When the question's content is not in the articles, or the best sentence barely touches
it, the answer says so (`answered=False`) and offers FAQ questions instead of weak hits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ketamine_tui.analysis import stem, stems, words
from ketamine_tui.answer_models import (
    Answer,
    AnswerSentence,
    Citation,
    RelatedQuestion,
    SourceRef,
    Topic,
)
from ketamine_tui.corpus import split_sentences
from ketamine_tui.models import Hit, Passage
from ketamine_tui.search import Concept, ParsedQuery, Searcher, concept_credit
from ketamine_tui.spelling import is_english_word, zipf_frequency

MAX_SENTENCES = 3
PASSAGES_CONSIDERED = 8
MIN_QUESTION_COVERAGE = 0.5
MIN_SUPPORT = 0.35
# How much an unknown word counts against an answer, relative to the rarest word the articles
# have: a word that is not even in the English word list (a drug, an acronym) says most clearly
# that the question is about something else; an everyday word less so ("end up", "my brother").
UNKNOWN_TERM_FACTOR = 1.5
UNKNOWN_WORD_FACTOR = 1.0
# An everyday word counts for less the more common it is in English (Zipf frequency: "first" 6.1,
# "home" 5.8, "art" 5.3, "stomach" 4.4, "bladder" 3.6): up to 5.0 in full, then less, down to 0.4
# of its weight at 5.9 and above. "go *away*" or "*first* approved" asks about what the articles
# say; "while *pregnant*" or "*art* therapy" asks about something else.
FULLY_SPECIFIC_ZIPF = 5.0
ZIPF_SPAN = 1.5
MIN_EVERYDAY_SHARE = 0.4
# Health information about everyone does not answer a question about one group of people, however
# common the word for the group is.
POPULATION_WORDS = frozenset(
    """
    child children kid kids baby babies infant infants toddler toddlers teen teens teenager
    teenagers adolescent adolescents elderly senior seniors pregnant pregnancy breastfeeding
    women woman men man girls boys veterans
    """.split()
)
CUE_BONUS = 0.2
KEEP_RELATIVE_TO_BEST = 0.6
DUPLICATE_SIMILARITY = 0.45
MIN_SHARED_WORDS = 5
MIN_SENTENCE_CHARS = 25
DEFINITION_BONUS = 0.5
CORROBORATION_PASSAGES = 8
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


def near_duplicates(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sentences say the same thing: most of their content words are shared.

    Jaccard similarity of the stem sets, with a floor on the shared words so that two short
    sentences do not count as the same claim because they share "ketamine" and "treatment".
    """
    shared = len(a & b)
    return shared >= MIN_SHARED_WORDS and shared / len(a | b) >= DUPLICATE_SIMILARITY


class Answerer:
    """Answers questions from one searcher, with related questions from the FAQ topics."""

    def __init__(self, searcher: Searcher, topics: Iterable[Topic] = ()) -> None:
        self.searcher = searcher
        self.topics = tuple(topics)
        self._faq = [
            (topic.title, question, frozenset(stem(w) for w in words(question)))
            for root in self.topics
            for topic, question in root.walk()
        ]
        self._sentence_cache: dict[Passage, tuple[tuple[int, str, frozenset[str]], ...]] = {}

    @property
    def article_count(self) -> int:
        """How many articles the answers are drawn from."""
        return len(self.searcher.corpus_index.articles)

    def ask(self, question: str) -> Answer:
        """Answer a question from the articles, or say that they do not cover it."""
        parsed = self.searcher.parse(question)
        content = [c for c in parsed.concepts if c.primary]
        if not content:
            return self._not_covered(parsed, "the question has no words to look up")
        missing = [c.label for c in content if not c.known]
        if _known_share(content) < MIN_QUESTION_COVERAGE:
            return self._not_covered(parsed, f"no article mentions {_quoted_list(missing)}")

        result = self.searcher.search_parsed(parsed, limit=PASSAGES_CONSIDERED)
        candidates = self._candidates(parsed, result.hits)
        support = max((c.coverage for c in candidates), default=0.0)
        if support < MIN_SUPPORT:
            detail = (
                f"no article mentions {_quoted_list(missing)}"
                if missing
                else "no sentence in the articles answers it closely"
            )
            return self._not_covered(parsed, detail)

        # Sentences that stand on their own are read first; which sentences are chosen is the same.
        chosen = sorted(self._choose(candidates), key=lambda c: leans_on_context(c.text))
        self._corroborate(chosen)
        sentences = tuple(AnswerSentence(c.citations[0].text, tuple(c.citations)) for c in chosen)
        return Answer(
            question=parsed.text,
            answered=True,
            sentences=sentences,
            sources=_numbered_sources(sentences),
            related=self.related(parsed, limit=3),
            corrected=parsed.corrected,
            article_count=self.article_count,
            hits=result.hits,
        )

    # -- sentences -------------------------------------------------------------------------

    def _candidates(self, parsed: ParsedQuery, hits: Iterable[Hit]) -> list[_Candidate]:
        """Every sentence of the retrieved passages, scored and best first."""
        # Coverage is measured against everything the question asks, unknown words included (and
        # weighted up: a word no article uses is the strongest sign that the question is elsewhere).
        content = [c for c in parsed.concepts if c.primary]
        cues = [c for c in parsed.concepts if not c.primary]
        asked = sum(_asked_weight(c) for c in content)
        known = [c for c in content if c.known]
        cue_total = sum(c.weight for c in cues) or 1.0
        hits = list(hits)
        top_score = hits[0].score if hits else 1.0
        subject = definition_subject(parsed.text)
        candidates = []
        for hit in hits:
            for start, text, present in self._stemmed_sentences(hit.passage):
                if len(text) < MIN_SENTENCE_CHARS or text.rstrip().endswith("?"):
                    continue  # fragments and questions are not answers
                coverage = sum(concept_credit(c, present) * c.weight for c in known) / (
                    asked or 1.0
                )
                cue = sum(concept_credit(c, present) * c.weight for c in cues) / cue_total
                score = (
                    coverage
                    + CUE_BONUS * cue
                    + 0.25 * (hit.score / top_score if top_score else 0.0)
                )
                if subject and defines(text, subject):
                    score += DEFINITION_BONUS
                candidates.append(
                    _Candidate(hit, start, start + len(text), text, present, coverage, score)
                )
        candidates.sort(key=lambda c: (-c.score, c.hit.rank, c.start))
        return candidates

    def _choose(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """The best sentences (up to MAX_SENTENCES), near-duplicates merged as citations."""
        best = candidates[0].score
        chosen: list[_Candidate] = []
        for candidate in candidates:
            twin = next((c for c in chosen if near_duplicates(c.stems, candidate.stems)), None)
            if twin is not None:
                if candidate.hit.passage.passage_id not in {x.passage_id for x in twin.citations}:
                    twin.citations.append(_citation(candidate.hit, candidate.start, candidate.text))
                continue
            if (
                len(chosen) < MAX_SENTENCES
                and candidate.score >= KEEP_RELATIVE_TO_BEST * best
                and (candidate.coverage >= MIN_SUPPORT / 2)
            ):
                candidate.citations.append(
                    _citation(candidate.hit, candidate.start, candidate.text)
                )
                chosen.append(candidate)
        return chosen

    def _corroborate(self, chosen: list[_Candidate]) -> None:
        """Cite every article that says a chosen sentence, not only those among the best passages.

        Passages sharing a sentence's rarest words are looked up; a sentence of theirs that is a
        near-duplicate becomes another citation (each quoted sentence is cited once only), so
        "said by N of M articles" counts them all.
        """
        cited = {(c.passage_id, c.start) for candidate in chosen for c in candidate.citations}
        for candidate in chosen:
            for hit in self.searcher.passages_sharing(candidate.stems, CORROBORATION_PASSAGES):
                for start, text, sentence_stems in self._stemmed_sentences(hit.passage):
                    key = (hit.passage.passage_id, start)
                    if key not in cited and near_duplicates(candidate.stems, sentence_stems):
                        candidate.citations.append(_citation(hit, start, text))
                        cited.add(key)

    def _stemmed_sentences(self, passage: Passage) -> tuple[tuple[int, str, frozenset[str]], ...]:
        """Each sentence of a passage with its file offset and its stems (cached per passage)."""
        cached = self._sentence_cache.get(passage)
        if cached is None:
            if len(self._sentence_cache) >= SENTENCE_CACHE_PASSAGES:
                self._sentence_cache.clear()
            cached = tuple(
                (start, text, frozenset(stems(text))) for start, text in _sentences(passage)
            )
            self._sentence_cache[passage] = cached
        return cached

    # -- not covered and related ---------------------------------------------------------------

    def _not_covered(self, parsed: ParsedQuery, detail: str) -> Answer:
        return Answer(
            question=parsed.text,
            answered=False,
            related=self.related(parsed, limit=5, fallback=True),
            corrected=parsed.corrected,
            reason=f"{NOT_COVERED} ({detail})",
            article_count=self.article_count,
        )

    def related(
        self, parsed: ParsedQuery, limit: int = 3, fallback: bool = False
    ) -> tuple[RelatedQuestion, ...]:
        """FAQ questions sharing the most (rarity-weighted) words with the question asked."""
        # A word in most passages ("ketamine" here) relates every question to every other one.
        specific = self.searcher.specific
        asked = frozenset(
            s for c in parsed.concepts for seq in c.primary for s in seq if specific(s)
        )
        widened = asked | frozenset(
            s for c in parsed.concepts for seq in c.alternates for s in seq if specific(s)
        )
        normalised = " ".join(parsed.text.lower().split())
        scored = []
        for order, (topic, question, question_stems) in enumerate(self._faq):
            if " ".join(question.lower().split()) == normalised:
                continue
            # fsum: the same total whatever order a set yields its members in (the hash seed)
            overlap = math.fsum(self.searcher.idf(s) for s in question_stems & asked)
            overlap += 0.5 * math.fsum(
                self.searcher.idf(s) for s in (question_stems & widened) - asked
            )
            if overlap > 0:
                scored.append((-overlap, order, RelatedQuestion(topic, question)))
        scored.sort(key=lambda item: (item[0], item[1]))
        related = [r for _, _, r in scored[:limit]]
        if fallback and len(related) < limit:
            # Nothing close: offer one question from each topic so the user sees what is covered.
            for root in self.topics:
                pairs = root.walk()
                if pairs and len(related) < limit:
                    first_topic, first_question = pairs[0]
                    item = RelatedQuestion(first_topic.title, first_question)
                    if item not in related:
                        related.append(item)
        return tuple(related)


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


def _asked_weight(concept: Concept) -> float:
    """How much a concept of the question weighs when judging whether the articles answer it."""
    if concept.known:
        return concept.weight
    words_ = concept.label.lower().split()
    if not all(is_english_word(w) for w in words_):
        return concept.weight * UNKNOWN_TERM_FACTOR
    return concept.weight * UNKNOWN_WORD_FACTOR * specificity(words_)


def specificity(words_: list[str]) -> float:
    """How much unknown everyday words weigh: 1 if uncommon, down to 0.4 for the commonest."""
    if any(w in POPULATION_WORDS for w in words_):
        return 1.0
    zipf = max(zipf_frequency(w) for w in words_)
    share = 1.0 - (zipf - FULLY_SPECIFIC_ZIPF) / ZIPF_SPAN
    return min(1.0, max(MIN_EVERYDAY_SHARE, share))


def _known_share(concepts: list[Concept]) -> float:
    """The share of the question's content (weighted by rarity) that the articles contain."""
    total = sum(_asked_weight(c) for c in concepts)
    return sum(c.weight for c in concepts if c.known) / total if total else 0.0


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
