"""The lines of the answer and passage panes: hanging indents, and colours from the theme.

Each line is a prefix ("• ", "[1] ", " 3. ") and a body that wraps under the body, not under the
prefix. Colours come from the widget's component classes (styled in `app.tcss` with the app's
readable theme variables), so they follow the theme; a widget rebuilds its lines when the theme
changes. Untrusted text goes through `formatting.safe`/`safetext`: it is never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.widget import Widget

from ketamine_tui.export import said_by
from ketamine_tui.formatting import one_line_preserving, safe
from ketamine_tui.models import Hit, Snippet
from ketamine_tui.safetext import one_line

if TYPE_CHECKING:  # the answer's types load with the first answer, not as the app opens
    from ketamine_tui.answer_models import Answer, AnswerSentence, Citation, RelatedQuestion

# The component classes a widget showing these lines declares (see `LineStyles.of`).
LINE_CLASSES = {
    "line--marker",
    "line--muted",
    "line--source",
    "line--section",
    "line--warning",
    "line--match",
}


@dataclass(frozen=True)
class LineStyles:
    """The styles of the parts of a line, as the widget's theme resolves them."""

    marker: Style
    muted: Style
    source: Style
    section: Style
    warning: Style
    match: Style

    @classmethod
    def of(cls, widget: Widget) -> LineStyles:
        """The styles of a widget that declares `LINE_CLASSES` among its component classes."""

        def get(name: str) -> Style:
            return widget.get_component_rich_style(f"line--{name}", partial=True)

        return cls(
            marker=get("marker"),
            muted=get("muted"),
            source=get("source"),
            section=get("section"),
            warning=get("warning"),
            match=get("match"),
        )


def hanging(prefix: Text, body: RenderableType) -> Table:
    """`prefix` then `body`, the body's wrapped lines indented under its first character."""
    table = Table.grid(expand=True)
    table.add_column(no_wrap=True, width=max(1, prefix.cell_len))
    table.add_column(ratio=1, overflow="fold")
    table.add_row(prefix, body)
    return table


def source_text(title: str, section: str, styles: LineStyles) -> Text:
    """ "title · section", literal."""
    return Text.assemble(
        (one_line(title), styles.source), (" · ", styles.muted), (one_line(section), styles.section)
    )


def sentence_item(answer: Answer, sentence: AnswerSentence, styles: LineStyles) -> Table:
    """ "• sentence [1][2] (said by 2 of 5 articles)"."""
    numbers = {s.source_id: s.number for s in answer.sources}
    body = safe(one_line(sentence.text))
    body.append(" " + "".join(f"[{numbers[s]}]" for s in sentence.source_ids), style=styles.marker)
    note = said_by(len(sentence.source_ids), answer.article_count)
    if note:
        body.append(f" ({note})", style=styles.muted)
    return hanging(Text("• ", style=styles.marker), body)


def source_item(number: int, citation: Citation, styles: LineStyles) -> Table:
    """ "[1] title · section" for a cited section of an article."""
    return hanging(
        Text(f"[{number}] ", style=styles.marker),
        source_text(citation.title, citation.section, styles),
    )


def related_item(related: RelatedQuestion, answered: bool, styles: LineStyles) -> Table:
    """A related question ("Related:" next to an answer, "Try:" instead of one) and its topic."""
    body = Text("Related: " if answered else "Try: ", style=styles.muted)
    body.append_text(safe(one_line(related.question)))
    body.append(f" ({one_line(related.topic)})", style=styles.muted)
    return hanging(Text("→ ", style=styles.marker), body)


def snippet_text(snippet: Snippet, styles: LineStyles) -> Text:
    """A snippet on one line, its query matches styled, "…" where it was clipped."""
    text = Text()
    if snippet.clipped_start:
        text.append("… ", style=styles.muted)
    position = 0
    for span in snippet.matches:
        text.append(one_line_preserving(snippet.text[position : span.start]))
        text.append(one_line_preserving(snippet.text[span.start : span.end]), style=styles.match)
        position = span.end
    text.append(one_line_preserving(snippet.text[position:]))
    if snippet.clipped_end:
        text.append(" …", style=styles.muted)
    return text


def hit_item(hit: Hit, styles: LineStyles) -> Table:
    """ " 1. title · section", and under it the snippet with its matches styled."""
    body = source_text(hit.title, hit.passage.section, styles)
    body.append("\n")
    body.append_text(snippet_text(hit.snippet, styles))
    return hanging(Text(f"{hit.rank:>2}. ", style=styles.marker), body)
