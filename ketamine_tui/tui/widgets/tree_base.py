"""The tree's nodes and what the explorer's tree does with them besides its content.

What each node stands for (`NodeData`), finding nodes, and labels that fit: a label longer than
the pane ends with an ellipsis, and its whole text is the tooltip while the mouse is over it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ketamine_tui.userdata import Bookmark

# What Textual's Tree puts on an icon so that a click on it expands or collapses the node.
_TOGGLE = Style.from_meta({"toggle": True})


def label_of(node: TreeNode[NodeData]) -> Text:
    """A node's label as Text (the tree keeps labels as Text; the type says str or Text)."""
    label = node.label
    return label if isinstance(label, Text) else Text(label)


@dataclass(frozen=True)
class NodeData:
    """What a tree node stands for."""

    kind: str  # "topic" | "question" | "article" | "section" | "bookmark" | "branch" | "hint"
    value: str = ""
    source_id: str = ""
    section_slug: str = ""
    bookmark: Bookmark | None = None


class LabelledTree(Tree[NodeData]):
    """A tree of `NodeData` nodes whose labels fit the pane; nodes found by what they stand for."""

    # The content width the drawn labels were cut to (None before any is drawn).
    _cut_width: int | None = None

    # -- finding nodes ---------------------------------------------------------------------------

    def node_for(self, kind: str, value: str) -> TreeNode[NodeData] | None:
        """The first node of a kind whose value (or article id) matches."""
        return self._find(lambda d: d.kind == kind and value in (d.value, d.source_id), self.root)

    def _find(
        self, wanted: Callable[[NodeData], bool], start: TreeNode[NodeData] | None
    ) -> TreeNode[NodeData] | None:
        stack = [start] if start is not None else []
        while stack:
            node = stack.pop(0)
            if node.data is not None and wanted(node.data):
                return node
            stack.extend(node.children)
        return None

    def highlighted_data(self) -> NodeData | None:
        """What the node under the cursor stands for."""
        node = self.cursor_node
        return node.data if node is not None else None

    def highlighted_question(self) -> str | None:
        """The highlighted node's question (a topic's first one, else its title as a question)."""
        node = self.cursor_node
        data = node.data if node is not None else None
        if node is None or data is None:
            return None
        if data.kind == "question":
            return data.value
        if data.kind == "bookmark" and data.bookmark is not None:
            return data.bookmark.question if data.bookmark.kind == "question" else None
        if data.kind == "topic":
            kinds = ((child.data.kind, child.data.value) for child in node.children if child.data)
            return next((value for kind, value in kinds if kind == "question"), data.value)
        return None

    # -- labels that fit -------------------------------------------------------------------------

    def _room(self, node: TreeNode[NodeData]) -> int:
        """The cells a node's label may take: the pane's width less the guides and the icon."""
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        icon = len(self.ICON_NODE) if node.allow_expand else 0
        return self.scrollable_content_region.width - depth * self.guide_depth - icon

    def render_label(self, node: TreeNode[NodeData], base_style: Style, style: Style) -> Text:
        """The icon and the label, cut to the pane's width with an ellipsis when it is longer."""
        label = label_of(node).copy()
        room = self._room(node)
        self._cut_width = self.scrollable_content_region.width
        if 0 < room < label.cell_len:
            label.truncate(room, overflow="ellipsis")
        label.stylize(style)
        if not node.allow_expand:
            return label
        icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
        return Text.assemble((icon, base_style + _TOGGLE), label)

    def is_shortened(self, node: TreeNode[NodeData] | None) -> bool:
        """Whether the node's label does not fit the pane."""
        return node is not None and 0 < self._room(node) < label_of(node).cell_len

    def on_resize(self, event: events.Resize) -> None:
        """Keep the lines drawn when they were cut to this width already (else Tree redraws them).

        The first layout draws the tree at its size before the tree hears of that size; redrawing
        every line then would draw the same lines twice as the explorer opens. Lines are cached
        by the tree's width, so a line drawn at any other width is drawn anew anyway.
        """
        if self._cut_width == self.scrollable_content_region.width:
            event.prevent_default()

    def watch_hover_line(self, previous_hover_line: int, hover_line: int) -> None:
        """The whole label of a shortened line is the tooltip while the mouse is over it."""
        super().watch_hover_line(previous_hover_line, hover_line)
        node = self._get_node(hover_line)
        # A Text, not a string: a string tooltip would be read as markup.
        self.tooltip = (
            Text(label_of(node).plain) if node is not None and self.is_shortened(node) else None
        )
