"""The help screen: every key binding of the app and its screens, generated from the bindings."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ketamine_tui.export import NOTICE
from ketamine_tui.tui.widgets.key_bar import KeyBar

CLOSE = "Escape, q, ? or F1 closes this help."

INTRO = (
    "ketamine-tui shows what the articles say, sentence by sentence, with the article and section "
    "each sentence comes from. When the articles do not cover a question it says so."
)


def binding_rows(
    sections: Iterable[tuple[str, Iterable[Binding]]],
    key_display: Callable[[Binding], str],
    key_style: Style | str = "bold",
) -> Table:
    """A table of every binding that has a description: keys, name, what it does, by section."""
    table = Table(box=None, pad_edge=False, show_header=False, expand=False)
    table.add_column("Keys", style=key_style, no_wrap=True)
    table.add_column("Name", style="bold", no_wrap=True)
    table.add_column("What it does", ratio=1)
    for where, bindings in sections:
        table.add_row(Text(where, style="bold underline"), "", "")
        for binding in bindings:
            if not binding.description:
                continue
            keys = " / ".join(
                key_display(Binding(key.strip(), "")) for key in binding.key.split(",")
            )
            table.add_row(f"  {keys}", binding.description, binding.tooltip)
        table.add_row("", "", "")
    return table


def help_sections(everywhere: Iterable[BindingType]) -> list[tuple[str, list[Binding]]]:
    """The help's sections: the app's keys (`everywhere`), the explorer's, the reader's, lists'."""
    from ketamine_tui.tui.screens.explorer import ExplorerScreen
    from ketamine_tui.tui.screens.reader import ReaderScreen

    return [
        ("Everywhere", [b for b in everywhere if isinstance(b, Binding)]),
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


class HelpScreen(ModalScreen[None]):
    """Lists the key bindings; any of escape, q or ? closes it."""

    COMPONENT_CLASSES = {"help--key"}
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "app.pop_screen", "Close help", id="help_close"),
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        """How to close it, an introduction, the bindings table and the notice."""
        box = VerticalScroll(id="help")
        box.border_title = "Help"
        box.border_subtitle = CLOSE
        with box:
            yield Static(Text(CLOSE, style="bold"), id="help-close")
            yield Static(Text(INTRO))
            yield Static(id="help-bindings")
            yield Static(
                Text(
                    "Mouse: click a question, a passage or a source; scroll with the wheel. "
                    "Ctrl+P opens the command palette: ask what you type, jump to a topic, "
                    "question or article, or run one of the app's commands."
                ),
                classes="help-muted",
            )
            yield Static(Text(NOTICE, style="bold"))
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        """Draw the bindings with the theme's key colour."""
        key_style = self.get_component_rich_style("help--key", partial=True)
        self.query_one("#help-bindings", Static).update(
            binding_rows(self.sections, self.app.get_key_display, key_style)
        )
