"""The "why" panel: why a passage matched, or why the answer's first sentence was chosen.

For a passage: the words it matched in its title, section and text (and which came from a
synonym group, a word family or a spelling correction), the backend's score and each re-ranking
stage's credit. For an answer: the sentence features that chose its first sentence beside the
next best one's; for a question the articles do not cover, the words no article contains. The
engine's explanation is made in a worker; Escape (or w, or q) closes the panel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.worker import get_current_worker

from ketamine_tui.errors import KetamineTuiError
from ketamine_tui.explain_format import (
    WhyStyles,
    answer_explanation_renderable,
    hit_explanation_lines,
    query_lines,
)
from ketamine_tui.formatting import safe
from ketamine_tui.safetext import one_line
from ketamine_tui.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from ketamine_tui.engine import Engine

CLOSE = "Escape closes"
# What the worker hands back: the explanation, drawn once the theme's styles are known.
Drawing = Callable[[WhyStyles], RenderableType]
# How many hits the passage list shows (the explorer searches for as many).
SEARCH_LIMIT = 20


def _question_lines(query: str, corrected: str | None) -> list[RenderableType]:
    lines: list[RenderableType] = [Text.assemble(("Q: ", "bold"), safe(one_line(query), "bold"))]
    if corrected:
        lines.append(Text("Showing results for ") + safe(one_line(corrected), "italic"))
    return lines


def passage_explanation(engine: Engine, query: str, passage_id: str) -> Drawing:
    """Why the passage was found for `query` (the engine's search explanation of its hit)."""
    explained = engine.explain_search(query, limit=SEARCH_LIMIT)
    why = explained.for_passage(passage_id)
    hit = next((h for h in explained.result.hits if h.passage.passage_id == passage_id), None)

    def draw(styles: WhyStyles) -> RenderableType:
        parts = _question_lines(query, explained.result.corrected)
        if why is None or hit is None:
            parts.append(Text(f"This passage is not among the first {SEARCH_LIMIT} results."))
        else:
            parts.append(
                Text.assemble(
                    (f"{hit.rank}. ", styles.why),
                    safe(one_line(hit.title), "bold"),
                    (" · ", styles.muted),
                    safe(one_line(hit.passage.section), "italic"),
                )
            )
            parts.extend(hit_explanation_lines(why, styles))
        parts.append(Text())
        parts.extend(query_lines(explained.query, styles))
        return Group(*parts)

    return draw


def answer_explanation(engine: Engine, question: str) -> Drawing:
    """Why the answer's first sentence came first, or which words no article contains."""
    explained = engine.explain_answer(question)
    answer = explained.answer

    def draw(styles: WhyStyles) -> RenderableType:
        parts = _question_lines(answer.question, answer.corrected)
        if explained.first is not None:
            parts.append(Text("First sentence: ", style=styles.muted) + safe(explained.first.text))
        elif not answer.answered:
            parts.append(safe(one_line(answer.reason)))
        parts.append(answer_explanation_renderable(explained, styles))
        return Group(*parts)

    return draw


class ExplainScreen(ModalScreen[None]):
    """A panel over the explorer with one explanation; Escape, w or q closes it."""

    COMPONENT_CLASSES = {"explain--muted", "explain--why"}
    BINDINGS = [
        Binding("escape,w,q", "close", "Close", tooltip="Close this panel", id="explain_close"),
    ]

    def __init__(self, title: str, explain: Callable[[], Drawing]) -> None:
        super().__init__()
        self.title_text = title
        self.explain = explain
        self.drawing: Drawing | None = None

    def compose(self) -> ComposeResult:
        """The panel (a heading until the explanation is made), and the keys."""
        box = VerticalScroll(id="explain")
        box.border_title = self.title_text
        box.border_subtitle = CLOSE
        with box:
            yield Static(Text("Working out why…"), id="explain-body")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        """Make the explanation in a worker; redraw it in the new colours with the theme."""
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw())
        self._explain_worker()

    @work(thread=True, exclusive=True, group="explain")
    def _explain_worker(self) -> None:
        try:
            drawing: Drawing | str = self.explain()
        except KetamineTuiError as exc:
            drawing = exc.message
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, drawing)

    def show(self, drawing: Drawing | str) -> None:
        """Show the explanation (or a one-line error)."""
        if isinstance(drawing, str):
            self.query_one("#explain-body", Static).update(safe(drawing))
            return
        self.drawing = drawing
        self.redraw()

    def redraw(self) -> None:
        """Draw the explanation with the theme's readable colours."""
        if self.drawing is None:
            return
        styles = WhyStyles(
            muted=self.get_component_rich_style("explain--muted", partial=True),
            why=self.get_component_rich_style("explain--why", partial=True),
        )
        self.query_one("#explain-body", Static).update(self.drawing(styles))

    def action_close(self) -> None:
        """Back to the explorer."""
        self.dismiss()
