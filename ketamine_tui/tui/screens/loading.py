"""Shown while the index is opened or built: a progress bar, never a frozen screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Static

from ketamine_tui.export import NOTICE
from ketamine_tui.formatting import safe
from ketamine_tui.tui.widgets.key_bar import KeyBar


def status_line() -> Static:
    """The title line shown while opening."""
    return Static(Text.assemble(("ketamine-tui", "bold"), " — opening the articles"), id="status")


def notice_line() -> Static:
    """The "not medical advice" notice."""
    return Static(Text(NOTICE), id="notice")


def opening_lines() -> ComposeResult:
    """The app's own screen until the explorer comes: the title and the notice.

    The notice stands where this screen has it; only these two, as more widgets there would
    delay the explorer.
    """
    yield status_line()
    yield notice_line().add_class("-opening")


class LoadingScreen(Screen[None]):
    """A progress bar for the index build; the app replaces this screen when the engine is ready."""

    # Set once mounted with its widgets: until then the app keeps progress and errors for it.
    ready = False

    def compose(self) -> ComposeResult:
        """A centred message and progress bar."""
        yield status_line()
        with Middle(), Center(id="loading-centre"):
            yield Static(Text("Opening the search index…"), id="loading-label")
            # No bar until a build reports progress (`show_progress` adds it): an indeterminate
            # bar animates many times a second, and would take the interpreter from the thread
            # opening the index; and opening a built index, the usual case, needs none.
        yield notice_line()
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        """Show an error or progress reported before this screen was drawn.

        The index opens as the app starts, and this screen is shown only once opening takes a
        while, a build reports progress or opening fails.
        """
        self.ready = True
        error = getattr(self.app, "open_error", None)
        progress = getattr(self.app, "open_progress", None)
        if error:
            self.show_error(error)
        elif progress:
            self.show_progress(*progress)

    def show_progress(self, done: int, total: int, stage: str) -> None:
        """Move the bar, added on the first call (called on the UI thread)."""
        from textual.widgets import ProgressBar

        self.query_one("#loading-label", Static).update(Text(f"{stage.capitalize()}…"))
        bars = self.query(ProgressBar)
        if bars:
            bar = bars.first()
        else:
            bar = ProgressBar(id="loading-bar", show_eta=False)
            self.query_one("#loading-centre").mount(bar)
        bar.display = True
        bar.update(total=total, progress=done)

    def show_error(self, message: str) -> None:
        """Say why the corpus or index could not be opened."""
        label = self.query_one("#loading-label", Static)
        label.add_class("-error")
        label.update(safe(message))
        from textual.widgets import ProgressBar

        for bar in self.query(ProgressBar):
            bar.display = False
