"""The search box: an Input that cleans what it is given, and says when a query is too long."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from ketamine_tui.safetext import strip_escapes


class CleanInput(Input):
    """An Input whose value never holds an escape sequence or control character.

    Every way a value arrives — typed, pasted, set from code (a question chosen in the tree, the
    history, a bookmark, `--query`) — goes through `validate_value`, so what the Input draws is
    always printable: the terminal never receives a sequence that came from the data.
    """

    def validate_value(self, value: str) -> str:
        """The value with escape sequences and control characters dropped (tabs made spaces)."""
        return strip_escapes(value).replace("\t", " ").replace("\n", " ")


class SearchBox(CleanInput):
    """Where questions and keywords are typed; ↓ moves into the results."""

    BINDINGS = [
        Binding("down", "to_results", "Results", tooltip="Move into the results", id="to_results"),
    ]

    class TooLong(Message):
        """Text that would make the query longer than the limit was refused."""

        def __init__(self, length: int) -> None:
            super().__init__()
            self.length = length

    class ToResults(Message):
        """↓ in the box: the screen moves the focus into the results."""

    def action_to_results(self) -> None:
        """Ask the screen to move into the results."""
        self.post_message(self.ToResults())

    async def _on_key(self, event: events.Key) -> None:
        """Swallow "/" typed into an empty box: the key focuses search, and search has focus."""
        if event.character == "/" and not self.value:
            event.prevent_default()
            event.stop()
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        """A paste that would pass the limit is refused with a message, not silently."""
        line = event.text.splitlines()[0] if event.text else ""
        start, end = sorted(self.selection)
        length = len(self.value) - (end - start) + len(line)
        if self.max_length and length > self.max_length:
            event.prevent_default()  # Input's own handler would refuse it with a bell only
            event.stop()
            self.post_message(self.TooLong(length))

    def restricted(self) -> None:
        """Typing past the limit: say so (instead of only ringing the bell)."""
        self.post_message(self.TooLong(len(self.value) + 1))
