"""The explorer's search box: searching as you type, asking on Enter, the session's history.

Searches and questions run in worker threads; their results go to the passages and the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from ketamine_tui.errors import KetamineTuiError
from ketamine_tui.formatting import safe
from ketamine_tui.models import SearchResult
from ketamine_tui.query import MAX_QUERY_CHARS
from ketamine_tui.safetext import plain
from ketamine_tui.tui.screens.explorer_base import ExplorerBase
from ketamine_tui.tui.widgets.answer_view import AnswerView
from ketamine_tui.tui.widgets.passage_list import PassageList
from ketamine_tui.tui.widgets.search_box import SearchBox
from ketamine_tui.tui.widgets.topic_tree import TopicTree

if TYPE_CHECKING:  # the answer's types load with the first answer, not as the app opens
    from ketamine_tui.answer_models import Answer, RelatedQuestion

SEARCH_DELAY = 0.25
TYPING_HINT = "Matching passages appear here as you type."


class SearchAndAsk(ExplorerBase):
    """Search as the query is typed, ask it on Enter, and go back and forth in the history."""

    _search_timer: Timer | None
    # The questions of this session, and which of them is shown ([ and ] move through them).
    history: list[str]
    history_position: int

    # -- searching as you type ---------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _schedule_search(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        query = event.value
        if not query.strip():
            self.query_one(PassageList).show_message(TYPING_HINT)
            return
        self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self.run_search(query))

    def run_search(self, query: str) -> None:
        """Search for passages in a worker; the list updates when it is done."""
        self._search_worker(query)

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(self, query: str) -> None:
        related: tuple[RelatedQuestion, ...] = ()
        result: SearchResult | str
        try:
            result = self.engine.search(query, limit=20)
            if not result.hits:
                related = self.engine.related(query)
        except KetamineTuiError as exc:
            result = exc.message
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_search, result, related)

    def _show_search(
        self, result: SearchResult | str, related: tuple[RelatedQuestion, ...] = ()
    ) -> None:
        passages = self.query_one(PassageList)
        if isinstance(result, str):
            passages.show_message(result)
            return
        self.last_result = result
        passages.show_result(result, related)

    # -- asking ------------------------------------------------------------------------------------

    @on(Input.Submitted, "#search")
    def _submit(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.ask(event.value)
            # Reading follows asking: arrows move through the answer, "/" goes back to search.
            self.query_one(AnswerView).lines.focus()

    def on_search_box_too_long(self, message: SearchBox.TooLong) -> None:
        """A paste or typing beyond the limit: say so (the box keeps what it had)."""
        self.notify(
            f"query too long: {message.length} characters (the limit is {MAX_QUERY_CHARS})",
            severity="warning",
        )

    def on_search_box_to_results(self, message: SearchBox.ToResults) -> None:
        """↓ in the search box: into the answer when it answers what is typed, else passages."""
        answer = self.query_one(AnswerView)
        passages = self.query_one(PassageList)
        typed = plain(self.query_one("#search", Input).value)
        answered_this = self.last_answer is not None and self.last_answer.question == typed
        target = answer.lines if answered_this or not passages.option_count else passages
        if target.option_count:
            target.focus()
            if target.highlighted is None:
                target.action_first()

    def show_query(self, text: str) -> None:
        """Put a question in the search box without searching as if it had been typed.

        That search would replace the passages of the answer to it.
        """
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = text

    def ask(self, question: str, remember: bool = True) -> None:
        """Ask a question in a worker; the answer pane and passages update when it is done."""
        question = plain(question)
        if self._search_timer is not None:
            self._search_timer.stop()
        if remember:
            self._remember(question)
        view = self.query_one(AnswerView)
        view.show_message(
            Text.assemble("Looking in the articles for ", safe(question, "italic"), "…")
        )
        self._ask_worker(question)

    @work(thread=True, exclusive=True, group="ask")
    def _ask_worker(self, question: str) -> None:
        try:
            answer: Answer | str = self.engine.ask(question)
        except KetamineTuiError as exc:
            answer = exc.message
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_answer, answer)

    def _show_answer(self, answer: Answer | str) -> None:
        view = self.query_one(AnswerView)
        if isinstance(answer, str):
            view.show_message(safe(answer, "bold"))
            return
        self.last_answer = answer
        view.show_answer(answer)
        result = SearchResult(answer.question, answer.hits, answer.corrected)
        if answer.answered:
            self.last_result = result
            self.query_one(PassageList).show_result(result)
        else:
            self.query_one(PassageList).show_message(
                "No passages shown: the articles don't cover this."
            )
        self.refresh_bindings()

    def _remember(self, question: str) -> None:
        if self.history_position < len(self.history) - 1:
            del self.history[self.history_position + 1 :]
        if not self.history or self.history[-1] != question:
            self.history.append(question)
        self.history_position = len(self.history) - 1
        self.userdata.add_history(question)
        self.query_one(TopicTree).show_history(self.userdata.history())

    # -- the history of this session ---------------------------------------------------------------

    def action_back(self) -> None:
        """Ask the previous question of this session again."""
        if self.history_position > 0:
            self.history_position -= 1
            self._replay()

    def action_forward(self) -> None:
        """Ask the next question of this session again."""
        if self.history_position < len(self.history) - 1:
            self.history_position += 1
            self._replay()

    def _replay(self) -> None:
        question = self.history[self.history_position]
        self.show_query(question)
        self.ask(question, remember=False)
