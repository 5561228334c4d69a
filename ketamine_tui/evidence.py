"""Typed evidence: what a sentence shows, and how much of a question it carries.

Each sentence of a passage is read once: its stems, the answer types whose evidence it shows (a
duration, a number or share, a setting, a comparative…) and whether it only talks about a topic
("it is essential to consider…", "more research is needed") instead of stating a fact of it.
Against a question's frame, a sentence then carries its focus units (each unit whole: its own
words or close synonyms, never a word that merely shares a prefix), its constraints, and the
evidence its type asks for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ketamine_tui.analysis import Concept
from ketamine_tui.answer_types import AnswerType, Taxonomy
from ketamine_tui.lru import LRU
from ketamine_tui.models import Passage
from ketamine_tui.phrases import first_match
from ketamine_tui.phrases import tokens as phrase_tokens
from ketamine_tui.question import QuestionFrame, Unit, present_in_articles
from ketamine_tui.sentences import split_sentences
from ketamine_tui.words import stems

SENTENCE_CACHE_PASSAGES = 5_000  # passages whose sentences are kept read
# A sentence that goes on from the one before opens with its link to it: the evidence it shows
# must stand among its first words ("Some experts *worry about* …", "*This is because* …").
OPENING_TOKENS = 6


class SentenceFacts:
    """One sentence of a passage, read: where it stands, its stems, and what it shows.

    Which answer types' evidence it shows is worked out for each type the first time a question
    of that type asks (a search for one question should not pay for all of them), and its tokens
    and whether it only talks about a topic the first time they are needed (a sentence read only
    to see whether it says a quoted one again needs its stems alone).
    """

    __slots__ = (
        "_kinds",
        "_meta",
        "_shown",
        "_token_list",
        "_weighed",
        "_word_set",
        "before",
        "start",
        "stems",
        "text",
    )

    def __init__(
        self, start: int, text: str, kinds: Taxonomy, before: frozenset[str] = frozenset()
    ) -> None:
        self.start = start
        self.text = text
        self.stems = frozenset(stems(text))
        self.before = before  # the stems of the sentence before it in its passage
        self._kinds = kinds
        self._token_list: tuple[str, ...] | None = None
        self._word_set: frozenset[str] | None = None
        self._meta: bool | None = None
        self._shown: dict[str, float] = {}
        # The last frame this sentence was weighed against, and how (ranking and answers weigh
        # the same sentences for one question).
        self._weighed: tuple[QuestionFrame, Evidence] | None = None

    @property
    def _tokens(self) -> tuple[str, ...]:
        """Its phrase tokens (see `phrases.tokens`), each "one" that counts nothing blanked."""
        if self._token_list is None:
            self._token_list = _counted(phrase_tokens(self.text), self._kinds)
        return self._token_list

    @property
    def _words(self) -> frozenset[str]:
        """Its tokens as a set."""
        if self._word_set is None:
            self._word_set = frozenset(self._tokens)
        return self._word_set

    @property
    def meta(self) -> bool:
        """Whether it talks about a topic rather than stating a fact of it."""
        if self._meta is None:
            self._meta = first_match(self._kinds.meta, self._tokens, self._words) is not None
        return self._meta

    def shows(self, kind: AnswerType, given: frozenset[str] = frozenset()) -> float:
        """How clearly the sentence shows this answer type's evidence: 1, 0.5 (weakly) or 0.

        Numbers the question itself gives (`given`: "the study where *70%* got better") are no
        evidence of an answer to it.
        """
        given = given & self._words
        key = kind.name if not given else f"{kind.name}/{'/'.join(sorted(given))}"
        found = self._shown.get(key)
        if found is None:
            tokens = tuple("" if t in given else t for t in self._tokens) if given else self._tokens
            words = frozenset(tokens)
            found = (
                1.0
                if first_match(kind.evidence, tokens, words) is not None
                else 0.5
                if first_match(kind.weak, tokens, words) is not None
                else 0.0
            )
            self._shown[key] = found
        return found

    def opens_with(self, kind: AnswerType, given: frozenset[str] = frozenset()) -> bool:
        """Whether the sentence shows this type's clear evidence among its first words."""
        opening = tuple("" if t in given else t for t in self._tokens[:OPENING_TOKENS])
        return first_match(kind.evidence, opening, frozenset(opening)) is not None


