"""The bottom line of keys: the bindings that work where the focus is, drawn as one line of text.

Textual's Footer builds a widget for every key each time the focus moves (twice as the explorer
opens, and the old ones are not all freed). This bar is one widget that redraws one line. Quit
and Help are always shown, at the right; other keys give way, last first, when the line is full.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Static


class KeyEntry(NamedTuple):
    """One key of the bar."""

    action: str
    shown: str
    description: str
    enabled: bool
    key: str


# The actions always shown, in this order, at the end of the line.
REQUIRED = ("help", "quit")
SEPARATOR = "  "
# Keys that type nothing into an input (without a modifier).
_NON_TYPING = {
    "escape",
    "enter",
    "tab",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "delete",
    "backspace",
    "insert",
    *(f"f{n}" for n in range(1, 25)),
}


def types_a_character(key: str) -> bool:
    """Whether pressing `key` in an input would type into it (rather than act)."""
    return "+" not in key and key not in _NON_TYPING


class KeyBar(Static):
    """One line: `key description` for each shown binding of the focused widget's chain."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._shown: tuple[KeyEntry, ...] = ()
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        """Follow the screen's bindings, and the theme's colours."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._draw(force=True))
        self.call_after_refresh(self._draw)

    def on_unmount(self) -> None:
        """Stop following the screen."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self, event: events.Resize) -> None:
        """Fit the keys to the new width (the line is drawn again only if other keys fit)."""
        self._draw()

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self._draw()

    def entries(self, width: int) -> list[KeyEntry]:
        """The keys that fit in `width` cells: the others in order, then Help and Quit.

        While an input has the focus, keys that would type into it are left out, and Quit and
        Help show the keys that work there (Ctrl+Q, F1).
        """
        typing = isinstance(self.screen.focused, Input)
        required: dict[str, tuple[bool, KeyEntry]] = {}
        others: dict[str, KeyEntry] = {}
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            if typing and types_a_character(key):
                continue
            shown = binding.key_display or self.app.get_key_display(Binding(key, ""))
            entry = KeyEntry(binding.action, shown, binding.description, enabled, key)
            if binding.action in REQUIRED:
                # A key the binding shows wins over a hidden one (q over Ctrl+Q, unless typing).
                if binding.action not in required or (
                    binding.show and not required[binding.action][0]
                ):
                    required[binding.action] = (binding.show, entry)
            elif binding.show and binding.action not in others:
                others[binding.action] = entry
        shown_others = list(others.values())
        last = [required[action][1] for action in REQUIRED if action in required]

        def length(entries: list[KeyEntry]) -> int:
            cells = sum(len(e.shown) + 1 + len(e.description) for e in entries)
            return 1 + cells + len(SEPARATOR) * max(0, len(entries) - 1)

        while shown_others and length(shown_others + last) > width:
            shown_others.pop()
        return shown_others + last

    def _draw(self, force: bool = False) -> None:
        if not self.is_attached:
            return
        entries = self.entries(self.size.width or self.app.size.width)
        shown = tuple(entries)
        if shown == self._shown and not force:
            return
        self._shown = shown
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        text_style = self.get_component_rich_style("key-bar--description", partial=True)
        off_style = self.get_component_rich_style("key-bar--disabled", partial=True)
        line = Text(" ")
        self._spans = []
        for index, entry in enumerate(entries):
            if index:
                line.append(SEPARATOR)
            start = line.cell_len
            line.append(entry.shown, style=key_style if entry.enabled else off_style)
            line.append(" " + entry.description, style=text_style if entry.enabled else off_style)
            self._spans.append((start, line.cell_len, entry.key))
        self.update(line)

    def key_at(self, x: int) -> str | None:
        """The key drawn at column `x`, if any."""
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it."""
        key = self.key_at(event.x)
        if key is not None:
            event.stop()
            self.app.simulate_key(key)
