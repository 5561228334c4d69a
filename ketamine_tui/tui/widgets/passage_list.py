"""The ranked passages of a search: "title · section" and the snippet with matches highlighted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ketamine_tui.formatting import safe
from ketamine_tui.models import Hit, SearchResult
from ketamine_tui.safetext import one_line
from ketamine_tui.tui.lines import LINE_CLASSES, LineStyles, hanging, hit_item
from ketamine_tui.tui.messages import AskQuestion

if TYPE_CHECKING:  # the answer's types load with the first answer, not as the app opens
    from ketamine_tui.answer_models import RelatedQuestion


class PassageList(OptionList):
    """Ranked passages; posts PassageChosen when one is chosen."""

    COMPONENT_CLASSES = OptionList.COMPONENT_CLASSES | LINE_CLASSES

    class PassageChosen(Message):
        """A passage was chosen: open the article there."""

        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.result: SearchResult | None = None
        self._related: tuple[RelatedQuestion, ...] = ()
        self._message = ""
        self._hits: dict[str, Hit] = {}
        self._questions: dict[str, str] = {}
        self.border_title = "Passages"

    def on_mount(self) -> None:
        """Redraw the lines in the new colours when the theme changes."""
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw())

    def redraw(self) -> None:
        """Build the lines again (after a change of theme), keeping the highlighted one."""
        highlighted = self.highlighted
        if self.result is not None:
            self.show_result(self.result, self._related)
        else:
            self.show_message(self._message)
        if highlighted is not None and highlighted < self.option_count:
            self.highlighted = highlighted

    def show_result(self, result: SearchResult, related: tuple[RelatedQuestion, ...] = ()) -> None:
        """Show a search result; when nothing matched, say so and offer `related` questions."""
        self.result = result
        self._related = related
        self._hits = {}
        self._questions = {}
        styles = LineStyles.of(self)
        options: list[Option] = []
        if result.corrected:
            notice = Text("Showing results for ", style=styles.muted) + safe(
                one_line(result.corrected), "italic"
            )
            options.append(Option(notice, id="corrected", disabled=True))
        if not result.hits:
            message = Text("No passages match ") + safe(f"“{one_line(result.query)}”") + Text(".")
            options.append(Option(message, id="empty", disabled=True))
            if related:
                options.append(
                    Option(
                        Text("Questions the articles answer:", style=styles.muted), disabled=True
                    )
                )
            for number, item in enumerate(related):
                prompt = Text("Try: ", style=styles.muted) + safe(one_line(item.question))
                prompt.append(f" ({one_line(item.topic)})", style=styles.muted)
                options.append(
                    Option(hanging(Text("→ ", style=styles.marker), prompt), id=f"related-{number}")
                )
                self._questions[f"related-{number}"] = item.question
        for hit in result.hits:
            option_id = f"hit-{hit.rank}"
            options.append(Option(hit_item(hit, styles), id=option_id))
            self._hits[option_id] = hit
        self.border_title = f"Passages ({len(result.hits)})"
        self.clear_options()
        self.add_options(options)
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        self.highlighted = first

    def show_message(self, message: str) -> None:
        """Replace the list with a one-line message."""
        self.result = None
        self._related = ()
        self._message = message
        self._hits = {}
        self._questions = {}
        self.border_title = "Passages"
        self.clear_options()
        if message:
            styles = LineStyles.of(self)
            self.add_option(Option(safe(message, styles.muted), id="message", disabled=True))

    def highlighted_hit(self) -> Hit | None:
        """The highlighted passage, if any."""
        if self.highlighted is None:
            return None
        return self._hits.get(self.get_option_at_index(self.highlighted).id or "")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn a chosen passage into a message for the screen."""
        event.stop()
        option_id = event.option.id or ""
        if option_id in self._hits:
            self.post_message(self.PassageChosen(self._hits[option_id]))
        elif option_id in self._questions:
            self.post_message(AskQuestion(self._questions[option_id]))
