"""Find in the reader: `/` or `f` marks every match of the text typed, with a count.

Enter or ↓ goes to the next match, ↑ to the previous one, round the article; Escape closes the
find box and goes back to the passage of the current match.
"""

from __future__ import annotations

from textual import events, on
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from ketamine_tui.tui.widgets.article import FindBox, PassageBlock


class FindInArticle(Screen[None]):
    """The reader's find box and its matches (the reader screen is one)."""

    # The matches of the find box: (block, start, end) in reading order, and the current one.
    matches: list[tuple[PassageBlock, int, int]]
    match_index: int

    def current_block(self) -> PassageBlock | None:
        """The passage block that was opened."""
        blocks = [b for b in self.query(PassageBlock) if b.has_class("-current")]
        return blocks[0] if blocks else None

    # -- find --------------------------------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The find box's label shows when it has the focus."""
        self.query_one("#find-row").set_class(isinstance(event.widget, FindBox), "-focused")

    def action_find(self) -> None:
        """Open the find box (or go back to it)."""
        self.query_one("#find-row").add_class("-open")
        self.query_one("#find", Input).focus()

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        self.find(event.value)

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        self.step_match(1)

    def on_find_box_step(self, message: FindBox.Step) -> None:
        """↓/↑ in the find box."""
        self.step_match(message.step)

    def on_find_box_close(self, message: FindBox.Close) -> None:
        """Escape in the find box: close it, back to the current match's passage."""
        self.query_one("#find-row").remove_class("-open")
        block = self.matches[self.match_index][0] if self.matches else self.current_block()
        if block is not None:
            block.focus(scroll_visible=False)

    def find(self, text: str) -> None:
        """Mark every match of `text` (ignoring case) and go to the first one."""
        wanted = " ".join(text.split()).casefold()
        blocks = list(self.query(PassageBlock))
        previous = {block for block, _, _ in self.matches}
        self.matches = []
        if wanted:
            for block in blocks:
                plain_text = block.text.plain.casefold()
                start = plain_text.find(wanted)
                while start >= 0:
                    self.matches.append((block, start, start + len(wanted)))
                    start = plain_text.find(wanted, start + 1)
        for block in previous - {block for block, _, _ in self.matches}:
            block.update(block.text)
        self.match_index = 0 if self.matches else -1
        self._show_matches()

    def step_match(self, step: int) -> None:
        """Go to the next (1) or previous (-1) match, round the article."""
        if self.matches:
            self.match_index = (self.match_index + step) % len(self.matches)
            self._show_matches()

    def _show_matches(self) -> None:
        by_block: dict[PassageBlock, list[tuple[int, int]]] = {}
        current_block, current_in_block = None, None
        for number, (block, start, end) in enumerate(self.matches):
            spans = by_block.setdefault(block, [])
            if number == self.match_index:
                current_block, current_in_block = block, len(spans)
            spans.append((start, end))
        for block, spans in by_block.items():
            block.show_matches(spans, current_in_block if block is current_block else None)
        count = self.query_one("#find-count", Static)
        query = self.query_one("#find", Input).value.strip()
        if not query:
            count.update("")
        elif not self.matches:
            count.update("no match")
        else:
            count.update(f"{self.match_index + 1} of {len(self.matches)}")
        if current_block is not None:
            self.query_one("#reader", VerticalScroll).scroll_to_center(current_block, animate=False)
