"""The article reader: an article's sections and passages, scrolled to the one opened.

The passage (or the exact cited sentence) that was opened is highlighted. Escape goes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from ketamine_tui.errors import NotFoundError
from ketamine_tui.export import NOTICE
from ketamine_tui.formatting import DIM, safe
from ketamine_tui.models import Passage
from ketamine_tui.safetext import one_line, printable
from ketamine_tui.userdata import Bookmark, UserData

if TYPE_CHECKING:
    from ketamine_tui.engine import Engine

# A very long article is shown as a window of passages around the one opened.
WINDOW = 150


class PassageBlock(Static):
    """One passage of the article (focusable, so it can be chosen and bookmarked)."""

    can_focus = True

    def __init__(self, passage: Passage, content: Text, *, current: bool) -> None:
        super().__init__(content, classes="passage -current" if current else "passage")
        self.passage = passage


class ReaderScreen(Screen[None]):
    """One article, opened at a passage."""

    BINDINGS = [
        Binding(
            "escape", "app.pop_screen", "Back", tooltip="Back to the explorer", id="reader_back"
        ),
        Binding(
            "b",
            "bookmark",
            "Bookmark passage",
            tooltip="Bookmark the focused passage",
            id="reader_bookmark",
        ),
        Binding("n", "next_passage", "Next", tooltip="Focus the next passage", id="reader_next"),
        Binding(
            "p",
            "previous_passage",
            "Previous",
            tooltip="Focus the previous passage",
            id="reader_previous",
        ),
    ]

    def __init__(
        self,
        engine: Engine,
        userdata: UserData,
        source_id: str,
        *,
        section_slug: str = "",
        passage_id: str = "",
        span: tuple[int, int] | None = None,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.userdata = userdata
        self.article = engine.article(source_id)
        self.passages = engine.passages(source_id)
        self.span = span
        self.target = self._target(section_slug, passage_id)

    def _target(self, section_slug: str, passage_id: str) -> Passage | None:
        """The passage to open at: the one named, else the first of the section, else the first."""
        if passage_id:
            found = next((p for p in self.passages if p.passage_id == passage_id), None)
            if found is None:
                raise NotFoundError(f"the article no longer has passage {passage_id}")
            return found
        if section_slug:
            return next((p for p in self.passages if p.section_slug == section_slug), None)
        return self.passages[0] if self.passages else None

    def compose(self) -> ComposeResult:
        """Title, file, then each section's heading and passages."""
        yield Header()
        with VerticalScroll(id="reader"):
            yield Static(safe(one_line(self.article.display_title), "bold"), id="reader-title")
            yield Static(safe(self.article.file, DIM), id="reader-file")
            index = self.passages.index(self.target) if self.target in self.passages else 0
            first, last = max(0, index - WINDOW), min(len(self.passages), index + WINDOW + 1)
            if first:
                yield Static(Text(f"… {first} earlier passages not shown", style=DIM))
            section = None
            for passage in self.passages[first:last]:
                if passage.section_slug != section:
                    section = passage.section_slug
                    yield Static(safe(one_line(passage.section), "bold"), classes="section-heading")
                yield PassageBlock(
                    passage, self._passage_text(passage), current=passage is self.target
                )
            if last < len(self.passages):
                yield Static(
                    Text(f"… {len(self.passages) - last} later passages not shown", style=DIM)
                )
        yield Static(Text(NOTICE), id="notice")
        yield Footer()

    def _passage_text(self, passage: Passage) -> Text:
        """The passage's text, with the cited sentence marked when it lies inside it."""
        if self.span and passage is self.target:
            start, end = self.span
            if passage.start <= start < end <= passage.end:
                a, b = start - passage.start, end - passage.start
                return Text.assemble(
                    printable(passage.text[:a]),
                    (printable(passage.text[a:b]), "bold reverse"),
                    printable(passage.text[b:]),
                )
        return safe(passage.text)

    def on_mount(self) -> None:
        """Show which article this is, and scroll to the passage."""
        self.sub_title = one_line(self.article.title)
        current = self.current_block()
        if current is not None:
            current.focus(scroll_visible=False)
            self.call_after_refresh(
                lambda: self.query_one("#reader", VerticalScroll).scroll_to_center(
                    current, animate=False
                )
            )

    def current_block(self) -> PassageBlock | None:
        """The passage block that was opened."""
        blocks = [b for b in self.query(PassageBlock) if b.has_class("-current")]
        return blocks[0] if blocks else None

    def _move(self, step: int) -> None:
        blocks = list(self.query(PassageBlock))
        if not blocks:
            return
        focused = self.focused if isinstance(self.focused, PassageBlock) else None
        index = blocks.index(focused) if focused in blocks else 0
        target = blocks[max(0, min(len(blocks) - 1, index + step))]
        target.focus()
        self.query_one("#reader", VerticalScroll).scroll_to_widget(target, animate=False)

    def action_next_passage(self) -> None:
        """Focus the next passage."""
        self._move(1)

    def action_previous_passage(self) -> None:
        """Focus the previous passage."""
        self._move(-1)

    def action_bookmark(self) -> None:
        """Bookmark the focused passage."""
        block = self.focused if isinstance(self.focused, PassageBlock) else self.current_block()
        if block is None:
            return
        passage = block.passage
        mark = Bookmark(
            "passage",
            f"{self.article.title} · {passage.section}",
            source_id=passage.source_id,
            passage_id=passage.passage_id,
            start=passage.start,
            end=passage.end,
        )
        added = self.userdata.toggle_bookmark(mark)
        self.notify(
            ("Bookmarked: " if added else "Bookmark removed: ") + one_line(mark.label), markup=False
        )
