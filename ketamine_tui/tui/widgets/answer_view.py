"""The answer pane: the question, cited sentences, numbered sources and related questions.

Every line that points somewhere can be chosen with Enter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ketamine_tui.export import cited_sections
from ketamine_tui.formatting import safe
from ketamine_tui.safetext import one_line
from ketamine_tui.tui.lines import (
    LINE_CLASSES,
    LineStyles,
    related_item,
    sentence_item,
    source_item,
)
from ketamine_tui.tui.messages import AskQuestion

if TYPE_CHECKING:  # the answer's types load with the first answer, not as the app opens
    from ketamine_tui.answer_models import Answer, Citation

WELCOME = (
    "Ask a question or type keywords above, or choose a question in the tree. "
    "Every sentence shown is quoted from an article and names its source."
)


class AnswerList(OptionList):
    """The choosable lines of an answer (sentences, sources, related questions)."""

    COMPONENT_CLASSES = OptionList.COMPONENT_CLASSES | LINE_CLASSES


class AnswerView(Vertical):
    """Shows one answer; posts CitationChosen or AskQuestion when a line is chosen."""

    class CitationChosen(Message):
        """A sentence or a source was chosen: open the article at this citation."""

        def __init__(self, citation: Citation) -> None:
            super().__init__()
            self.citation = citation

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.answer: Answer | None = None
        self._message: Text = Text(WELCOME)
        self._targets: dict[str, Citation | str] = {}
        self.border_title = "Answer"

    def compose(self) -> ComposeResult:
        """A heading line above the list of choosable lines."""
        yield Static(Text(WELCOME), id="answer-heading", classes="-message")
        yield AnswerList(id="answer-lines")

    def on_mount(self) -> None:
        """Redraw the lines in the new colours when the theme changes."""
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw())

    @property
    def heading(self) -> Static:
        """The heading line (question, correction or reason)."""
        return self.query_one("#answer-heading", Static)

    @property
    def lines(self) -> AnswerList:
        """The list of sentences, sources and related questions."""
        return self.query_one("#answer-lines", AnswerList)

    def show_message(self, message: Text | str) -> None:
        """Show a status line in place of an answer (e.g. while asking)."""
        self.answer = None
        self._message = message if isinstance(message, Text) else safe(message)
        self.border_title = "Answer"
        self.heading.set_class(True, "-message")
        self.heading.set_class(False, "-empty")
        self.heading.update(self._message)
        self.lines.clear_options()
        self._targets = {}

    def redraw(self) -> None:
        """Build the lines again (after a change of theme), keeping the highlighted one."""
        if self.answer is not None:
            highlighted = self.lines.highlighted
            self.show_answer(self.answer)
            if highlighted is not None and highlighted < self.lines.option_count:
                self.lines.highlighted = highlighted

    def show_answer(self, answer: Answer) -> None:
        """Show an answer: sentences with [n], the sources they cite, related questions."""
        self.answer = answer
        styles = LineStyles.of(self.lines)
        question = one_line(answer.question)
        # The question is the pane's title when it fits there, else the heading's first line.
        in_title = len(question) + 8 <= self.size.width or not self.size.width
        # A title is Textual markup when given as a string: the question goes in as Content.
        self.border_title = Content(f"Q: {question}") if in_title else "Answer"
        heading = Text()
        if not in_title:
            heading.append_text(Text.assemble(("Q: ", "bold"), safe(question, "bold")))
        if answer.corrected:
            heading.append("\n" if heading else "")
            heading.append("Showing results for ", style=styles.muted)
            heading.append_text(safe(one_line(answer.corrected), "italic"))
        if not answer.answered:
            heading.append("\n" if heading else "")
            heading.append_text(
                Text(one_line(answer.reason), style=styles.warning + Style(bold=True))
            )
        self.heading.set_class(False, "-message")
        self.heading.set_class(not heading, "-empty")
        self.heading.update(heading)

        options: list[Option] = []
        self._targets = {}
        for index, sentence in enumerate(answer.sentences):
            options.append(Option(sentence_item(answer, sentence, styles), id=f"sentence-{index}"))
            self._targets[f"sentence-{index}"] = sentence.citations[0]
        for index, (number, citation) in enumerate(cited_sections(answer)):
            options.append(Option(source_item(number, citation, styles), id=f"source-{index}"))
            self._targets[f"source-{index}"] = citation
        for index, related in enumerate(answer.related):
            options.append(
                Option(related_item(related, answer.answered, styles), id=f"related-{index}")
            )
            self._targets[f"related-{index}"] = related.question
        lines = self.lines
        lines.clear_options()
        lines.add_options(options)
        if options:
            lines.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn a chosen line into a message for the screen."""
        event.stop()
        target = self._targets.get(event.option.id or "")
        if isinstance(target, str):
            self.post_message(AskQuestion(target))
        elif target is not None:
            self.post_message(self.CitationChosen(target))

    def highlighted_citation(self) -> Citation | None:
        """The citation of the highlighted line, if it has one."""
        lines = self.lines
        if lines.highlighted is None:
            return None
        option = lines.get_option_at_index(lines.highlighted)
        target = self._targets.get(option.id or "")
        return None if target is None or isinstance(target, str) else target
