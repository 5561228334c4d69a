"""The main screen: search box on top, topic tree on the left, answer and passages in the centre.

The screen coordinates: widgets post messages up, the screen runs searches and questions in
worker threads, and hands the results to the widgets. It also keeps the history of questions.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from ketamine_tui.answer_models import Answer, Citation, RelatedQuestion
from ketamine_tui.errors import KetamineTuiError
from ketamine_tui.export import NOTICE, answer_markdown
from ketamine_tui.formatting import safe
from ketamine_tui.models import Hit, SearchResult
from ketamine_tui.query import MAX_QUERY_CHARS
from ketamine_tui.safetext import one_line, plain
from ketamine_tui.tui.messages import AskQuestion
from ketamine_tui.tui.widgets.answer_view import AnswerView
from ketamine_tui.tui.widgets.key_bar import KeyBar
from ketamine_tui.tui.widgets.passage_list import PassageList
from ketamine_tui.tui.widgets.search_box import SearchBox
from ketamine_tui.tui.widgets.topic_tree import TopicTree, label_of
from ketamine_tui.userdata import Bookmark, UserData, passage_bookmark

if TYPE_CHECKING:
    from ketamine_tui.engine import Engine
    from ketamine_tui.tui.screens.explain import Drawing

SEARCH_DELAY = 0.25
# Below this width the tree hides itself (t still shows it): the answer needs the room.
TREE_MIN_SCREEN_WIDTH = 70
TYPING_HINT = "Matching passages appear here as you type."


class ContentPane(Vertical):
    """The answer above the passages: the answer may take all but the passages' first line."""

    PASSAGES_ROWS = 2  # the passages' title and one line

    def on_resize(self, event: events.Resize) -> None:
        """Let the answer grow to the height left by the passages' first line."""
        self.query_one(AnswerView).styles.max_height = max(
            4, event.size.height - self.PASSAGES_ROWS
        )


