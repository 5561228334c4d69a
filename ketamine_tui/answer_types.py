"""Answer types: the taxonomy of `question_types.py` compiled, and the type a question asks for.

A type is recognised in three passes, so that how a question asks beats what it mentions: its
cues first ("how long"), then the words it names ("insurance"), then the yes-no types.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from ketamine_tui.phrases import Pattern, compile_all, first_match
from ketamine_tui.phrases import tokens as phrase_tokens


class AnswerType(NamedTuple):
    """One kind of answer a question can ask for, with how to recognise it and its evidence."""

    name: str
    cues: tuple[Pattern, ...]
    unless: tuple[Pattern, ...]  # patterns that undo its cues
    words: frozenset[str]  # single words it names ("insurance")
    # The texts of the patterns a question rarely needs, compiled on first use (`phrases`,
    # `evidence`, `weak`): a question reads the evidence of its own type only.
    phrase_texts: tuple[str, ...]  # longer words it names ("out of pocket")
    evidence_texts: tuple[str, ...]
    weak_texts: tuple[str, ...]
    needs_evidence: bool
    recruit: tuple[str, ...]
    slot: frozenset[str]
    missing: str
    last: bool
    near: tuple[str, ...]
    needs_thing: bool = False  # a count counts something: of "it" alone it names nothing

    @property
    def phrases(self) -> tuple[Pattern, ...]:
        """The longer words it names, as patterns."""
        return _compiled(self.phrase_texts)

    @property
    def evidence(self) -> tuple[Pattern, ...]:
        """What a sentence that answers it shows."""
        return _compiled(self.evidence_texts)

    @property
    def weak(self) -> tuple[Pattern, ...]:
        """What shows it less clearly."""
        return _compiled(self.weak_texts)


@lru_cache(maxsize=256)
def _compiled(texts: tuple[str, ...]) -> tuple[Pattern, ...]:
    return compile_all(texts)


class Taxonomy(NamedTuple):
    """The answer types in the order they are tried, and the patterns every question shares."""

    types: tuple[AnswerType, ...]
    meta: tuple[Pattern, ...]
    prepositions: frozenset[str]
    determiners: frozenset[str]
    light: frozenset[str]
    people: frozenset[str]
    negative: tuple[Pattern, ...]
    one_not_after: frozenset[str] = frozenset()  # "in one study": this "one" counts nothing
    one_not_before: frozenset[str] = frozenset()  # "one of them"
    subject_heads: frozenset[str] = frozenset()  # "X *therapy*", X the subject: the subject
    knowing: tuple[Pattern, ...] = ()  # "do they know…?": a question about what is known
    likewise: tuple[Pattern, ...] = ()  # "does it do that too?": of what the context told
    # what is not known yet, as the evidence of an answer type of its own (see `QuestionFrame`)
    not_known: AnswerType | None = None

    def type_named(self, name: str) -> AnswerType | None:
        """The answer type of this name, if there is one."""
        return next((t for t in self.types if t.name == name), None)


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The answer types of `question_types(_care)`, the shared lists of `question_words` (once)."""
    from ketamine_tui import question_types as data
    from ketamine_tui import question_types_care as care
    from ketamine_tui import question_words as lexicon

    def strings(entry: dict[str, object], key: str) -> list[str]:
        value = entry.get(key, [])
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    types = tuple(
        AnswerType(
            name=str(t["name"]),
            cues=compile_all(strings(t, "cues")),
            unless=compile_all(strings(t, "unless")),
            words=frozenset(w for w in strings(t, "words") if " " not in w),
            phrase_texts=tuple(w for w in strings(t, "words") if " " in w),
            evidence_texts=tuple(strings(t, "evidence")),
            weak_texts=tuple(strings(t, "weak")),
            needs_evidence=bool(t.get("needs_evidence", False)),
            recruit=tuple(strings(t, "recruit")),
            slot=frozenset(strings(t, "slot")),
            missing=str(t.get("missing", "that")),
            last=bool(t.get("last", False)),
            near=tuple(strings(t, "near")),
            needs_thing=bool(t.get("needs_thing", False)),
        )
        for t in (*data.TYPES, *care.TYPES)
    )
    return Taxonomy(
        types,
        compile_all(lexicon.META),
        frozenset(lexicon.PREPOSITIONS),
        frozenset(lexicon.DETERMINERS),
        frozenset(lexicon.LIGHT),
        frozenset(lexicon.PEOPLE),
        compile_all(lexicon.NEGATIVE),
        frozenset(lexicon.ONE_COUNTS_NOTHING_AFTER),
        frozenset(lexicon.ONE_COUNTS_NOTHING_BEFORE),
        frozenset(lexicon.SUBJECT_HEADS),
        compile_all(lexicon.KNOWING),
        compile_all(lexicon.LIKEWISE),
        AnswerType(
            name="not-known",
            cues=(),
            unless=(),
            words=frozenset(),
            phrase_texts=(),
            evidence_texts=tuple(lexicon.NOT_KNOWN),
            weak_texts=(),
            needs_evidence=False,
            recruit=(),
            slot=frozenset(),
            missing="what is known of it",
            last=False,
            near=(),
        ),
    )


class TypeMatch(NamedTuple):
    """A question's answer type, whether its cue asks for it, and the focus words the cue names."""

    type: AnswerType | None
    asked: bool = False
    named: frozenset[str] = frozenset()


def answer_type(question: str, kinds: Taxonomy) -> TypeMatch:
    """The question's answer type (see `question_types.py`)."""
    words = phrase_tokens(question)
    present = frozenset(words)
    for kind in kinds.types:
        if not kind.last:
            named = first_match(kind.cues, words, present)
            if named is not None and first_match(kind.unless, words, present) is None:
                return TypeMatch(kind, True, frozenset(named))
    for kind in kinds.types:
        if (
            not kind.words.isdisjoint(present)
            or first_match(kind.phrases, words, present) is not None
        ):
            return TypeMatch(kind)
    for kind in kinds.types:
        if kind.last and first_match(kind.cues, words, present) is not None:
            return TypeMatch(kind)
    return TypeMatch(None)
