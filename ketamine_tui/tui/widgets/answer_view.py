"""The answer pane: the question, cited sentences, numbered sources and related questions.

Every line that points somewhere can be chosen with Enter.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ketamine_tui.answer_models import Answer, Citation
from ketamine_tui.export import cited_sections
from ketamine_tui.formatting import DIM, related_line, safe, sentence_line, source_entry
from ketamine_tui.safetext import one_line
from ketamine_tui.tui.messages import AskQuestion

WELCOME = (
    "Ask a question or type keywords above, or choose a question in the tree.\n"
    "Every sentence shown is quoted from an article and names its source."
)


class AnswerList(OptionList):
    """The choosable lines of an answer (sentences, sources, related questions)."""


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
        self._targets: dict[str, Citation | str] = {}

    def compose(self) -> ComposeResult:
        """A heading line above the list of choosable lines."""
        yield Static(Text(WELCOME, style=DIM), id="answer-heading")
        yield AnswerList(id="answer-lines")

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
        self.heading.update(message if isinstance(message, Text) else safe(message, DIM))
        self.lines.clear_options()
        self._targets = {}

    def show_answer(self, answer: Answer) -> None:
        """Show an answer: sentences with [n], the sources they cite, related questions."""
        self.answer = answer
        heading = Text.assemble(("Q: ", "bold"), safe(one_line(answer.question), "bold"))
        if answer.corrected:
            heading.append("\nShowing results for ", style=DIM)
            heading.append_text(safe(one_line(answer.corrected), "italic"))
        if not answer.answered:
            heading.append("\n")
            heading.append_text(safe(answer.reason, "bold yellow"))
        self.heading.update(heading)

        options: list[Option | None] = []
        self._targets = {}
        for index, sentence in enumerate(answer.sentences):
            options.append(Option(sentence_line(answer, sentence), id=f"sentence-{index}"))
            self._targets[f"sentence-{index}"] = sentence.citations[0]
        if answer.sources:
            options.append(None)
            for index, (number, citation) in enumerate(cited_sections(answer)):
                options.append(Option(source_entry(number, citation), id=f"source-{index}"))
                self._targets[f"source-{index}"] = citation
        if answer.related:
            options.append(None)
            for index, related in enumerate(answer.related):
                options.append(
                    Option(related_line(related, answer.answered), id=f"related-{index}")
                )
                self._targets[f"related-{index}"] = related.question
        lines = self.lines
        lines.clear_options()
        lines.add_options(options)
        if answer.sentences or answer.related:
            lines.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn a chosen line into a message for the screen."""
        event.stop()
        target = self._targets.get(event.option.id or "")
        if isinstance(target, Citation):
            self.post_message(self.CitationChosen(target))
        elif isinstance(target, str):
            self.post_message(AskQuestion(target))

    def highlighted_citation(self) -> Citation | None:
        """The citation of the highlighted line, if it has one."""
        lines = self.lines
        if lines.highlighted is None:
            return None
        option = lines.get_option_at_index(lines.highlighted)
        target = self._targets.get(option.id or "")
        return target if isinstance(target, Citation) else None
