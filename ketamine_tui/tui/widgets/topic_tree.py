"""The left pane: FAQ topics and questions, articles and sections, bookmarks and history."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ketamine_tui.formatting import safe
from ketamine_tui.models import Article
from ketamine_tui.safetext import one_line
from ketamine_tui.tui.messages import AskQuestion
from ketamine_tui.userdata import Bookmark

if TYPE_CHECKING:
    from ketamine_tui.topics import Topic


@dataclass(frozen=True)
class NodeData:
    """What a tree node stands for."""

    kind: str  # "topic" | "question" | "article" | "section" | "bookmark" | "branch"
    value: str = ""
    source_id: str = ""
    section_slug: str = ""
    bookmark: Bookmark | None = None


class TopicTree(Tree[NodeData]):
    """Topics → questions, Articles → sections, Bookmarks and History."""

    class ArticleChosen(Message):
        """An article or one of its sections was chosen (`section_slug` empty for the article)."""

        def __init__(self, source_id: str, section_slug: str = "", passage_id: str = "") -> None:
            super().__init__()
            self.source_id = source_id
            self.section_slug = section_slug
            self.passage_id = passage_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("Explore"), id=id)
        self.show_root = False
        self.guide_depth = 2
        self.topics_branch: TreeNode[NodeData] | None = None
        self.articles_branch: TreeNode[NodeData] | None = None
        self.bookmarks_branch: TreeNode[NodeData] | None = None
        self.history_branch: TreeNode[NodeData] | None = None

    def populate(self, topics: Iterable[Topic], articles: Iterable[Article]) -> None:
        """Fill the Topics and Articles branches (and create empty Bookmarks and History)."""
        self.clear()
        self.topics_branch = self.root.add(
            Text("Topics", style="bold"), NodeData("branch"), expand=True
        )
        for topic in topics:
            self._add_topic(self.topics_branch, topic)
        self.articles_branch = self.root.add(Text("Articles", style="bold"), NodeData("branch"))
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
        """Replace the Bookmarks branch's entries."""
        if self.bookmarks_branch is None:
            return
        self.bookmarks_branch.remove_children()
        for mark in bookmarks:
            icon = "? " if mark.kind == "question" else "¶ "
            self.bookmarks_branch.add_leaf(
                Text(icon, style="dim") + safe(one_line(mark.label)),
                NodeData("bookmark", bookmark=mark),
            )

    def show_history(self, questions: Iterable[str]) -> None:
        """Replace the History branch's entries (most recent first)."""
        if self.history_branch is None:
            return
        self.history_branch.remove_children()
        for question in questions:
            self.history_branch.add_leaf(
                safe(one_line(question)), NodeData("question", value=question)
            )

    def node_for_question(self, question: str) -> TreeNode[NodeData] | None:
        """The Topics node of a question, if the FAQ has it."""
        return self._find(
            lambda d: d.kind == "question" and d.value == question, self.topics_branch
        )

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
