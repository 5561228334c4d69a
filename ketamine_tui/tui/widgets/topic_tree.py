"""The left pane: FAQ topics and questions, articles and sections, bookmarks and history.

Labels longer than the pane end with an ellipsis; the whole label is the tooltip of the line
under the mouse (`tree_base`), and the screen shows the highlighted one on its status line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ketamine_tui.formatting import safe
from ketamine_tui.models import Article
from ketamine_tui.safetext import one_line
from ketamine_tui.tui.messages import AskQuestion
from ketamine_tui.tui.widgets.tree_base import LabelledTree, NodeData
from ketamine_tui.tui.widgets.tree_base import label_of as label_of
from ketamine_tui.userdata import Bookmark

if TYPE_CHECKING:
    from ketamine_tui.topics import Topic

NO_BOOKMARKS = "No bookmarks yet: press b on a passage or an answer"
NO_HISTORY = "No questions asked yet: type one above and press Enter"


class TopicTree(LabelledTree):
    """Topics → questions, Articles → sections, Bookmarks and History."""

    BINDINGS = [
        Binding("left", "collapse_or_parent", "Collapse", show=False, id="tree_collapse"),
        Binding("right", "expand_or_child", "Expand", show=False, id="tree_expand"),
        Binding(
            "delete,x",
            "remove_bookmark",
            "Remove",
            tooltip="Remove the highlighted bookmark",
            id="tree_remove_bookmark",
        ),
    ]

    class ArticleChosen(Message):
        """An article or one of its sections was chosen (`section_slug` empty for the article)."""

        def __init__(self, source_id: str, section_slug: str = "", passage_id: str = "") -> None:
            super().__init__()
            self.source_id = source_id
            self.section_slug = section_slug
            self.passage_id = passage_id

    class RemoveBookmark(Message):
        """Delete or x on a bookmark: remove it."""

        def __init__(self, bookmark: Bookmark) -> None:
            super().__init__()
            self.bookmark = bookmark

    class LabelHighlighted(Message):
        """The cursor moved to a node: its whole label (for the status line)."""

        def __init__(self, label: str) -> None:
            super().__init__()
            self.label = label

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("Explore"), id=id)
        self.show_root = False
        self.guide_depth = 2
        self.border_title = "Explore"
        self.topics_branch: TreeNode[NodeData] | None = None
        self.articles_branch: TreeNode[NodeData] | None = None
        self.bookmarks_branch: TreeNode[NodeData] | None = None
        self.history_branch: TreeNode[NodeData] | None = None

    # -- filling ---------------------------------------------------------------------------------

    def populate(self, topics: Iterable[Topic], articles: Iterable[Article]) -> None:
        """Fill the Topics and Articles branches (and create empty Bookmarks and History)."""
        self.clear()
        topics = tuple(topics)
        articles = tuple(articles)
        self.topics_branch = self.root.add(
            Text(f"Topics ({len(topics)})", style="bold"), NodeData("branch"), expand=True
        )
        for topic in topics:
            self._add_topic(self.topics_branch, topic)
        self.articles_branch = self.root.add(
            Text(f"Articles ({len(articles)})", style="bold"), NodeData("branch")
        )
        for article in articles:
            node = self.articles_branch.add(
                safe(one_line(article.display_title)),
                NodeData("article", source_id=article.source_id),
            )
            for section in article.sections:
                node.add_leaf(
                    safe(one_line(section.title)),
                    NodeData("section", source_id=article.source_id, section_slug=section.slug),
                )
        self.bookmarks_branch = self.root.add(Text("Bookmarks", style="bold"), NodeData("branch"))
        self.history_branch = self.root.add(Text("History", style="bold"), NodeData("branch"))

    def _add_topic(self, parent: TreeNode[NodeData], topic: Topic) -> None:
        node = parent.add(safe(one_line(topic.title)), NodeData("topic", value=topic.title))
        for question in topic.questions:
            node.add_leaf(safe(one_line(question)), NodeData("question", value=question))
        for child in topic.children:
            self._add_topic(node, child)

    def show_bookmarks(self, bookmarks: Iterable[Bookmark]) -> None:
        """Replace the Bookmarks branch's entries (a hint when there is none)."""
        branch = self.bookmarks_branch
        if branch is None:
            return
        marks = list(bookmarks)
        branch.remove_children()
        branch.set_label(Text(f"Bookmarks ({len(marks)})", style="bold"))
        for mark in marks:
            icon = "? " if mark.kind == "question" else "¶ "
            branch.add_leaf(
                Text(icon) + safe(one_line(mark.label)), NodeData("bookmark", bookmark=mark)
            )
        if not marks:
            branch.add_leaf(Text(NO_BOOKMARKS, style="italic"), NodeData("hint"))

    def show_history(self, questions: Iterable[str]) -> None:
        """Replace the History branch's entries (most recent first; a hint when there is none)."""
        branch = self.history_branch
        if branch is None:
            return
        asked = list(questions)
        branch.remove_children()
        branch.set_label(Text(f"History ({len(asked)})", style="bold"))
        for question in asked:
            branch.add_leaf(safe(one_line(question)), NodeData("question", value=question))
        if not asked:
            branch.add_leaf(Text(NO_HISTORY, style="italic"), NodeData("hint"))

    # -- finding nodes ---------------------------------------------------------------------------

    def node_for_question(self, question: str) -> TreeNode[NodeData] | None:
        """The Topics node of a question, if the FAQ has it."""
        return self._find(
            lambda d: d.kind == "question" and d.value == question, self.topics_branch
        )

    # -- keys ------------------------------------------------------------------------------------

    def on_focus(self) -> None:
        """Show the cursor at once (on the first line when none was highlighted)."""
        if self.cursor_line < 0 and self.last_line >= 0:
            self.cursor_line = 0

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        """Tell the screen the whole label of the highlighted node (and which keys now apply)."""
        self.post_message(self.LabelHighlighted(label_of(event.node).plain))
        self.refresh_bindings()

    def action_collapse_or_parent(self) -> None:
        """←: collapse an expanded node, else go to its parent."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_expand_or_child(self) -> None:
        """→: expand a collapsed node, else go to its first child."""
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Remove is offered on bookmarks only."""
        if action == "remove_bookmark":
            data = self.highlighted_data()
            return data is not None and data.kind == "bookmark"
        return True

    def action_remove_bookmark(self) -> None:
        """Delete / x: ask the screen to remove the highlighted bookmark."""
        data = self.highlighted_data()
        if data is not None and data.kind == "bookmark" and data.bookmark is not None:
            self.post_message(self.RemoveBookmark(data.bookmark))

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        """Turn a chosen leaf into a message for the screen."""
        data = event.node.data
        if data is None:
            return
        if data.kind == "question":
            self.post_message(AskQuestion(data.value))
        elif data.kind in ("article", "section"):
            self.post_message(self.ArticleChosen(data.source_id, data.section_slug))
        elif data.kind == "bookmark" and data.bookmark is not None:
            mark = data.bookmark
            if mark.kind == "question":
                self.post_message(AskQuestion(mark.question))
            else:
                self.post_message(self.ArticleChosen(mark.source_id, passage_id=mark.passage_id))