class ExplorerScreen(Screen[None]):
    """Search, ask, browse topics and articles."""

    BINDINGS = [
        Binding(
            "slash",
            "focus_search",
            "Search",
            tooltip="Put the cursor in the search box",
            id="focus_search",
        ),
        Binding(
            "t", "toggle_tree", "Tree", tooltip="Show or hide the topic tree", id="toggle_tree"
        ),
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
        Binding(
            "c", "copy", "Copy", tooltip="Copy the answer with its citations (OSC 52)", id="copy"
        ),
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

    def __init__(
        self, engine: Engine, userdata: UserData, initial_query: str | None = None
    ) -> None:
        super().__init__()
        self.engine = engine
        self.userdata = userdata
        self.initial_query = initial_query
        self.history: list[str] = []
        self.history_position = -1
        self._search_timer: Timer | None = None
        self.last_answer: Answer | None = None
        self.last_result: SearchResult | None = None
        # None: the tree shows itself when the screen is wide enough; True/False: `t` decided.
        self.tree_wanted: bool | None = None

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Status line, search box, tree | answer + passages, notice, keys."""
        yield Static(id="status")
        with Horizontal(id="search-row"):
            yield Static(Text("Search"), id="search-label")
            yield SearchBox(
                placeholder="Ask a question or type keywords (Enter asks)…",
                id="search",
                max_length=MAX_QUERY_CHARS,
            )
        with Horizontal(id="main"):
            yield TopicTree(id="tree")
            with ContentPane(id="content"):
                yield AnswerView(id="answer")
                yield PassageList(id="passages")
        yield Static(Text(NOTICE), id="notice")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        """Fill the tree, and run the initial query when there is one."""
        self.show_status()
        tree = self.query_one(TopicTree)
        tree.populate(self.engine.topics, self.engine.articles)
        tree.show_bookmarks(self.userdata.bookmarks())
        tree.show_history(self.userdata.history())
        self.query_one(PassageList).show_message(TYPING_HINT)
        for warning in [*self.engine.warnings, *self.userdata.warnings]:
            self.notify(one_line(warning), severity="warning", timeout=8)
        report = self.engine.index.report
        if report.mode == "incremental":
            changed = len(report.added) + len(report.removed)
            self.notify(
                f"The articles changed since last time: {changed} re-indexed or removed, "
                f"{len(report.reused)} unchanged.",
                title="Corpus updated",
                timeout=8,
            )
        if self.initial_query:
            self.show_query(self.initial_query)
            self.ask(self.initial_query)
            # Reading follows asking: q quits, arrows move through the answer.
            self.query_one(AnswerView).lines.focus()
        else:
            self.query_one("#search", Input).focus()

    def use_engine(self, engine: Engine) -> None:
        """Switch to a reopened engine: the tree again, and the current question asked again."""
        self.engine = engine
        self.show_status()
        tree = self.query_one(TopicTree)
        tree.populate(engine.topics, engine.articles)
        self.refresh_user_branches()
        if self.last_answer is not None:
            self.ask(self.last_answer.question, remember=False)
        else:
            self.last_result = None
            query = self.query_one("#search", Input).value
            if query.strip():
                self.run_search(query)

    def show_status(self, text: str = "") -> None:
        """The status line: the app and its corpus, or `text` (a whole tree label)."""
        stats = self.engine.index.stats
        status = self.query_one("#status", Static)
        if text:
            status.update(safe(one_line(text)))
        else:
            status.update(
                Text.assemble(
                    ("ketamine-tui", "bold"),
                    f" — {stats.articles} articles · {stats.passages} passages",
                )
            )

    def on_resize(self, event: events.Resize) -> None:
        """Hide the tree on narrow screens (unless `t` asked for it)."""
        self._place_tree(event.size.width)

    def _place_tree(self, width: int) -> None:
        tree = self.query_one(TopicTree)
        shown = self.tree_wanted if self.tree_wanted is not None else width >= TREE_MIN_SCREEN_WIDTH
        if tree.display != shown:
            tree.display = shown
            if not shown and self.focused is tree:
                self.query_one("#search", Input).focus()

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

    # -- messages from the widgets ---------------------------------------------------------------

    def on_ask_question(self, message: AskQuestion) -> None:
        """A question chosen in the tree, an answer or the suggestions: show it and ask it."""
        self.show_query(plain(message.question))
        self.ask(message.question)

    def on_topic_tree_article_chosen(self, message: TopicTree.ArticleChosen) -> None:
        """An article or section in the tree: open the reader there."""
        self.open_reader(
            message.source_id, section_slug=message.section_slug, passage_id=message.passage_id
        )

    def on_topic_tree_label_highlighted(self, message: TopicTree.LabelHighlighted) -> None:
        """The tree's cursor moved: its whole label on the status line."""
        if self.focused is self.query_one(TopicTree):
            self.show_status(message.label)

    def on_topic_tree_remove_bookmark(self, message: TopicTree.RemoveBookmark) -> None:
        """Delete or x on a bookmark in the tree."""
        self._remove_bookmark(message.bookmark)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """The tree lost the focus: the status line shows the corpus again."""
        if isinstance(event.widget, TopicTree):
            self.show_status()
        if isinstance(event.widget, SearchBox):
            self.query_one("#search-row").remove_class("-focused")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The tree got the focus: the status line shows its highlighted label."""
        if isinstance(event.widget, TopicTree) and event.widget.cursor_node is not None:
            self.show_status(label_of(event.widget.cursor_node).plain)
        if isinstance(event.widget, SearchBox):
            self.query_one("#search-row").add_class("-focused")

    def on_answer_view_citation_chosen(self, message: AnswerView.CitationChosen) -> None:
        """A sentence or source: open the reader on the cited sentence."""
        citation: Citation = message.citation
        self.open_reader(
            citation.source_id, passage_id=citation.passage_id, span=(citation.start, citation.end)
        )

    def on_passage_list_passage_chosen(self, message: PassageList.PassageChosen) -> None:
        """A ranked passage: open the reader on it."""
        hit: Hit = message.hit
        self.open_reader(hit.passage.source_id, passage_id=hit.passage.passage_id)

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

    # -- actions -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape leaves the search box only from it; export and copy need an answer."""
        if action == "leave_search":
            return self.focused is self.query_one("#search", Input)
        if action in ("export", "copy"):
            return True if self.last_answer is not None else None
        if action == "compare":
            return True if self._compare_question() is not None else None
        if action == "why":
            return True if self._why_target() is not None else None
        return True

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
        """What w explains: the highlighted passage (with the passages focused), else the answer."""
        from ketamine_tui.tui.screens.explain import answer_explanation, passage_explanation

        passages = self.query_one(PassageList)
        hit = passages.highlighted_hit()
        if self.focused is passages and hit is not None and passages.result is not None:
            query, passage_id = passages.result.query, hit.passage.passage_id
            return "Why this passage", partial(passage_explanation, self.engine, query, passage_id)
        if self.last_answer is not None:
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

    def action_focus_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        """Leave the search box for the answer."""
        if self.focused is self.query_one("#search", Input):
            self.query_one(AnswerView).lines.focus()

    def action_toggle_tree(self) -> None:
        """Show or hide the topic tree (more room on small terminals)."""
        tree = self.query_one(TopicTree)
        self.tree_wanted = not tree.display
        self._place_tree(self.size.width)

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

    def _bookmark_target(self) -> Bookmark | None:
        """What b bookmarks: the passage, question or bookmark under the focus, or the answer."""
        passages = self.query_one(PassageList)
        tree = self.query_one(TopicTree)
        if self.focused is passages:
            hit = passages.highlighted_hit()
            if hit is not None:
                return passage_bookmark(hit.title, hit.passage)
        elif self.focused is tree:
            data = tree.highlighted_data()
            if data is not None and data.kind == "bookmark":
                return data.bookmark
            if data is not None and data.kind == "question":
                return Bookmark("question", data.value, question=data.value)
            return None
        if self.last_answer is not None:
            question = self.last_answer.question
            return Bookmark("question", question, question=question)
        return None

    def action_bookmark(self) -> None:
        """Bookmark (or un-bookmark) the passage, question or bookmark under the focus."""
        mark = self._bookmark_target()
        if mark is None:
            self.notify("Highlight a passage or a question, or ask one, to bookmark it.")
            return
        added = self.userdata.toggle_bookmark(mark)
        self.refresh_user_branches()
        self.notify(("Bookmarked: " if added else "Bookmark removed: ") + one_line(mark.label))

    def _remove_bookmark(self, mark: Bookmark) -> None:
        if self.userdata.remove_bookmark(mark):
            self.notify("Bookmark removed: " + one_line(mark.label))
        tree = self.query_one(TopicTree)
        line = tree.cursor_line
        self.refresh_user_branches()
        tree.cursor_line = min(line, tree.last_line)

    def action_export(self) -> None:
        """Write the current answer as Markdown with footnote citations; show where."""
        if self.last_answer is None:
            self.notify("Ask a question first: there is no answer to export.")
            return
        if self._stale():
            return
        path = export_path(self.userdata.folder, self.last_answer.question)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(answer_markdown(self.last_answer), encoding="utf-8")
        except OSError as exc:
            self.notify(f"Cannot write {path}: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"Answer saved to {path}", title="Exported", timeout=10)

    def action_copy(self) -> None:
        """Copy the current answer, with its citations, to the clipboard (OSC 52)."""
        if self.last_answer is None:
            self.notify("Ask a question first: there is no answer to copy.")
            return
        if self._stale():
            return
        self.app.copy_to_clipboard(answer_markdown(self.last_answer))
        self.notify("Answer copied with its citations.")

    def _stale(self) -> bool:
        """Whether the articles changed since the answer was found (then they are reopened).

        An export quotes offsets into the files: it must not come from text no longer there.
        """
        from ketamine_tui.tui.app import KetamineApp

        app = self.app
        if isinstance(app, KetamineApp) and (app.reopening or app.check_corpus()):
            self.notify(
                "The answer is being found again in the changed articles: export it once it shows.",
                severity="warning",
            )
            return True
        return False


def export_path(folder: Path, question: str) -> Path:
    """A new file name for an exported answer, made from the question and the time."""
    import time

    from ketamine_tui.manifest import slugify

    slug = slugify(question, "answer")[:48].rstrip("-")
    stem = f"{time.strftime('%Y%m%d-%H%M%S')}-{slug}"
    path = folder / "exports" / f"{stem}.md"
    copy = 1
    while path.exists():  # two exports of one question in the same second
        copy += 1
        path = folder / "exports" / f"{stem}-{copy}.md"
    return path