def _counted(tokens: tuple[str, ...], kinds: Taxonomy) -> tuple[str, ...]:
    """The tokens, each "one" that counts nothing ("in one study", "one of") blanked."""
    if "one" not in tokens:
        return tokens
    last = len(tokens) - 1
    return tuple(
        ""
        if t == "one"
        and (
            (i > 0 and tokens[i - 1] in kinds.one_not_after)
            or (i < last and tokens[i + 1] in kinds.one_not_before)
        )
        else t
        for i, t in enumerate(tokens)
    )


class Evidence(NamedTuple):
    """How one sentence answers one question."""

    focus: float  # the share of the focus (by weight) the sentence carries
    main: bool  # it carries the main focus unit (or the question has none the articles have)
    constraints: float  # the share of the constraints it carries
    typed: float  # how clearly it shows the evidence the question's type asks for (1, 0.5, 0)
    goes_on: bool = False  # it reads with the sentence before it (see `weigh`)
    leans: bool = False  # it carries the main focus only with the sentence before it
    # how clearly it says what is not known yet of what a question about what is known asks
    # (then part of `typed` too; see `_not_known_shown`)
    not_known: float = 0.0

    def answers(self, frame: QuestionFrame) -> bool:
        """Whether the sentence can answer: the focus, and the typed evidence if it is asked for.

        The focus is carried when its main unit is, or (unless the question's cue names that
        unit, as "how many *infusions*" does) when at least half of it is, or some of it and every
        constraint. Only clear evidence answers ("within hours", not "quickly"); weak evidence
        only ranks.
        """
        main = main_unit(frame)
        focus = self.main or (
            main is not None
            and not main.named
            and (self.focus >= 0.5 or (self.constraints >= 1.0 and self.focus > 0))
        )
        return focus and (self.typed >= 1.0 or not frame.needs_evidence)


class SentenceReader:
    """Reads the sentences of passages once each, with one taxonomy's evidence patterns."""

    def __init__(self, kinds: Taxonomy) -> None:
        self.kinds = kinds
        self._passages: LRU[Passage, tuple[SentenceFacts, ...]] = LRU(SENTENCE_CACHE_PASSAGES)

    def sentences(self, passage: Passage) -> tuple[SentenceFacts, ...]:
        """Each sentence of a passage, read (cached per passage)."""
        return self._passages.get_or_make(passage, lambda: self._read(passage))

    def _read(self, passage: Passage) -> tuple[SentenceFacts, ...]:
        base = passage.start
        read: list[SentenceFacts] = []
        for span in split_sentences(passage.text, base):
            text = passage.text[span.start - base : span.end - base]
            before = read[-1].stems if read else frozenset()
            read.append(SentenceFacts(span.start, text, self.kinds, before))
        return tuple(read)


def known_focus(frame: QuestionFrame) -> tuple[Unit, ...]:
    """The focus units the articles have."""
    return tuple(u for u in frame.focus if u.known)


def main_unit(frame: QuestionFrame) -> Unit | None:
    """The focus unit a sentence must carry: the one the cue names, else the weightiest."""
    focus = known_focus(frame)
    named = [u for u in focus if u.named]
    return max(named or focus, key=lambda u: u.weight, default=None)


def carries(unit: Unit, present: frozenset[str]) -> bool:
    """Whether a sentence's stems carry a unit: its head, or most of what the articles have of it.

    The head is the unit's last concept the articles have ("antidepressant *effect*"); "most"
    is half its weight or more. A concept counts by its own stems or a close synonym, never by a
    word that merely shares a prefix.
    """
    known = [c for c in unit.concepts if present_in_articles(c)]
    if not known:
        return False
    if concept_present(known[-1], present):
        return True
    carried = sum(c.weight for c in known if concept_present(c, present))
    return carried >= 0.5 * sum(c.weight for c in known)


