"""The ranked passages of a search: "title · section" and the snippet with matches highlighted."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ketamine_tui.answer_models import RelatedQuestion
from ketamine_tui.formatting import DIM, highlighted_snippet, safe, source_line
from ketamine_tui.models import Hit, SearchResult
from ketamine_tui.safetext import one_line
from ketamine_tui.tui.messages import AskQuestion


class PassageList(OptionList):
    """Ranked passages; posts PassageChosen when one is chosen."""

    class PassageChosen(Message):
        """A passage was chosen: open the article there."""

        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.result: SearchResult | None = None
        self._hits: dict[str, Hit] = {}
        self._questions: dict[str, str] = {}

    def show_result(self, result: SearchResult, related: tuple[RelatedQuestion, ...] = ()) -> None:
        """Show a search result; when nothing matched, say so and offer `related` questions."""
        self.result = result
        self._hits = {}
        self._questions = {}
        options: list[Option | None] = []
        if result.corrected:
            notice = Text("Showing results for ", style=DIM) + safe(
                one_line(result.corrected), "italic"
            )
            options.append(Option(notice, id="corrected", disabled=True))
        if not result.hits:
            message = Text("No passages match ") + safe(f"“{one_line(result.query)}”") + Text(".")
            options.append(Option(message, id="empty", disabled=True))
            if related:
                options.append(
                    Option(Text("Questions the articles answer:", style=DIM), disabled=True)
                )
            for number, item in enumerate(related):
                prompt = Text("Try: ", style=DIM) + safe(one_line(item.question))
                prompt.append(f"  ({one_line(item.topic)})", style=DIM)
                options.append(Option(prompt, id=f"related-{number}"))
                self._questions[f"related-{number}"] = item.question
        for hit in result.hits:
            prompt = Text(f"{hit.rank:>2}. ", style="bold") + source_line(
                hit.title, hit.passage.section
            )
            prompt.append("\n    ")
            prompt.append_text(highlighted_snippet(hit.snippet))
            option_id = f"hit-{hit.rank}"
            options.append(Option(prompt, id=option_id))
            self._hits[option_id] = hit
        self.clear_options()
        self.add_options(options)
        first = next((i for i, o in enumerate(options) if o is not None and not o.disabled), None)
        self.highlighted = first

    def show_message(self, message: str) -> None:
        """Replace the list with a one-line message."""
        self.result = None
        self._hits = {}
        self._questions = {}
        self.clear_options()
        self.add_option(Option(safe(message, DIM), id="message", disabled=True))

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
