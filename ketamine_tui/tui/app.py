"""The Textual app and its one factory, `make_app`, used by the CLI and by the tests.

The app opens the engine, shows the explorer and holds the app-wide keys; it cleans what reaches
the terminal and reopens a corpus changed on disk through its parts (`app_parts`).
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding

from ketamine_tui import gc_policy
from ketamine_tui.errors import KetamineTuiError
from ketamine_tui.safetext import plain
from ketamine_tui.tui.app_parts import CleanOutput, CorpusWatch
from ketamine_tui.tui.colours import readable_variables
from ketamine_tui.tui.commands import ExplorerCommands
from ketamine_tui.tui.config import Config
from ketamine_tui.tui.daemon import DaemonCall
from ketamine_tui.tui.screens.explorer import ExplorerScreen
from ketamine_tui.tui.screens.loading import LoadingScreen, opening_lines
from ketamine_tui.userdata import UserData

if TYPE_CHECKING:
    from textual.timer import Timer

    from ketamine_tui.engine import Engine

THEMES = ("textual-dark", "textual-light")
# An index that opens within this (the usual case: a built index) goes straight to the explorer;
# one that takes longer, a build's first progress report or an error brings the loading screen.
LOADING_SCREEN_DELAY = 0.3
GC_DEFAULTS_AFTER = 1.0  # s after the explorer is shown (see gc_policy)


class KetamineApp(CleanOutput, CorpusWatch):
    """The explorer. Opens the engine in a worker (with a progress bar) unless one is given."""

    CSS_PATH = "app.tcss"
    TITLE = "ketamine-tui"
    # One provider lists everything, so that the app's entries come first and Textual's apart.
    COMMANDS = {ExplorerCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="Leave ketamine-tui", id="quit"),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            show=False,
            priority=True,
            tooltip="Leave ketamine-tui, even while typing",
            id="quit_anywhere",
        ),
        Binding("question_mark,f1", "help", "Help", tooltip="List every key", id="help"),
        Binding(
            "d",
            "toggle_theme",
            "Light/dark",
            tooltip="Switch between the dark and light themes",
            id="toggle_theme",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            tooltip="Jump to a topic, question or article",
            id="command_palette",
        ),
    ]

    def __init__(
        self,
        corpus_dir: Path | None = None,
        cache_dir: Path | None = None,
        engine: Engine | None = None,
        userdata: UserData | None = None,
        initial_query: str | None = None,
        config: Config | None = None,
    ) -> None:
        super().__init__()
        self.corpus_dir = corpus_dir
        self.cache_dir = cache_dir
        self.engine = engine
        self.userdata = userdata or UserData.open()
        self.initial_query = plain(initial_query) if initial_query else None
        self.open_failed = False
        self.open_error = ""
        self.open_progress: tuple[int, int, str] | None = None
        self.reopening = False
        self.config = config or Config.load(themes=THEMES)
        self.theme = self.config.theme or THEMES[0]
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loading_timer: Timer | None = None
        # The index opens from the start, while Textual sets up and draws the first frame.
        self._opening = DaemonCall(self._open) if engine is None else None

    def _open(self) -> Engine:
        """Open the engine (in the opening thread): the index, then the FAQ topics."""

        def progress(done: int, total: int, stage: str) -> None:
            loop = self._loop
            if loop is not None:
                with contextlib.suppress(RuntimeError):  # the app has quit meanwhile
                    # Through the app's queue: showing it may push the loading screen.
                    loop.call_soon_threadsafe(
                        self.call_later, self._show_progress, done, total, stage
                    )

        # Imported here, off the UI thread: Whoosh loads while the first frame is drawn.
        from ketamine_tui.engine import Engine

        return Engine.open(self.corpus_dir, self.cache_dir, progress)

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, and the app's readable text colours derived from them."""
        variables = super().get_css_variables()
        variables.update(readable_variables(variables))
        return variables

    def compose(self) -> ComposeResult:
        """Under every screen, and alone until the index is open: the title and the notice."""
        yield from opening_lines()

    def on_mount(self) -> None:
        """Show the explorer at once with a given engine; otherwise open one in a worker."""
        self._loop = asyncio.get_running_loop()
        for warning in self.config.warnings:
            self.notify(warning, severity="warning", timeout=8)
        if self.engine is not None:
            self._start_explorer(self.engine)
        else:
            # No loading screen for an index that opens at once: it would only flash.
            self._ask_for_loading_screen_later()
            self._open_engine()

    @work(exclusive=True, group="engine")
    async def _open_engine(self) -> None:
        assert self._opening is not None
        try:
            engine = await self._opening.result()
        except KetamineTuiError as exc:
            self._show_open_error(exc.message)
            return
        self._start_explorer(engine)

    def _loading_screen(self) -> LoadingScreen | None:
        """The loading screen, pushed now if there is none (none once the explorer is up).

        Never over help or the palette: it is asked for again after the delay, what it would
        show kept on the app meanwhile.
        """
        if self.engine is not None:
            return None
        for screen in self.screen_stack:
            if isinstance(screen, LoadingScreen):
                return screen
        if len(self.screen_stack) > 1:
            self._ask_for_loading_screen_later()
            return None
        loading = LoadingScreen()  # it shows the progress or error kept on the app
        self.push_screen(loading)
        return loading

    def _ask_for_loading_screen_later(self) -> None:
        """Call `_loading_screen` after the delay (one call pending at most: progress repeats)."""
        if self._loading_timer is not None:
            self._loading_timer.stop()
        self._loading_timer = self.set_timer(LOADING_SCREEN_DELAY, self._loading_screen)

    def _show_progress(self, done: int, total: int, stage: str) -> None:
        if self.open_failed:
            return  # a report that came through the queue after the error: the error stays
        self.open_progress = (done, total, stage)
        screen = self._loading_screen()
        if screen is not None and screen.ready:
            screen.show_progress(done, total, stage)

    def _show_open_error(self, message: str) -> None:
        # Kept for a loading screen not yet mounted (it shows it as it mounts).
        self.open_error = f"{message}\nPress q to quit."
        self.open_failed = True
        screen = self._loading_screen()
        if screen is not None and screen.ready:
            screen.show_error(self.open_error)

    def _start_explorer(self, engine: Engine) -> None:
        self.engine = engine
        if self._loading_timer is not None:
            self._loading_timer.stop()
        stats = engine.index.stats
        self.sub_title = f"{stats.articles} articles · {stats.passages} passages"
        explorer = ExplorerScreen(engine, self.userdata, self.initial_query)
        # Help or the palette, opened while the index opened, gives way to the explorer (left
        # above it, they would stay stranded over the screen they were opened from).
        while len(self.screen_stack) > 1 and not isinstance(self.screen, LoadingScreen):
            self.pop_screen()
        if isinstance(self.screen, LoadingScreen):
            self.switch_screen(explorer)
        else:
            self.push_screen(explorer)
        # Started: the app runs for hours now. The first collection at the defaults walks all
        # that starting made (10-15 ms): it comes once the explorer is drawn and the app idle.
        self.set_timer(GC_DEFAULTS_AFTER, gc_policy.started)

    def action_command_palette(self) -> None:
        """Open the command palette, unless one is open already (even under another screen)."""
        from textual.command import CommandPalette

        if not any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            super().action_command_palette()

    async def action_quit(self) -> None:
        """Quit; the exit status is 3 when the corpus or index could not be opened."""
        self.exit(return_code=3 if self.open_failed else 0)

    def action_help(self) -> None:
        """Open the help screen, listing every binding."""
        from ketamine_tui.tui.screens.help import HelpScreen, help_sections

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_sections(self.BINDINGS)))

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme, and remember the choice."""
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]
        self.config.theme = self.theme
        problem = self.config.save()
        if problem:
            self.notify(problem, severity="warning")


def make_app(
    corpus_dir: Path | None = None,
    cache_dir: Path | None = None,
    engine: Engine | None = None,
    userdata: UserData | None = None,
    initial_query: str | None = None,
    config: Config | None = None,
) -> KetamineApp:
    """Build the app: over a given engine (tests), or over a corpus folder opened at start."""
    return KetamineApp(corpus_dir, cache_dir, engine, userdata, initial_query, config)
