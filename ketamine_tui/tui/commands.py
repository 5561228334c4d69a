"""Command palette entries: jump to any FAQ topic, ask any question, open any article."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from ketamine_tui.safetext import one_line

if TYPE_CHECKING:
    from ketamine_tui.tui.screens.explorer import ExplorerScreen

Entry = tuple[str, str, Callable[[], Any]]


class ExplorerCommands(Provider):
    """Topics, questions and articles of the corpus, searchable by name."""

    def _entries(self) -> list[Entry]:
        """(kind, text, callback) for every topic, question and article."""
        from ketamine_tui.tui.screens.explorer import ExplorerScreen

        screen = next((s for s in self.app.screen_stack if isinstance(s, ExplorerScreen)), None)
        if screen is None:
            return []
        entries: list[Entry] = []
        for root in screen.engine.topics:
            for _topic, question in root.walk():
                entries.append(("Ask", one_line(question), partial(self._ask, screen, question)))
            entries.append(("Topic", one_line(root.title), partial(self._jump, screen, root.title)))
        for article in screen.engine.articles:
            entries.append(
                (
                    "Open",
                    one_line(article.display_title),
                    partial(screen.open_reader, article.source_id),
                )
            )
        return entries

    @staticmethod
    def _ask(screen: ExplorerScreen, question: str) -> None:
        from ketamine_tui.tui.messages import AskQuestion

        while screen.app.screen is not screen:
            screen.app.pop_screen()
        screen.post_message(AskQuestion(question))

    @staticmethod
    def _jump(screen: ExplorerScreen, title: str) -> None:
        from ketamine_tui.tui.widgets.topic_tree import TopicTree

        tree = screen.query_one(TopicTree)
        tree.display = True
        node = tree.node_for("topic", title)
        if node is not None:
            node.expand()
            tree.move_cursor(node)
            tree.focus()

    async def discover(self) -> Hits:
        """Every entry, for an empty palette."""
        for kind, text, callback in self._entries():
            label = f"{kind}: {text}"
            yield DiscoveryHit(Content(label), callback, text=label)

    async def search(self, query: str) -> Hits:
        """Entries matching what was typed, best first."""
        matcher = self.matcher(query)
        for kind, text, callback in self._entries():
            label = f"{kind}: {text}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, _highlighted(matcher, label), callback, text=label)


def _highlighted(matcher: Matcher, label: str) -> Content:
    """The label with the matched letters styled; the label is text, never markup.

    (`Matcher.highlight` would parse it as markup.)
    """
    content = Content(label)
    _, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
