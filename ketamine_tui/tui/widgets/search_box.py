"""The search box: an Input that cleans what it is given, and swallows "/" when it is empty."""

from __future__ import annotations

from textual import events
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
    """Where questions and keywords are typed."""

    async def _on_key(self, event: events.Key) -> None:
        """Swallow "/" typed into an empty box: the key focuses search, and search has focus."""
        if event.character == "/" and not self.value:
            event.prevent_default()
            event.stop()
            return
        await super()._on_key(event)
