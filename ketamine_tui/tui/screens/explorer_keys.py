"""The explorer's key bindings: one table, read by the screen, the help screen and the palette.

The key bar shows them in this order and drops the last ones first when the line is full.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

EXPLORER_BINDINGS: list[BindingType] = [
    Binding(
        "slash",
        "focus_search",
        "Search",
        tooltip="Put the cursor in the search box",
        id="focus_search",
    ),
    Binding("t", "toggle_tree", "Tree", tooltip="Show or hide the topic tree", id="toggle_tree"),
    Binding(
        "left_square_bracket,alt+left",
        "back",
        "Back",
        tooltip="Ask the previous question of this session again",
        id="history_back",
    ),
    Binding(
        "right_square_bracket,alt+right",
        "forward",
        "Forward",
        tooltip="Ask the next question of this session again",
        id="history_forward",
    ),
    Binding(
        "b",
        "bookmark",
        "Bookmark",
        tooltip="Bookmark the highlighted passage or question (again: remove it)",
        id="bookmark",
    ),
    Binding(
        "e",
        "export",
        "Export",
        tooltip="Save the answer as Markdown with footnote citations",
        id="export",
    ),
    Binding("c", "copy", "Copy", tooltip="Copy the answer with its citations (OSC 52)", id="copy"),
    Binding(
        "v",
        "compare",
        "Compare",
        tooltip="What each article says about the question (the highlighted one in the tree)",
        id="compare",
    ),
    Binding(
        "w",
        "why",
        "Why",
        tooltip="Why the highlighted passage matched, or why the answer's first sentence",
        id="why",
    ),
    Binding(
        "escape",
        "leave_search",
        "Answer",
        tooltip="Move from the search box to the answer",
        id="leave_search",
    ),
]
