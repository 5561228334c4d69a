"""Question analysis: a planned question becomes a frame — what it asks about, and what for.

The frame holds the question's *focus* (what it is about, multiword units kept whole: "side
effects", "drug test"), its *constraints* ("at home", "while pregnant", "with my antidepressants"),
its *polarity* ("doesn't work") and its *expected answer type* from the taxonomy in
`question_types.py` (duration, cost, setting…). The taxonomy is English-general data, so the
same analysis serves any folder of articles; words are tied to the plan's concepts, so a focus
carries its synonyms and word family.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ketamine_tui.analysis import Concept, QueryPlan
from ketamine_tui.answer_types import AnswerType, Taxonomy, answer_type, taxonomy
from ketamine_tui.phrases import first_match
from ketamine_tui.phrases import tokens as phrase_tokens
from ketamine_tui.question_text import (
    QUESTION_TOKEN,
    asking_and_told,
    context_words,
    known_alternatives,
    told_as_constraints,
    told_measures,
    without_compared,
)
from ketamine_tui.settings import Settings
from ketamine_tui.spelling import is_english_word, zipf_frequency
from ketamine_tui.words import QUESTION_PHRASING_WORDS, is_content, stem

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

_CONJUNCTIONS = frozenset({"and", "or", "nor", "vs", "versus", "but", "plus"})
_JOINERS = frozenset({"-", "'", "’", "/"})
_POSSESSIVES = frozenset({"my", "your", "his", "her", "our", "their"})
_SUBJECT_PRONOUNS = frozenset({"it", "this", "that"})
# "one *infusion*" is one treatment of the subject, asked as "one" ("a single treatment" says it),
# not by the word for the treatment, which the articles may not use with it
_COUNTING = frozenset({"one", "single"})
# Types whose answer can say which of two alternatives it is ("a pill or an IV drip?")
_WHICH_OF_TWO = frozenset({"setting", "definition", "risk"})
# Words before a noun: the word after one names a thing ("the bus", "my dog").
_ARTICLES = frozenset({"a", "an", "the"}) | _POSSESSIVES
# An English word this common that the articles lack phrases a question more often than it
# names its subject ("does it *mess* with your heart", "is it *sorted*").
EVERYDAY_ZIPF = 4.8


class Unit(NamedTuple):
    """A run of question words that belong together ("drug test"), with their concepts.

    `known`: the articles have most of it — the concepts they contain (themselves or a close
    synonym) weigh at least half of the unit, an unknown word weighing by how specific it is.
    """

    label: str
    concepts: tuple[Concept, ...]
    known: bool
    named: bool = False  # the question's cue names it ("how many *infusions*")

    @property
    def weight(self) -> float:
        """How much the unit weighs: its rarest concept's weight."""
        return max((c.weight for c in self.concepts), default=0.0)


class QuestionFrame(NamedTuple):
    """What a question asks: its answer type, focus, constraints and polarity."""

    type: AnswerType | None
    focus: tuple[Unit, ...]
    constraints: tuple[Unit, ...]
    negative: bool
    focus_from_topic: bool = False
    asked: bool = False  # the type comes from how the question asks ("how long"), not a word
    numbers: frozenset[str] = frozenset()  # numbers the question gives: no answer to it
    # A question about what is known ("do doctors know how it works?"): a sentence that says
    # what is not known yet (this type's evidence) answers it, and is no mere talk of the topic.
    not_known: AnswerType | None = None

    @property
    def type_name(self) -> str | None:
        """The answer type's name (None for a keyword query)."""
        return self.type.name if self.type else None

    @property
    def needs_evidence(self) -> bool:
        """Whether an answer must show the type's evidence (the question's cue asks for it).

        "How long…?" needs a duration; "Does it cause side effects?" only names a topic.
        """
        return self.asked and self.type is not None and self.type.needs_evidence


