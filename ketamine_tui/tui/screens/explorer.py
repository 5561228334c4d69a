"""The main screen: search box on top, topic tree on the left, answer and passages in the centre.

The screen coordinates: widgets post messages up, the screen runs searches and questions in
worker threads, and hands the results to the widgets. Its jobs live in parts it is made of: the
search box and history (`explorer_query`), bookmarks and exports (`explorer_actions`), compare and
why (`explorer_insight`); its keys are one table (`explorer_keys`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from ketamine_tui.export import NOTICE
from ketamine_tui.formatting import safe
from ketamine_tui.models import Hit
from ketamine_tui.query import MAX_QUERY_CHARS
from ketamine_tui.safetext import one_line, plain
from ketamine_tui.tui.messages import AskQuestion
from ketamine_tui.tui.screens.explorer_actions import BookmarkActions, ExportActions
from ketamine_tui.tui.screens.explorer_actions import export_path as export_path
from ketamine_tui.tui.screens.explorer_insight import InsightActions
from ketamine_tui.tui.screens.explorer_keys import EXPLORER_BINDINGS
from ketamine_tui.tui.screens.explorer_query import SEARCH_DELAY as SEARCH_DELAY
from ketamine_tui.tui.screens.explorer_query import TYPING_HINT, SearchAndAsk
from ketamine_tui.tui.widgets.answer_view import AnswerView
from ketamine_tui.tui.widgets.key_bar import KeyBar
from ketamine_tui.tui.widgets.passage_list import PassageList
from ketamine_tui.tui.widgets.search_box import SearchBox
from ketamine_tui.tui.widgets.topic_tree import TopicTree, label_of

if TYPE_CHECKING:
    from ketamine_tui.answer_models import Citation
    from ketamine_tui.engine import Engine
    from ketamine_tui.userdata import UserData

# Below this width the tree hides itself (t still shows it): the answer needs the room.
TREE_MIN_SCREEN_WIDTH = 70


class ContentPane(Vertical):
    """The answer above the passages: the answer may take all but the passages' first line."""

    PASSAGES_ROWS = 2  # the passages' title and one line

    def on_resize(self, event: events.Resize) -> None:
        """Let the answer grow to the height left by the passages' first line."""
        self.query_one(AnswerView).styles.max_height = max(
            4, event.size.height - self.PASSAGES_ROWS
        )


class ExplorerScreen(SearchAndAsk, BookmarkActions, ExportActions, InsightActions):
    """Search, ask, browse topics and articles."""

    BINDINGS = EXPLORER_BINDINGS

    def __init__(
        self, engine: Engine, userdata: UserData, initial_query: str | None = None
    ) -> None:
        super().__init__()
        self.engine = engine
        self.userdata = userdata
        self.initial_query = initial_query
        self.history = []
        self.history_position = -1
        self._search_timer = None
        self.last_answer = None
        self.last_result = None
        # None: the tree shows itself when the screen is wide enough; True/False: `t` decided.
        self.tree_wanted: bool | None = None

    # -- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Status line, search box, tree | answer + passages, notice, keys."""
        yield Static(id="status")
        # Marked at once when the search box will take the focus (see on_mount), so the row is
        # styled once rather than restyled as the focus lands.
        with Horizontal(id="search-row", classes="" if self.initial_query else "-focused"):
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
