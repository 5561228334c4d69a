"""The Textual app and its one factory, `make_app`, used by the CLI and by the tests."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.worker import get_current_worker

from ketamine_tui.errors import KetamineTuiError
from ketamine_tui.safetext import one_line, plain, printable, strip_escapes
from ketamine_tui.tui.commands import ExplorerCommands
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
    COMMANDS = App.COMMANDS | {ExplorerCommands}
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
    ) -> None:
        super().__init__()
        self.corpus_dir = corpus_dir
        self.cache_dir = cache_dir
        self.engine = engine
        self.userdata = userdata or UserData.open()
        self.initial_query = plain(initial_query) if initial_query else None
        self.open_failed = False
        self.theme = THEMES[0]

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
        if self.engine is not None:
            self._start_explorer(self.engine)
        else:
            self.push_screen(LoadingScreen())
            self._open_engine()

    @work(thread=True, exclusive=True, group="engine")
    def _open_engine(self) -> None:
        def progress(done: int, total: int, stage: str) -> None:
            if not get_current_worker().is_cancelled:
                self.call_from_thread(self._show_progress, done, total, stage)

        # Imported here, off the UI thread: Whoosh loads while the first frame is drawn.
        from ketamine_tui.engine import Engine

        try:
            engine = Engine.open(self.corpus_dir, self.cache_dir, progress)
            engine.topics  # noqa: B018 - read the FAQ file here, not on the UI thread
        except KetamineTuiError as exc:
            self.call_from_thread(self._show_open_error, exc.message)
            return
        self.call_from_thread(self._start_explorer, engine)

    def _show_progress(self, done: int, total: int, stage: str) -> None:
        if isinstance(self.screen, LoadingScreen):
            self.screen.show_progress(done, total, stage)

    def _show_open_error(self, message: str) -> None:
        if isinstance(self.screen, LoadingScreen):
            self.screen.show_error(f"{message}\nPress q to quit.")
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
        """Switch between the dark and the light theme."""
        self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]


def make_app(
    corpus_dir: Path | None = None,
    cache_dir: Path | None = None,
    engine: Engine | None = None,
    userdata: UserData | None = None,
    initial_query: str | None = None,
) -> KetamineApp:
    """Build the app: over a given engine (tests), or over a corpus folder opened at start."""
    return KetamineApp(corpus_dir, cache_dir, engine, userdata, initial_query)