class QuestionAnalyzer:
    """Frames planned questions with one taxonomy and the engine's settings."""

    def __init__(self, settings: Settings, kinds: Taxonomy | None = None) -> None:
        self.settings = settings
        self.kinds = kinds or taxonomy()
        self._light = frozenset(stem(w) for w in self.kinds.light)
        self._people = frozenset(stem(w) for w in self.kinds.people)

    def frame(self, plan: QueryPlan) -> QuestionFrame:
        """The frame of a planned question.

        Content words group into units where they stand together ("drug test"); a preposition
        ("at", "while", "with"…) starts a constraint that runs over its content words ("while
        pregnant"). Words that name the answer type ("how *long*"), phrase the question, carry
        no meaning alone ("take", "make") or name the corpus's own subject ("ketamine" here)
        are no focus. A question whose only content is a constraint is about that constraint;
        one with nothing else is about the corpus's subject.
        """
        kinds = self.kinds
        text = plan.corrected or plan.text
        asking, told = asking_and_told(text)
        # how it asks is read from the sentences that ask ("I'm on X. *Is it safe if…?*")
        kind, asked, named = answer_type(" ".join(asking) if told else text, kinds)
        # "… is it safe? what's known about the long term": its context may ask what is known
        all_tokens = phrase_tokens(text)
        knowers = first_match(kinds.knowing, all_tokens, frozenset(all_tokens))
        concept_of = _concepts_by_stem(plan.concepts)
        slot = (
            kind.slot if kind and asked else frozenset()
        )  # a word that names the type is the topic
        focus: list[list[tuple[str, Concept]]] = [[]]
        named_units: set[Concept] = set()
        constraints: list[list[tuple[str, Concept]]] = []
        topic: list[tuple[str, Concept]] = []
        in_constraint = after_preposition = one_word = False
        things: set[str] = set()
        # A question that says what it asks ("how quickly…?") is understood without its context,
        # unless the context names what the answer should be ("what dose? like mg per kg").
        told_only = context_words(asking, told)
        # So is one that asks whether the subject does what its context told of another ("lexapro
        # killed my libido. does ketamine do that *too*?"): what the context tells is asked, not
        # the other drug (a name, no English word) the articles lack.
        if kind and asked:
            context = told_only - kind.words - kind.slot
        elif told and first_match(kinds.likewise, all_tokens, frozenset(all_tokens)) is not None:
            context = frozenset(w for w in told_only if not is_english_word(w))
        else:
            context = frozenset()
        measures = told_measures(told) & told_only  # what the sentences that ask do not say
        previous, dropped = "", False
        after_like, compared = False, set[str]()
        tokens = QUESTION_TOKEN.findall(text)
        for token in tokens:
            word, previous_word = token.lower(), previous
            previous = token.lower()
            runs = constraints if in_constraint else focus
            if token in _JOINERS:
                # "treatment-resistant", "ketamine's": one unit; "at-home", "in-person": a
                # constraint of one word
                one_word = one_word or (in_constraint and previous_word in kinds.prepositions)
                continue
            if not token[0].isalnum() or word in _CONJUNCTIONS:
                if not token[0].isalnum():
                    in_constraint = False  # punctuation ends a constraint
                (constraints if in_constraint else focus).append([])
                continue
            if word in kinds.prepositions:
                constraints.append([])
                in_constraint = after_preposition = True
                continue
            if after_preposition and word in kinds.determiners:
                continue
            word_stem = stem(word)
            concept = concept_of.get(word_stem) if is_content(word) else None
            if concept is not None and after_like:
                after_like = False
                if not present_in_articles(concept) and not is_english_word(word):
                    compared.add(word)  # "like *Prozac* does": what it is compared with
            after_like = after_like or word == "like"
            if concept is not None and word in context and not present_in_articles(concept):
                # what the articles lack, told only as context, is not asked
                concept, dropped = None, True
            elif word in measures:
                concept = None  # "my lexapro took 6 *weeks*": what the answer is compared with
            if concept is None:  # a stop word ends a constraint
                runs.append([])
                if in_constraint:
                    in_constraint = after_preposition = False
                    focus.append([])
                continue
            after_preposition = False
            if word in named:
                focus += [[(word, concept)], []]
                named_units.add(concept)
            elif (
                word in slot
                or (knowers is not None and word in knowers)  # "do *doctors* know…"
                or word in QUESTION_PHRASING_WORDS
                or (word_stem in self._light and len(concept.primary[0]) == 1)
                or (word_stem in self._people and previous_word in _POSSESSIVES)
            ):
                if in_constraint and word_stem in self._light:
                    after_preposition = True  # "while *taking* my antidepressants"
                runs.append([])
            elif (concept.primary and not (set(concept.primary[0]) & plan.specific)) or (
                word in kinds.subject_heads
                and ((topic and topic[-1][0] == previous_word) or previous_word in _COUNTING)
            ):
                topic.append((word, concept))  # the corpus's own subject ("ketamine" here)
                runs.append([])
            else:
                if previous_word in _ARTICLES and not in_constraint:
                    things.add(word)  # "the *bus*": a thing named, not a vague verb
                runs[-1].append((word, concept))
                if one_word:
                    in_constraint = after_preposition = one_word = False
                    focus.append([])
        # by label: a unit's concepts may have had their generic alternates made loose
        named_labels = {c.label for c in named_units}
        focus_units = tuple(
            u._replace(named=any(c.label in named_labels for c in u.concepts))
            for u in self._units(focus, plan)
        )
        constraint_units = tuple(u for u in self._units(constraints, plan) if u not in focus_units)
        if told:
            focus_units, constraint_units = told_as_constraints(
                focus_units, constraint_units, told_only
            )
        focus_units = without_compared(focus_units, constraint_units, compared)
        from_topic = False
        if (
            focus_units
            and not any(u.known for u in focus_units)
            and self._everyday(focus_units)
            and not any(u.label in things for u in focus_units)
        ):
            # Only single everyday words the articles lack ("does it *mess* with your heart"),
            # none a thing it names ("can I take *the bus*"): the question is about what its
            # constraints name.
            known_constraints = tuple(u for u in constraint_units if u.known)
            if known_constraints:
                focus_units = known_constraints
                constraint_units = tuple(u for u in constraint_units if not u.known)
        if not focus_units and constraint_units:
            focus_units, constraint_units = constraint_units, ()
        elif not focus_units and topic:
            focus_units, from_topic = self._units([topic[:1]], plan), True
        elif (
            not focus_units
            and kind is not None
            and asked
            and not kind.needs_thing
            and not dropped  # "I tried psilocybin. How long does *it* last?": it is that
            and _SUBJECT_PRONOUNS & {t.lower() for t in tokens}
        ):
            from_topic = True  # "How long does *it* last?": about what the articles are about
        words = all_tokens
        if kind is not None and kind.name in _WHICH_OF_TWO:
            focus_units = known_alternatives(focus_units, text)
        negative = first_match(kinds.negative, words, frozenset(words)) is not None
        numbers = frozenset(w for w in words if w[:1].isdigit())
        not_known = kinds.not_known if knowers is not None else None
        return QuestionFrame(
            kind, focus_units, constraint_units, negative, from_topic, asked, numbers, not_known
        )

    def rank_weights(self, frame: QuestionFrame, concepts: Sequence[Concept]) -> list[Concept]:
        """The concepts to rank by, words that only phrase the question weighing less.

        A word the frame keeps out of its focus and constraints ("what percentage of patients
        *respond*": the type's own word; "take", "make") ranks at `off_frame_weight` of its
        weight: the passages that carry the focus come first.
        """
        if frame.type is None:
            return list(concepts)
        framed = {id(c) for u in (*frame.focus, *frame.constraints) for c in u.concepts}
        framed_labels = {c.label for u in (*frame.focus, *frame.constraints) for c in u.concepts}
        share = self.settings.off_frame_weight

        return [
            c
            if not c.primary
            or id(c) in framed
            or c.label in framed_labels
            or frame.focus_from_topic
            else c._replace(weight=c.weight * share)
            for c in concepts
        ]

    def type_concepts(self, frame: QuestionFrame, plan: QueryPlan) -> tuple[Concept, ...]:
        """A weak concept of the words that answers of the question's type use ("hours").

        It re-ranks, and brings passages in: a question that names little but the corpus's
        subject ("How quickly does it work?") finds the passages that answer its type.
        """
        kind = frame.type
        if kind is None or not kind.recruit or not frame.asked:
            return ()
        words_ = tuple(dict.fromkeys((stem(w),) for w in kind.recruit if stem(w)))
        content = [c for c in plan.concepts if c.primary]
        weight = self.settings.cue_weight * (
            sum(c.weight for c in content) / len(content) if content else 1.0
        )
        return (Concept(f"({kind.name})", (), words_, weight, recruits=True),)

    @staticmethod
    def _everyday(units: Sequence[Unit]) -> bool:
        """Whether each unit is one common English word, named by no cue and naming no people.

        A unit of several words ("lose control", "half-life") or a word a cue names ("can I
        *drive*") says what the question is about, however common its words are.
        """
        return all(
            not u.named
            and " " not in u.label
            and is_english_word(u.label)
            and zipf_frequency(u.label) >= EVERYDAY_ZIPF
            and u.label not in POPULATION_WORDS
            for u in units
        )

    def _units(self, runs: list[list[tuple[str, Concept]]], plan: QueryPlan) -> tuple[Unit, ...]:
        """One unit per non-empty run; a concept already in an earlier unit is not repeated."""
        unseen = plan.unseen
        seen: set[Concept] = set()
        units: list[Unit] = []
        for run in runs:
            own = tuple(dict.fromkeys(c for _, c in run if c not in seen))
            if own:
                seen.update(own)
                label = " ".join(dict.fromkeys(w for w, c in run if c in own))
                concepts = tuple(_without_generic(c, plan) for c in own)
                units.append(Unit(label, concepts, unit_known(concepts, self.settings, unseen)))
        return tuple(units)


