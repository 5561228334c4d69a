"""The app's parts besides opening and screens: clean terminal output, and a corpus reopened.

`CleanOutput`: three ways text reaches the screen without passing a widget of ours. `CorpusWatch`:
when the articles change on disk while the app is open, the engine is opened again off the UI
thread and put everywhere the app holds one.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App
from textual.content import Content
from textual.notifications import SeverityLevel

from ketamine_tui.errors import KetamineTuiError
from ketamine_tui.safetext import one_line, printable, strip_escapes
from ketamine_tui.tui.daemon import DaemonCall
from ketamine_tui.tui.screens.explorer import ExplorerScreen

if TYPE_CHECKING:
    from ketamine_tui.engine import Engine


class CleanOutput(App[int]):
    """Notifications, titles and pastes cleaned of markup and control characters."""

    # -- what reaches the terminal ----------------------------------------------------------------
    # Three ways text reaches the screen without passing a widget of ours: notifications, the
    # header's title, and pastes into any input (the palette's included). Each is cleaned here.

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification; its text is never markup, and control characters show as escapes."""
        super().notify(
            printable(message),
            title=one_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's title and sub-title, with control characters shown as escapes."""
        return super().format_title(one_line(title), one_line(sub_title))

    async def on_event(self, event: events.Event) -> None:
        """Clean a paste of escape sequences before any input sees it."""
        if isinstance(event, events.Paste):
            event.text = strip_escapes(event.text)
        await super().on_event(event)


class CorpusWatch(App[int]):
    """Reopen the engine when the corpus changes on disk (checked when the app regains focus)."""

    engine: Engine | None
    cache_dir: Path | None
    reopening: bool

    # -- a corpus that changes while the app is open -------------------------------------------

    def on_app_focus(self, event: events.AppFocus) -> None:
        """Back in the app: the articles may have been edited meanwhile."""
        self.check_corpus()

    def check_corpus(self) -> bool:
        """Reopen the engine in a worker if the corpus changed on disk; True when it did.

        The check compares file names, sizes and times only (no file is read), so it is cheap
        enough to run whenever the app regains the focus and before every export.
        """
        if self.engine is None or self.reopening or not self.engine.changed_on_disk():
            return False
        self.reopening = True
        self.notify("The articles changed on disk: opening them again…", title="Corpus changed")
        self._reopen_engine(self.engine)
        return True

    @work(exclusive=True, group="engine")
    async def _reopen_engine(self, old: Engine) -> None:
        def reopen() -> Engine:
            from ketamine_tui.engine import Engine

            if old.index.location is None:
                engine = Engine.in_memory(old.root)
            else:
                engine = Engine.open(old.root, self.cache_dir)
            engine.topics  # noqa: B018 - read the FAQ file here, not on the UI thread
            return engine

        try:
            engine = await DaemonCall(reopen).result()
        except KetamineTuiError as exc:
            self._reopen_failed(exc.message)
            return
        self._use_engine(old, engine)

    def _reopen_failed(self, message: str) -> None:
        self.reopening = False
        self.notify(f"The changed articles could not be opened: {message}", severity="error")

    def _use_engine(self, old: Engine, engine: Engine) -> None:
        """Put the reopened engine everywhere the app holds one, and say what changed."""
        from ketamine_tui.tui.screens.compare import CompareScreen
        from ketamine_tui.tui.screens.reader import ReaderScreen

        self.engine = engine
        self.reopening = False
        stats = engine.index.stats
        self.sub_title = f"{stats.articles} articles · {stats.passages} passages"
        for screen in self.screen_stack:
            if isinstance(screen, ExplorerScreen):
                screen.use_engine(engine)
            elif isinstance(screen, ReaderScreen):
                screen.engine = engine
            elif isinstance(screen, CompareScreen):
                screen.use_engine(engine)
        self.notify(
            f"Reopened the changed articles: {stats.articles} articles, {stats.passages} passages.",
            title="Corpus changed",
            timeout=8,
        )
        # Closed off the UI thread, once a search still running on it is done.
        threading.Thread(target=old.close, daemon=True).start()
