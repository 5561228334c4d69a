"""Shown while the index is opened or built: a progress bar, never a frozen screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

from ketamine_tui.export import NOTICE
from ketamine_tui.formatting import safe
from ketamine_tui.tui.widgets.key_bar import KeyBar


class LoadingScreen(Screen[None]):
    """A progress bar for the index build; the app replaces this screen when the engine is ready."""

    def compose(self) -> ComposeResult:
        """A centred message and progress bar."""
        yield Static(
            Text.assemble(("ketamine-tui", "bold"), " — opening the articles"), id="status"
        )
        with Middle(), Center():
            yield Static(Text("Opening the search index…"), id="loading-label")
            # Hidden until a build reports progress: an indeterminate bar animates many times a
            # second, and would take the interpreter from the thread opening the index.
            bar = ProgressBar(id="loading-bar", show_eta=False)
            bar.display = False
            yield bar
        yield Static(Text(NOTICE), id="notice")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        """An error found before this screen was drawn (the index opens as the app starts)."""
        error = getattr(self.app, "open_error", None)
        if error:
            self.show_error(error)

    def show_progress(self, done: int, total: int, stage: str) -> None:
        """Move the bar (called on the UI thread)."""
        self.query_one("#loading-label", Static).update(Text(f"{stage.capitalize()}…"))
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=total, progress=done)

    def show_error(self, message: str) -> None:
        """Say why the corpus or index could not be opened."""
        label = self.query_one("#loading-label", Static)
        label.add_class("-error")
        label.update(safe(message))
        self.query_one(ProgressBar).display = False
