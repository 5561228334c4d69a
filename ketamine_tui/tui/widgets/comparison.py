"""The compare view's parts: lists of quoted sentences (the claims, an article's), and blocks.

Each list builds its lines from the theme (`LineStyles`) when it mounts and when the theme
changes. ↓ on a list's last line goes on to the next list, ↑ on its first back to the previous
one, so that the whole comparison reads with the arrows; the scrolling container around the
lists follows the highlighted line. Article text goes through `formatting.safe`, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import ScrollableContainer, Vertical
from textual.geometry import Region
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ketamine_tui.answer_models import Citation, RelatedQuestion
from ketamine_tui.compare_format import ANSWERS, MENTIONS, NOT_MENTIONED, claim_note
from ketamine_tui.compare_models import ArticleView, Claim, Comparison
from ketamine_tui.formatting import safe
from ketamine_tui.safetext import one_line
from ketamine_tui.tui.lines import LINE_CLASSES, LineStyles, hanging, related_item
from ketamine_tui.tui.messages import AskQuestion, OpenCitation

# A line of a list: built for the theme's styles; what choosing it opens (or asks).
LineBuilder = Callable[[LineStyles], RenderableType]
Line = tuple[LineBuilder, Citation | str]


def claim_line(comparison: Comparison, claim: Claim) -> LineBuilder:
    """ "• claim [1][3] (said by 2 of 5 articles)", or "(only one article says this)"."""

    def build(styles: LineStyles) -> RenderableType:
        body = safe(one_line(claim.text))
        marks = "".join(f"[{comparison.number_of(s)}]" for s in claim.source_ids)
        body.append(f" {marks}", style=styles.marker)
        body.append(f" ({claim_note(comparison, claim)})", style=styles.muted)
        bullet = ANSWERS if claim.answers else MENTIONS
        return hanging(Text(bullet, style=styles.marker), body)

    return build


def sentence_line(text: str, answers: bool) -> LineBuilder:
    """ "• sentence" (it answers) or "◦ sentence" (it only mentions the question)."""

    def build(styles: LineStyles) -> RenderableType:
        bullet = ANSWERS if answers else MENTIONS
        return hanging(Text(bullet, style=styles.marker), safe(one_line(text)))

    return build


def related_line(related: RelatedQuestion) -> LineBuilder:
    """ "→ Try: question (topic)": a question the articles answer, compared when chosen."""
    return lambda styles: related_item(related, False, styles)


class QuoteList(OptionList):
    """Choosable lines; a chosen sentence posts OpenCitation, a chosen question AskQuestion."""

    COMPONENT_CLASSES = OptionList.COMPONENT_CLASSES | LINE_CLASSES

    def __init__(self, lines: Sequence[Line], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="quotes")
        self.items = tuple(lines)

    def on_mount(self) -> None:
        """Build the lines, and build them again in the new colours when the theme changes."""
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw())
        self.redraw()

    def redraw(self) -> None:
        """Build the lines for the current theme, keeping the highlighted one."""
        highlighted = self.highlighted
        styles = LineStyles.of(self)
        self.clear_options()
        self.add_options(
            Option(build(styles), id=f"line-{n}") for n, (build, _) in enumerate(self.items)
        )
        self.highlighted = highlighted if highlighted is not None else 0

    def target(self, index: int) -> Citation | str:
        """What the line at `index` opens (a citation) or asks (a question)."""
        return self.items[index][1]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn a chosen line into a message for the screen."""
        event.stop()
        target = self.target(event.option_index)
        self.post_message(AskQuestion(target) if isinstance(target, str) else OpenCitation(target))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Keep the highlighted line in view in the scrolling container around the lists."""
        event.stop()
        self.call_after_refresh(self.scroll_line_into_view, event.option_index)

    def scroll_line_into_view(self, index: int) -> None:
        """Scroll the nearest scrolling ancestor so that line `index` shows whole."""
        container = next((a for a in self.ancestors if isinstance(a, ScrollableContainer)), None)
        # The line offsets Textual keeps for the list's own scrolling (private, but what it uses).
        heights = self._heights
        if container is None or index not in heights or not self.is_mounted:
            return
        top = self.content_region.y + self._index_to_line[index]
        y = top - container.content_region.y + round(container.scroll_y)
        container.scroll_to_region(Region(0, y, 1, heights[index]), animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        """Down a line; from the last line, on to the next list."""
        if self.highlighted is not None and self.highlighted >= self.option_count - 1:
            following = self._neighbour(1)
            if following is not None:
                following.focus()
                following.highlighted = 0
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """Up a line; from the first line, back to the previous list's last line."""
        if not self.highlighted:
            previous = self._neighbour(-1)
            if previous is not None:
                previous.focus()
                previous.highlighted = previous.option_count - 1
            return
        super().action_cursor_up()

    def _neighbour(self, step: int) -> QuoteList | None:
        lists = [q for q in self.screen.query(QuoteList) if q.display]
        index = lists.index(self) + step if self in lists else -1
        return lists[index] if 0 <= index < len(lists) else None


class ArticleBlock(Vertical):
    """One article of a comparison: "[n] Title", then its sentences or "does not mention this"."""

    def __init__(self, number: int, article: ArticleView) -> None:
        super().__init__(classes="article-block")
        self.number = number
        self.article = article

    def compose(self) -> ComposeResult:
        """The heading, then the list of sentences (or the note that there are none)."""
        article = self.article
        yield Static(safe(f"[{self.number}] {one_line(article.title)}"), classes="article-heading")
        if not article.mentions:
            yield Static(Text(NOT_MENTIONED), classes="article-silent")
            return
        yield QuoteList(
            [(sentence_line(s.text, s.answers), s.citation) for s in article.sentences],
            id=f"article-{self.number}",
        )
