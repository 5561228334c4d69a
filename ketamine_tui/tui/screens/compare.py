"""The compare view: what each article says about one question, and the claims they share.

The claims come first ("said by N of 5", or that only one article says it), then one block per
article with its best verbatim sentences, or that it does not mention the question. Narrower
than `SIDE_BY_SIDE_WIDTH` columns the blocks stack; from there on they stand side by side, in
rows of as many as fit (the stylesheet lays them out by the classes set here). Every sentence
opens in the reader like a citation. A question the articles do not cover gets `ask`'s reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from ketamine_tui.compare_format import ANSWERS, BLOCK_WIDTH, MENTIONS, SIDE_BY_SIDE_WIDTH
from ketamine_tui.compare_models import Comparison
from ketamine_tui.errors import KetamineTuiError
from ketamine_tui.export import NOTICE
from ketamine_tui.formatting import safe
from ketamine_tui.safetext import one_line, plain
from ketamine_tui.tui.messages import AskQuestion, OpenCitation
from ketamine_tui.tui.widgets.comparison import (
    ArticleBlock,
    QuoteList,
    claim_line,
    related_line,
)
from ketamine_tui.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from ketamine_tui.engine import Engine
    from ketamine_tui.userdata import UserData

# The most blocks in one row (the stylesheet has a layout for each count up to it).
MAX_COLUMNS = 5


def columns_for(width: int, articles: int) -> int:
    """How many article blocks stand in a row at `width` columns (1: they stack).

    As on the command line: as many as fit at `BLOCK_WIDTH`, in rows as even as they can be
    (3 and 2, not 4 and 1).
    """
    if width < SIDE_BY_SIDE_WIDTH or articles < 2:
        return 1
    fit = max(1, min(articles, width // BLOCK_WIDTH, MAX_COLUMNS))
    rows = -(-articles // fit)
    return -(-articles // rows)


class CompareScreen(Screen[None]):
    """The articles side by side (or stacked) on one question; Escape or q closes it."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", tooltip="Back to the explorer", id="compare_close"),
    ]

    def __init__(self, engine: Engine, userdata: UserData, question: str) -> None:
        super().__init__()
        self.engine = engine
        self.userdata = userdata
        self.question = plain(question)
        self.comparison: Comparison | None = None

    def compose(self) -> ComposeResult:
        """Status, the comparison (filled when it is made), the notice and the keys."""
        yield Static(id="status")
        with VerticalScroll(id="compare"):
            yield Static(id="compare-heading")
            yield Static(id="compare-reason")
            yield Vertical(id="compare-body")
        yield Static(Text(NOTICE), id="notice")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        """Compare the articles on the question (in a worker)."""
        self.compare(self.question)

    def compare(self, question: str) -> None:
        """Say what is being compared, and compare in a worker; the view fills when it is done."""
        self.question = plain(question)
        self.query_one("#status", Static).update(
            Text.assemble(("Compare: ", "bold"), safe(one_line(self.question)))
        )
        self.query_one("#compare-heading", Static).update(
            Text.assemble(
                "Comparing what each article says about ", safe(self.question, "italic"), "…"
            )
        )
        self._compare_worker(self.question)

    def use_engine(self, engine: Engine) -> None:
        """Switch to a reopened engine and compare again (the sentences' offsets may have moved)."""
        self.engine = engine
        self.compare(self.question)

    @work(thread=True, exclusive=True, group="compare")
    def _compare_worker(self, question: str) -> None:
        try:
            comparison: Comparison | str = self.engine.compare(question)
        except KetamineTuiError as exc:
            comparison = exc.message
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.call_later, self.show_comparison, comparison)

    async def show_comparison(self, comparison: Comparison | str) -> None:
        """Show a comparison (or a one-line error): its head, its claims, its article blocks."""
        body = self.query_one("#compare-body", Vertical)
        await body.remove_children()
        heading = self.query_one("#compare-heading", Static)
        reason = self.query_one("#compare-reason", Static)
        if isinstance(comparison, str):
            heading.update(safe(comparison))
            return
        self.comparison = comparison
        heading.update(self._head(comparison))
        reason.update(safe(one_line(comparison.reason)) if not comparison.covered else "")
        reason.set_class(not comparison.covered, "-shown")
        if not comparison.covered:
            if comparison.related:
                await body.mount(
                    QuoteList([(related_line(r), r.question) for r in comparison.related])
                )
            self._focus_first()
            return
        claims = QuoteList(
            [(claim_line(comparison, c), c.citations[0]) for c in comparison.claims],
            id="compare-claims",
        )
        claims.border_title = f"Claims ({len(comparison.claims)})"
        blocks = Vertical(id="compare-articles")
        blocks.border_title = f"What each article says ({len(comparison.articles)})"
        widgets: list[Widget] = [claims]
        if not all(claim.answers for claim in comparison.claims):
            legend = Text(f"{ANSWERS}answers the question  {MENTIONS}only mentions it")
            widgets.append(Static(legend, classes="help-muted"))
        await body.mount_all([*widgets, blocks])
        await blocks.mount_all(
            ArticleBlock(number, article)
            for number, article in enumerate(comparison.articles, start=1)
        )
        if comparison.not_compared:
            await body.mount(
                Static(
                    Text(
                        f"{comparison.not_compared} more articles not compared: only the "
                        f"{len(comparison.articles)} with the best passages are."
                    ),
                    classes="help-muted",
                )
            )
        self.place_blocks(self.size.width)
        self._focus_first()

    def _head(self, comparison: Comparison) -> Text:
        """ "Q: question", and the correction the comparison made to it."""
        head = Text.assemble(("Q: ", "bold"), safe(one_line(comparison.question), "bold"))
        if comparison.corrected:
            head.append("\nShowing results for ")
            head.append_text(safe(one_line(comparison.corrected), "italic"))
        return head

    def _focus_first(self) -> None:
        lists = list(self.query(QuoteList))
        if lists:
            lists[0].focus(scroll_visible=False)  # the view starts at its top, heading shown
        self.query_one("#compare", VerticalScroll).scroll_home(animate=False)

    def on_resize(self, event: events.Resize) -> None:
        """Stack the article blocks, or stand them side by side, for the new width."""
        self.place_blocks(event.size.width)

    def place_blocks(self, width: int) -> None:
        """Set the article blocks' layout for a screen `width` columns wide."""
        blocks = self.query("#compare-articles")
        if not blocks or self.comparison is None:
            return
        columns = columns_for(width, len(self.comparison.articles))
        container = blocks.first()
        container.set_class(columns > 1, "-side")
        for count in range(2, MAX_COLUMNS + 1):
            container.set_class(columns == count, f"-columns-{count}")

    @property
    def side_by_side(self) -> bool:
        """Whether the article blocks stand side by side (else they stack)."""
        blocks = self.query("#compare-articles")
        return bool(blocks) and blocks.first().has_class("-side")

    def on_open_citation(self, message: OpenCitation) -> None:
        """A sentence: open the reader on it, as a citation of an answer opens."""
        from ketamine_tui.tui.screens.reader import open_reader

        citation = message.citation
        open_reader(
            self,
            self.engine,
            self.userdata,
            citation.source_id,
            passage_id=citation.passage_id,
            span=(citation.start, citation.end),
        )

    def on_ask_question(self, message: AskQuestion) -> None:
        """A question the articles answer, offered for one they do not: compare it instead."""
        message.stop()
        self.compare(message.question)

    def action_close(self) -> None:
        """Back to the explorer."""
        self.dismiss()
