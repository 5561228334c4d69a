"""The reader's parts: a passage of the article (its find matches marked), and the find box."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from ketamine_tui.models import Passage
from ketamine_tui.tui.widgets.search_box import CleanInput


class PassageBlock(Static):
    """One passage of the article (focusable, so it can be chosen and bookmarked)."""

    can_focus = True
    COMPONENT_CLASSES = {"passage--match", "passage--current-match"}

    def __init__(self, passage: Passage, content: Text, *, current: bool) -> None:
        super().__init__(content, classes="passage -current" if current else "passage")
        self.passage = passage
        self.text = content

    def show_matches(self, spans: list[tuple[int, int]], current: int | None) -> None:
        """Mark `spans` of the text as matches, the `current`-th of them more strongly."""
        shown = self.text.copy()
        match = self.get_component_rich_style("passage--match", partial=True)
        strong = self.get_component_rich_style("passage--current-match", partial=True)
        for number, (start, end) in enumerate(spans):
            shown.stylize(match + strong if number == current else match, start, end)
        self.update(shown)


class FindBox(CleanInput):
    """Where the text to find is typed: Enter or ↓ for the next match, ↑ for the previous."""

    BINDINGS = [
        Binding("down", "step(1)", "Next match", id="find_next"),
        Binding("up", "step(-1)", "Previous match", id="find_previous"),
        Binding("escape", "close", "Close find", id="find_close"),
    ]

    class Step(Message):
        """Move to the next (1) or previous (-1) match."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class Close(Message):
        """Close the find box."""

    def action_step(self, step: int) -> None:
        """Ask the reader for the next or previous match."""
        self.post_message(self.Step(step))

    def action_close(self) -> None:
        """Ask the reader to close the find box."""
        self.post_message(self.Close())
