"""What the explorer's parts share: the screen's state, and opening the reader from it.

The explorer screen is put together from parts, one job each (`explorer_query`, `explorer_actions`,
`explorer_insight`); each part is an `ExplorerBase`, so that it knows the state they share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from ketamine_tui.tui.widgets.topic_tree import TopicTree

if TYPE_CHECKING:
    from ketamine_tui.answer_models import Answer
    from ketamine_tui.engine import Engine
    from ketamine_tui.models import SearchResult
    from ketamine_tui.userdata import UserData


class ExplorerBase(Screen[None]):
    """The explorer's shared state (set by `ExplorerScreen.__init__`) and reader opening."""

    engine: Engine
    userdata: UserData
    # The answer shown, and the result whose passages are listed (an answer's or a search's).
    last_answer: Answer | None
    last_result: SearchResult | None

    def open_reader(
        self,
        source_id: str,
        *,
        section_slug: str = "",
        passage_id: str = "",
        span: tuple[int, int] | None = None,
    ) -> None:
        """Push the article reader, scrolled to a section, passage or cited sentence."""
        from ketamine_tui.tui.screens.reader import open_reader

        open_reader(
            self,
            self.engine,
            self.userdata,
            source_id,
            section_slug=section_slug,
            passage_id=passage_id,
            span=span,
            on_close=lambda _: self.refresh_user_branches(),
        )

    def refresh_user_branches(self) -> None:
        """Re-read bookmarks and history into the tree (after the reader changed them)."""
        tree = self.query_one(TopicTree)
        tree.show_bookmarks(self.userdata.bookmarks())
        tree.show_history(self.userdata.history())