def _without_generic(concept: Concept, plan: QueryPlan) -> Concept:
    """The concept with its alternates found in most passages made loose (they carry nothing).

    A focus carried by "treatment" is carried by nearly every sentence of the articles.
    """
    generic = tuple(a for a in concept.alternates if not any(s in plan.specific for s in a))
    if not generic:
        return concept

    # Still known: the articles have the word, even if only in the general sense ("sessions" as
    # "treatments"); no sentence carries the concept by it.
    return concept._replace(loose=tuple(sorted({*concept.loose, *generic})))


def _concepts_by_stem(concepts: Sequence[Concept]) -> dict[str, Concept]:
    """Each primary stem of the plan's word concepts, and the concept it belongs to."""
    found: dict[str, Concept] = {}
    for concept in concepts:
        for sequence in concept.primary:
            for s in sequence:
                found.setdefault(s, concept)
    return found


def asked_weight(concept: Concept, settings: Settings, unseen: float = 0.0) -> float:
    """How much a concept of the question weighs when judging whether the articles answer it.

    A concept the articles lack (itself and its close synonyms) weighs as a word no passage
    contains (`unseen`), more for a name outside the English word list, less for an everyday
    word, even when a word that merely shares its prefix is in the articles ("liver", "lives").
    """
    if present_in_articles(concept):
        return concept.weight
    base = max(concept.weight, unseen)
    words_ = concept.label.lower().split()
    if not all(is_english_word(w) for w in words_):
        return base * settings.unknown_term_factor
    return base * settings.unknown_word_factor * specificity(words_, settings)


def specificity(words_: list[str], settings: Settings) -> float:
    """How much unknown everyday words weigh: 1 if uncommon, less the commoner they are."""
    if any(w in POPULATION_WORDS for w in words_):
        return 1.0
    zipf = max(zipf_frequency(w) for w in words_)
    share = 1.0 - (zipf - settings.fully_specific_zipf) / settings.zipf_span
    return min(1.0, max(settings.min_everyday_share, share))


def unit_known(concepts: Sequence[Concept], settings: Settings, unseen: float) -> bool:
    """Whether the articles have most of a unit (see `Unit`)."""
    total = sum(asked_weight(c, settings, unseen) for c in concepts)
    present = sum(c.weight for c in concepts if present_in_articles(c))
    return total > 0 and present / total >= 0.5


def present_in_articles(concept: Concept) -> bool:
    """Whether the articles have a concept itself or a close synonym of it."""
    return concept.primary_known or concept.close_known
