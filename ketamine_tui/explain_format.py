"""Rich renderables of explanations: why a passage was found, why a sentence came first.

Made for 80 columns: a hit's explanation is a few lines under its margin (the score and each
stage's factor, then the matched words of each field), an answer's is a small table of the
features of its first sentence's score beside the next best sentence's. Query and article text
go through `formatting.safe`, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text

from ketamine_tui.explain_models import (
    VIA_CUE,
    VIA_FAMILY,
    VIA_PARTIAL,
    VIA_SYNONYM,
    VIA_TYPE,
)
from ketamine_tui.formatting import DIM, Hanging, safe
from ketamine_tui.safetext import one_line

if TYPE_CHECKING:
    from ketamine_tui.explain_models import (
        AnswerExplanation,
        ConceptNote,
        HitExplanation,
        QueryExplanation,
        WordMatch,
    )

FIELD_NAMES = (("title", "title"), ("section", "section"), ("body", "text"))
FEATURE_LABELS = {
    "coverage": "covers the question's words",
    "cue": "matches the question word's cue",
    "rank": "its passage's search score",
    "focus": "carries the question's focus",
    "evidence": "shows the evidence asked for",
    "meta": "only talks about the topic",
    "definition": "defines what is asked about",
}
ROLE_NOTES = {
    "searched": "",
    "in most passages": "in most passages: not searched",
    "unknown": "in no article",
    "cue": "question word's cue",
    "answer type": "words of the answer type",
}
_VIA_NOTES = {
    VIA_SYNONYM: "synonym of",
    VIA_FAMILY: "word family of",
    VIA_PARTIAL: "part of",
    VIA_CUE: "asked by",
    VIA_TYPE: "answer type",
}
WHY_STYLE = "magenta"


@dataclass(frozen=True)
class WhyStyles:
    """The styles of an explanation's quiet parts and its headings: a terminal's, or a theme's.

    The command line uses dim and magenta; the app passes colours its theme keeps readable.
    """

    muted: str | Style = DIM
    why: str | Style = WHY_STYLE


TERMINAL = WhyStyles()


def concept_note(note: ConceptNote, styles: WhyStyles = TERMINAL) -> Text:
    """ "effects (weight 1.14; corrected from “efects”)": one word of the query, read."""
    parts = [f"weight {note.weight:.2f}"]
    if ROLE_NOTES.get(note.role, note.role):
        parts.append(ROLE_NOTES.get(note.role, note.role))
    if note.role == "searched" and not note.in_articles:
        parts.append("only its synonyms or family are in the articles")
    if note.corrected_from:
        parts.append(f"corrected from “{note.corrected_from}”")
    return Text.assemble(safe(note.label), (f" ({'; '.join(parts)})", styles.muted))


def query_lines(query: QueryExplanation, styles: WhyStyles = TERMINAL) -> list[RenderableType]:
    """ "Query words: a (…) · b (…)": how each word of the query was read."""
    line = Text("Query words: ", style=styles.why)
    for number, note in enumerate(query.concepts):
        if number:
            line.append(" · ", style=styles.muted)
        line.append_text(concept_note(note, styles))
    return [Hanging([line], indent=2)]


def match_text(match: WordMatch, styles: WhyStyles = TERMINAL) -> Text:
    """ "“adverse effects” ×2 (synonym of side effects)": the words of one match."""
    text = Text()
    for number, word in enumerate(match.words):
        if number:
            text.append(", ")
        text.append_text(safe(f"“{one_line(word)}”"))
    if len(match.spans) > 1:
        text.append(f" ×{len(match.spans)}", style=styles.muted)
    notes = []
    if match.via in _VIA_NOTES:
        notes.append(f"{_VIA_NOTES[match.via]} {match.concept}")
    if match.corrected_from:
        notes.append(f"“{match.corrected_from}” corrected")
    if notes:
        text.append_text(safe(f" ({'; '.join(notes)})", styles.muted))
    return text


def hit_explanation_lines(why: HitExplanation, styles: WhyStyles = TERMINAL) -> list[Text]:
    """The score as the backend's times each stage's factor, then each field's matched words."""
    score = Text(f"why: score {why.score:g} = backend {why.backend_score:g}", style=styles.why)
    for stage in why.stages:
        score.append(f" × {stage.stage} {stage.factor:.2f}", style=styles.why)
    lines = [score]
    for field, name in FIELD_NAMES:
        matches = why.matches_in(field)
        if matches:
            line = Text(f"{name}: ", style=styles.muted)
            for number, match in enumerate(matches):
                if number:
                    line.append(" · ", style=styles.muted)
                line.append_text(match_text(match, styles))
            lines.append(line)
    return lines


def answer_explanation_renderable(
    explained: AnswerExplanation, styles: WhyStyles = TERMINAL
) -> RenderableType:
    """Why the first sentence came first (its features beside the next best), or what is missing."""
    parts: list[RenderableType] = [Text()]
    query = explained.query
    first = explained.first
    if first is None:
        parts.append(Text("Why not covered", style=Style.parse("bold") + _style(styles.why)))
        unknown = ", ".join(f"“{word}”" for word in query.unknown)
        parts.append(
            Hanging(
                [
                    safe(f"No article contains {unknown}.")
                    if unknown
                    else Text("Every word of the question is in the articles; see the reason.")
                ],
                indent=2,
            )
        )
        parts.extend(query_lines(query, styles))
        return Group(*parts)
    runner_up = explained.runner_up
    parts.append(
        Text.assemble(
            ("Why this first sentence", Style.parse("bold") + _style(styles.why)),
            (f"  (the best of {explained.considered} sentences scored)", styles.muted),
        )
    )
    parts.append(_features_table(explained))
    verdict = "it answers: it carries the focus and the evidence asked for"
    if not first.answers:
        verdict = "no sentence answers fully; it is the closest"
    parts.append(
        Hanging([Text(f"{verdict} (support {first.support:.2f})", style=styles.muted)], indent=2)
    )
    if runner_up is not None:
        parts.append(
            Hanging(
                [Text("next best: ", style=styles.muted) + safe(one_line(runner_up.text))],
                indent=2,
            )
        )
    parts.extend(query_lines(query, styles))
    return Group(*parts)


def _style(style: str | Style) -> Style:
    """A style given by name or as a Style, as a Style."""
    return Style.parse(style) if isinstance(style, str) else style


def _features_table(explained: AnswerExplanation) -> RenderableType:
    """Feature, value and points of the first sentence, and the points of the next best."""
    from rich.box import SIMPLE_HEAD
    from rich.table import Table

    first, runner_up = explained.first, explained.runner_up
    assert first is not None
    table = Table(box=SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1))
    table.add_column("feature")
    table.add_column("value", justify="right")
    table.add_column("points", justify="right")
    if runner_up is not None:
        table.add_column("next best", justify="right")
    others: Sequence[float] = [f.points for f in runner_up.features] if runner_up else []
    for number, feature in enumerate(first.features):
        row = [
            FEATURE_LABELS.get(feature.name, feature.name),
            f"{feature.value:.2f}",
            f"{feature.points:+.2f}",
        ]
        if runner_up is not None:
            row.append(f"{others[number]:+.2f}")
        table.add_row(*row)
    total = ["score", "", f"{first.score:.2f}"]
    if runner_up is not None:
        total.append(f"{runner_up.score:.2f}")
    table.add_row(*total, style="bold")
    return table