def main_in_own_words(unit: Unit, present: frozenset[str]) -> bool:
    """Whether stems carry a unit by its own words (every concept's own stems), no synonym."""
    return all(any(map(present.issuperset, c.primary)) for c in unit.concepts)


def concept_present(concept: Concept, present: frozenset[str]) -> bool:
    """Whether stems carry a concept: its own, or a close (not loose) alternate's."""
    if any(map(present.issuperset, concept.primary)):
        return True
    if not any(map(present.issuperset, concept.alternates)):
        return False  # the common case, decided without looking at which alternates are loose
    return any(present.issuperset(seq) for seq in concept.alternates if seq not in concept.loose)


def frame_concepts(frame: QuestionFrame) -> tuple[Concept, ...]:
    """Every concept of the question's focus and constraints, once each."""
    return tuple(dict.fromkeys(c for u in (*frame.focus, *frame.constraints) for c in u.concepts))


def weigh(frame: QuestionFrame, sentence: SentenceFacts) -> Evidence:
    """How a sentence answers a framed question.

    A question about the corpus's own subject ("How quickly does it work?") is carried by every
    sentence: each article is about that subject, whether a sentence names it or not. A sentence
    that clearly shows the evidence asked for carries the focus its sentence before names too
    ("… concerns and controversies surrounding its use. Some experts worry about …"), when it
    carries some of the question itself or opens with that evidence (a sentence that goes on
    from the one before opens with its link).
    """
    weighed = sentence._weighed
    if weighed is not None and weighed[0] is frame:
        return weighed[1]
    evidence = _weigh(frame, sentence)
    sentence._weighed = (frame, evidence)
    return evidence


def _weigh(frame: QuestionFrame, sentence: SentenceFacts) -> Evidence:
    present = sentence.stems
    typed = sentence.shows(frame.type, frame.numbers) if frame.type is not None else 0.0
    not_known = _not_known_shown(frame, sentence, typed)
    typed = max(typed, not_known)
    if frame.focus_from_topic:
        return Evidence(1.0, True, 0.0, typed, not_known=not_known)
    focus = known_focus(frame)
    main = main_unit(frame)
    total = sum(u.weight for u in focus) or 1.0
    carried = sum(u.weight for u in focus if carries(u, present)) / total if focus else 0.0
    constraints = frame.constraints
    constrained = (
        sum(1 for u in constraints if carries(u, present)) / len(constraints)
        if constraints
        else 0.0
    )
    main_carried = main is None or carries(main, present)
    goes_on = (
        typed >= 1.0
        and frame.type is not None
        and (carried > 0 or constrained > 0 or sentence.opens_with(frame.type, frame.numbers))
    )
    leans = False
    if not main_carried and goes_on and main is not None:
        leans = main_carried = carries(main, present | sentence.before)
    return Evidence(carried, main_carried, constrained, typed, goes_on, leans, not_known)


def _not_known_shown(frame: QuestionFrame, sentence: SentenceFacts, typed: float) -> float:
    """How clearly a sentence says what is not known yet, to a question about what is known.

    What is not known must be of what the question asks: "is it known how it works?" is answered
    by "its exact mechanism is still being studied", not by "its long-term effects remain
    uncertain" (`typed`: how clearly the sentence shows the question's own type's evidence).
    """
    if frame.not_known is None:
        return 0.0
    if frame.type is not None and frame.type.evidence_texts and typed < 1.0:
        return 0.0  # a type with evidence of its own (yes-no has none) must show it
    return sentence.shows(frame.not_known)


def talks_only(sentence: SentenceFacts, evidence: Evidence) -> bool:
    """Whether a sentence only talks about a topic, for the question it was weighed against.

    "Further research is needed" states no fact of a topic, but it answers a question about what
    is known of it.
    """
    return sentence.meta and evidence.not_known < 1.0


def labels(units: Sequence[Unit]) -> str:
    """`“a”`, `“a” and “b”`, `“a”, “b” and “c”`."""
    quoted = [f"“{u.label}”" for u in units]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]
