"""The Textual app and its one factory, `make_app`, used by the CLI and by the tests."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.notifications import SeverityLevel

from ketamine_tui.errors import KetamineTuiError
from ketamine_tui.safetext import one_line, plain, printable, strip_escapes
from ketamine_tui.tui.colours import readable_variables
from ketamine_tui.tui.commands import ExplorerCommands
from ketamine_tui.tui.config import Config
from ketamine_tui.tui.screens.explorer import ExplorerScreen
from ketamine_tui.tui.screens.loading import LoadingScreen
from ketamine_tui.userdata import UserData

if TYPE_CHECKING:
    from ketamine_tui.engine import Engine

THEMES = ("textual-dark", "textual-light")


class KetamineApp(App[int]):
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
        self.reopening = False
        self.config = config or Config.load(themes=THEMES)
        self.theme = self.config.theme or THEMES[0]
        self._loop: asyncio.AbstractEventLoop | None = None
        # The index opens from the start, while Textual sets up and draws the first frame.
        self._opening = DaemonCall(self._open) if engine is None else None

    def _open(self) -> Engine:
        """Open the engine (in the opening thread): the index, then the FAQ topics."""

        def progress(done: int, total: int, stage: str) -> None:
            loop = self._loop
            if loop is not None:
                with contextlib.suppress(RuntimeError):  # the app has quit meanwhile
                    loop.call_soon_threadsafe(self._show_progress, done, total, stage)

        # Imported here, off the UI thread: Whoosh loads while the first frame is drawn.
        from ketamine_tui.engine import Engine

        engine = Engine.open(self.corpus_dir, self.cache_dir, progress)
        engine.topics  # noqa: B018 - read the FAQ file here, not on the UI thread
        return engine

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, and the app's readable text colours derived from them."""
        variables = super().get_css_variables()
        variables.update(readable_variables(variables))
        return variables

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

    def on_mount(self) -> None:
        """Show the explorer at once with a given engine; otherwise open one in a worker."""
        self._loop = asyncio.get_running_loop()
        for warning in self.config.warnings:
            self.notify(warning, severity="warning", timeout=8)
        if self.engine is not None:
            self._start_explorer(self.engine)
        else:
            # Opened already (a cached index, while Textual started)? Then no loading screen.
            if self._opening is None or not self._opening.succeeded:
                self.push_screen(LoadingScreen())
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
        self.notify(
            f"Reopened the changed articles: {stats.articles} articles, {stats.passages} passages.",
            title="Corpus changed",
            timeout=8,
        )
        # Closed off the UI thread, once a search still running on it is done.
        threading.Thread(target=old.close, daemon=True).start()

    def _show_progress(self, done: int, total: int, stage: str) -> None:
        if isinstance(self.screen, LoadingScreen):
            self.screen.show_progress(done, total, stage)

    def _show_open_error(self, message: str) -> None:
        # Kept for a loading screen not yet mounted (it shows it as it mounts).
        self.open_error = f"{message}\nPress q to quit."
        if isinstance(self.screen, LoadingScreen) and self.screen.is_mounted:
            self.screen.show_error(self.open_error)
        self.open_failed = True

    def _start_explorer(self, engine: Engine) -> None:
        self.engine = engine
        stats = engine.index.stats
        self.sub_title = f"{stats.articles} articles · {stats.passages} passages"
        explorer = ExplorerScreen(engine, self.userdata, self.initial_query)
        if isinstance(self.screen, LoadingScreen):
            self.switch_screen(explorer)
        else:
            self.push_screen(explorer)

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
        from ketamine_tui.tui.screens.help import HelpScreen
        from ketamine_tui.tui.screens.reader import ReaderScreen

        if isinstance(self.screen, HelpScreen):
            return
        sections: list[tuple[str, list[Binding]]] = [
            ("Everywhere", [b for b in self.BINDINGS if isinstance(b, Binding)]),
            ("Explorer", [b for b in ExplorerScreen.BINDINGS if isinstance(b, Binding)]),
            ("Reader", [b for b in ReaderScreen.BINDINGS if isinstance(b, Binding)]),
            (
                "Lists and tree",
                [
                    Binding(
                        "enter",
                        "",
                        "Open",
                        tooltip="Open the passage, citation, question or article",
                    ),
                    Binding("tab,shift+tab", "", "Panes", tooltip="Move between the panes"),
                ],
            ),
        ]
        self.push_screen(HelpScreen(sections))

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme, and remember the choice."""
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]
        self.config.theme = self.theme
        problem = self.config.save()
        if problem:
            self.notify(problem, severity="warning")


T = TypeVar("T")


class DaemonCall(Generic[T]):
    """A function run in a daemon thread from the moment this is made; `await result()`.

    Opening a corpus reads files, and a file can block for ever (a FIFO, a hung network
    mount). Textual's thread workers run in asyncio's default executor, which the app waits
    for as it exits: q would leave the app hanging. A daemon thread is simply left behind.
    """

    def __init__(self, function: Callable[[], T]) -> None:
        self._function = function
        self._lock = threading.Lock()
        self._finished = False
        self._value: T | None = None
        self._error: BaseException | None = None
        self._waiter: tuple[asyncio.AbstractEventLoop, asyncio.Future[None]] | None = None
        threading.Thread(target=self._run, name="ketamine-tui-engine", daemon=True).start()

    def _run(self) -> None:
        try:
            self._value = self._function()
        except BaseException as exc:  # handed to the awaiting task as it is
            self._error = exc
        with self._lock:
            self._finished = True
            waiter = self._waiter
        if waiter is not None:
            loop, future = waiter
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
                loop.call_soon_threadsafe(_wake, future)

    @property
    def succeeded(self) -> bool:
        """Whether the function has returned (without raising)."""
        return self._finished and self._error is None

    async def result(self) -> T:
        """The function's result (or its exception), once it has returned."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if not self._finished:
                self._waiter = (loop, loop.create_future())
        if self._waiter is not None:
            await self._waiter[1]
        if self._error is not None:
            raise self._error
        return cast(T, self._value)


def _wake(future: asyncio.Future[None]) -> None:
    """Wake the task awaiting `future` (unless it has given up waiting)."""
    if not future.done():
        future.set_result(None)


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
