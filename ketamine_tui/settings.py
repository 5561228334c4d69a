"""Every ranking and answer setting, in one frozen object that the engine passes to each stage.

Nothing that shapes a result is read from a module global: a stage gets the `Settings` it was
built with, so an evaluation can change one (`ketamine-tui eval FILE --set min_support=0.3`) and
measure the effect. Each field says in one line what it does. Rules that are data rather than
numbers (stop words, suffixes, synonym groups) live with the stage that uses them.
"""

from __future__ import annotations

from typing import NamedTuple


class Settings(NamedTuple):
    """The tuning of query analysis, retrieval, ranking, snippets and answers.

    A named tuple: frozen, and made at import in a fraction of what a 40-field dataclass takes.
    """

    # -- query analysis
    synonym_credit: float = 0.6
    """How much a passage matching only a synonym of a word counts, against the word itself."""
    cue_weight: float = 0.5
    """Weight of a question word's cue ("who" → people) against the mean weight of the words."""
    phrasing_weight: float = 0.2
    """Share of its rarity that a question-phrasing word ("consider", "mean") keeps."""
    min_family_root: int = 4
    """Shortest stem that is extended into its word family by derivational suffixes."""
    max_family_length_change: int = 4
    """Most letters a family member of a long unknown word may differ in length by."""
    max_family_members: int = 5
    """Most word-family members a query word brings in."""
    min_correctable_length: int = 4
    """Shortest unknown word that typo correction tries to correct."""
    one_edit_up_to: int = 7
    """Longest word corrected with one edit only; longer words may need two."""

    # -- retrieval
    synonym_boost: float = 0.5
    """Boost of a synonym's query leaves against the word's own."""
    generic_share: float = 0.5
    """A word in more than this share of the passages ranks nothing and is left out."""
    recruiting_synonyms: int = 6
    """Most synonyms of one word that may bring passages in (all of them still re-rank)."""
    candidates_per_hit: int = 4
    """Candidates fetched from the backend per hit asked for, before re-ranking."""
    min_candidates: int = 40
    """Fewest candidates fetched from the backend, however few hits are asked for."""
    recurrence_words: int = 5
    """Rarest words of a sentence used to find where else the articles say it."""

    # -- ranking
    coverage_floor: float = 0.25
    """Added to a passage's share of the question covered before it scales the backend score."""
    coverage_power: float = 2.0
    """Power of (floor + coverage) that scales the backend score."""

    evidence_candidates: int = 12
    """Best candidates whose sentences are weighed against the question's frame."""
    evidence_boost: float = 0.5
    """Most a candidate's score grows by for a sentence that answers what the question asks."""
    type_boost: float = 0.3
    """Boost of the query leaves of the words that answers of the question's type use."""
    off_frame_weight: float = 0.3
    """Share of its weight a question word outside the focus and constraints ranks with."""

    # -- snippets
    snippet_chars: int = 240
    """Characters of a passage shown around its matches."""

    # -- answers
    max_sentences: int = 3
    """Most sentences an answer quotes."""
    passages_considered: int = 8
    """Best passages whose sentences may answer a question."""
    answer_lead: int = 2
    """Passages a question's search results lead with: the first its answer quotes (0: none)."""
    min_question_coverage: float = 0.5
    """Least share of the question's content the articles must contain to be answered."""
    min_support: float = 0.35
    """Least share of the question's content the best sentence must cover to be answered."""
    close_overlap: float = 1.0
    """Share of the question's words (by weight) with which a sentence answers without evidence."""
    sentence_support_share: float = 0.5
    """Share of min_support that a second or third sentence must cover."""
    unknown_term_factor: float = 1.5
    """Weight of a question word no article contains and no English word list has (a name)."""
    unknown_word_factor: float = 1.0
    """Weight of an English word no article contains, before its commonness lowers it."""
    fully_specific_zipf: float = 5.0
    """Zipf frequency up to which an unknown English word weighs in full."""
    zipf_span: float = 1.5
    """Zipf frequencies over which an unknown word's weight falls to its least share."""
    min_everyday_share: float = 0.4
    """Least share of its weight that the commonest unknown word keeps."""
    cue_bonus: float = 0.2
    """Score a sentence gains for matching the question word's cue."""
    rank_bonus: float = 0.25
    """Score a sentence gains from its passage's search score (relative to the best one)."""
    definition_bonus: float = 0.5
    """Score a sentence gains for defining what a "What is X?" question asks about."""
    focus_bonus: float = 0.3
    """Score a sentence gains for carrying the question's focus (all of its units)."""
    evidence_bonus: float = 0.3
    """Score a sentence gains for showing the evidence the question's type asks for."""
    meta_penalty: float = 0.3
    """Score a sentence loses for talking about a topic instead of stating a fact of it."""
    keep_relative_to_best: float = 0.6
    """Least score, relative to the best sentence, of another sentence shown."""
    duplicate_similarity: float = 0.45
    """Least Jaccard similarity of two sentences' stems for them to say the same thing."""
    min_shared_words: int = 5
    """Fewest shared stems for two sentences to say the same thing."""
    min_sentence_chars: int = 25
    """Shortest sentence that can be an answer (shorter ones are fragments)."""
    corroboration_passages: int = 8
    """Passages searched for other articles that say a chosen sentence."""
    compare_articles: int = 10
    """Most articles a comparison reads: those with the best passages (the rest are counted)."""
    related_synonym_share: float = 0.5
    """How much a related question sharing only a synonym counts, against a shared word."""
    related_questions: int = 3
    """Related questions shown beside an answer."""
    related_when_not_covered: int = 5
    """Questions offered when the articles do not cover one."""

    def changed(self, assignments: list[str]) -> tuple[Settings, list[tuple[str, object, object]]]:
        """These settings with `NAME=VALUE` assignments applied, and (name, old, new) of each.

        A name that is not a setting, or a value that is not of the setting's type, is a
        ValueError saying which.
        """
        known = set(self._fields)
        values: dict[str, object] = {}
        report: list[tuple[str, object, object]] = []
        for assignment in assignments:
            name, sep, raw = assignment.partition("=")
            name = name.strip().replace("-", "_")
            if not sep or name not in known:
                names = ", ".join(sorted(known))
                raise ValueError(f"{assignment!r}: give NAME=VALUE with NAME one of: {names}")
            old = getattr(self, name)
            try:
                new: object = int(raw) if isinstance(old, int) else float(raw)
            except ValueError:
                kind = "a whole number" if isinstance(old, int) else "a number"
                raise ValueError(f"{name}={raw!r}: the value must be {kind}") from None
            values[name] = new
            report.append((name, old, new))
        return self._replace(**values), report  # type: ignore[arg-type]  # each value has its field's type


DEFAULT_SETTINGS = Settings()
