"""The explorer's ways to look closer: v compares the articles, w says why (issue 16)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from ketamine_tui.tui.screens.explorer_base import ExplorerBase
from ketamine_tui.tui.widgets.passage_list import PassageList
from ketamine_tui.tui.widgets.topic_tree import TopicTree

if TYPE_CHECKING:
    from ketamine_tui.tui.screens.explain import Drawing


class InsightActions(ExplorerBase):
    """Open the compare view or the "why" panel on what the focus is on."""

    def _compare_question(self) -> str | None:
        """What v compares: the tree's question or topic, the passages' query, or the answer's."""
        tree = self.query_one(TopicTree)
        passages = self.query_one(PassageList)
        if self.focused is tree:
            return tree.highlighted_question()
        if self.focused is passages and passages.result is not None:
            return passages.result.query
        return self.last_answer.question if self.last_answer is not None else None

    def action_compare(self) -> None:
        """Open the compare view on the question under the focus (or the answer's)."""
        from ketamine_tui.tui.screens.compare import CompareScreen

        question = self._compare_question()
        if question is None:
            self.notify("Highlight a question or a topic in the tree, or ask one, to compare.")
            return
        if self.app.screen is self:
            screen = CompareScreen(self.engine, self.userdata, question)
            self.app.push_screen(screen, callback=lambda _: self.refresh_user_branches())

    def _why_target(self) -> tuple[str, Callable[[], Drawing]] | None:
        """What w explains: the highlighted passage (with the passages focused), else the answer.

        The key bar asks this whenever the focus moves (through `check_action`), so the panel's
        module is imported only once there is something to explain, not as the explorer opens.
        """
        passages = self.query_one(PassageList)
        hit = passages.highlighted_hit()
        if self.focused is passages and hit is not None and passages.result is not None:
            from ketamine_tui.tui.screens.explain import passage_explanation

            query, passage_id = passages.result.query, hit.passage.passage_id
            return "Why this passage", partial(passage_explanation, self.engine, query, passage_id)
        if self.last_answer is not None:
            from ketamine_tui.tui.screens.explain import answer_explanation

            question = self.last_answer.question
            title = "Why this answer" if self.last_answer.answered else "Why not covered"
            return title, partial(answer_explanation, self.engine, question)
        return None

    def action_why(self) -> None:
        """Say why the highlighted passage matched, or why the answer's first sentence is first."""
        from ketamine_tui.tui.screens.explain import ExplainScreen

        target = self._why_target()
        if target is None:
            self.notify("Highlight a passage, or ask a question, to see why it was found.")
            return
        if self.app.screen is self:
            self.app.push_screen(ExplainScreen(*target))
