"""The article reader: an article's sections and passages, scrolled to the one opened.

The passage (or the exact cited sentence) that was opened is highlighted. `/` or `f` finds text
in the article, with the next and previous match and a count (`reader_find`). Escape goes back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ketamine_tui.errors import KetamineTuiError, NotFoundError
from ketamine_tui.export import NOTICE
from ketamine_tui.formatting import safe
from ketamine_tui.models import Passage
from ketamine_tui.safetext import one_line, printable
from ketamine_tui.tui.screens.reader_find import FindInArticle
from ketamine_tui.tui.widgets.article import FindBox, PassageBlock
from ketamine_tui.tui.widgets.key_bar import KeyBar
from ketamine_tui.userdata import UserData, passage_bookmark

if TYPE_CHECKING:
    from ketamine_tui.engine import Engine

# A very long article is shown as a window of passages around the one opened.
WINDOW = 150


class ReaderScreen(FindInArticle):
    """One article, opened at a passage."""

    BINDINGS = [
        Binding(
            "escape", "app.pop_screen", "Back", tooltip="Back to the explorer", id="reader_back"
        ),
        Binding("slash,f", "find", "Find", tooltip="Find text in this article", id="reader_find"),
        Binding(
            "b",
            "bookmark",
            "Bookmark passage",
            tooltip="Bookmark the focused passage (again: remove it)",
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
        self.matches = []
        self.match_index = -1

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
        """Status, then title, file, each section's heading and passages; the find box; keys."""
        yield Static(safe(one_line(self.article.display_title), "bold"), id="status")
        reader = VerticalScroll(id="reader")
        reader.border_title = f"Article ({len(self.passages)} passages)"
        with reader:
            yield Static(safe(one_line(self.article.display_title)), id="reader-title")
            yield Static(safe(self.article.file), id="reader-file")
            index = self.passages.index(self.target) if self.target in self.passages else 0
            first, last = max(0, index - WINDOW), min(len(self.passages), index + WINDOW + 1)
            if first:
                yield Static(Text(f"… {first} earlier passages not shown"), classes="help-muted")
            section = None
            for passage in self.passages[first:last]:
                if passage.section_slug != section:
                    section = passage.section_slug
                    yield Static(safe(one_line(passage.section)), classes="section-heading")
                yield PassageBlock(
                    passage, self._passage_text(passage), current=passage is self.target
                )
            if last < len(self.passages):
                yield Static(
                    Text(f"… {len(self.passages) - last} later passages not shown"),
                    classes="help-muted",
                )
        with Horizontal(id="find-row"):
            yield Static(Text("Find"), id="find-label")
            yield FindBox(placeholder="Text to find (Enter: next match)", id="find")
            yield Static(id="find-count")
        yield Static(Text(NOTICE), id="notice")
        yield KeyBar(id="keys")

    def _passage_text(self, passage: Passage) -> Text:
        """The passage's text, with the cited sentence marked when it lies inside it."""
        if self.span and passage is self.target:
            start, end = self.span
            if passage.start <= start < end <= passage.end:
                a, b = start - passage.start, end - passage.start
                return Text.assemble(
                    printable(passage.text[:a]),
                    (printable(passage.text[a:b]), "bold underline"),
                    printable(passage.text[b:]),
                )
        return safe(passage.text)

    def on_mount(self) -> None:
        """Scroll to the passage that was opened, and give it the focus."""
        current = self.current_block()
        if current is not None:
            current.focus(scroll_visible=False)
            self.call_after_refresh(
                lambda: self.query_one("#reader", VerticalScroll).scroll_to_center(
                    current, animate=False
                )
            )

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
        """Bookmark the focused passage (or remove its bookmark)."""
        block = self.focused if isinstance(self.focused, PassageBlock) else self.current_block()
        if block is None:
            return
        mark = passage_bookmark(self.article.title, block.passage)
        added = self.userdata.toggle_bookmark(mark)
        self.notify(("Bookmarked: " if added else "Bookmark removed: ") + one_line(mark.label))


def open_reader(
    host: Screen[Any],
    engine: Engine,
    userdata: UserData,
    source_id: str,
    *,
    section_slug: str = "",
    passage_id: str = "",
    span: tuple[int, int] | None = None,
    on_close: Callable[[None], None] | None = None,
) -> None:
    """Push the reader over `host`, at a section, passage or cited sentence (`span`: offsets).

    Nothing happens unless `host` is on top (a key pressed while the palette or help was
    opening is not for it); an article or passage no longer there is a notification.
    """
    if host.app.screen is not host:
        return
    try:
        screen = ReaderScreen(
            engine,
            userdata,
            source_id,
            section_slug=section_slug,
            passage_id=passage_id,
            span=span,
        )
    except KetamineTuiError as exc:
        host.notify(exc.message, severity="error")
        return
    host.app.push_screen(screen, callback=on_close)
