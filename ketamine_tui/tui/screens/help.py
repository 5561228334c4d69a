"""The help screen: every key binding of the app and its screens, generated from the bindings."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ketamine_tui.export import NOTICE

INTRO = (
    "ketamine-tui shows what the articles say, sentence by sentence, with the article and section "
    "each sentence comes from. When the articles do not cover a question it says so."
)


def binding_rows(
    sections: Iterable[tuple[str, Iterable[Binding]]], key_display: Callable[[Binding], str]
) -> Table:
    """A table of every binding that has a description: keys, name, what it does, by section."""
    table = Table(box=None, pad_edge=False, show_header=False, expand=False)
    table.add_column("Keys", style="bold cyan", no_wrap=True)
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


class HelpScreen(ModalScreen[None]):
    """Lists the key bindings; any of escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "app.pop_screen", "Close help", id="help_close"),
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        """An introduction, the bindings table and the notice."""
        with VerticalScroll(id="help"):
            yield Static(Text("Help", style="bold"), id="help-title")
            yield Static(Text(INTRO))
            yield Static(binding_rows(self.sections, self.app.get_key_display), id="help-bindings")
            yield Static(
                Text(
                    "Mouse: click a question, a passage or a source; scroll with the wheel. "
                    "Ctrl+P opens the command palette (jump to a topic, question or article).",
                    style="dim",
                )
            )
            yield Static(Text(NOTICE, style="bold"))
