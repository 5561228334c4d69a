"""The search box: an Input where "/" in an empty box is swallowed (it means "go to search")."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class SearchBox(Input):
    """Where questions and keywords are typed."""

    async def _on_key(self, event: events.Key) -> None:
        """Swallow "/" typed into an empty box: the key focuses search, and search has focus."""
        if event.character == "/" and not self.value:
            event.prevent_default()
            event.stop()
            return
        await super()._on_key(event)
