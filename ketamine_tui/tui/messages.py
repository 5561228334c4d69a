"""Messages that several widgets post up to the screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the answer's types load with the first answer, not as the app opens
    from ketamine_tui.answer_models import Citation


class AskQuestion(Message):
    """A question was chosen (in the topics, the history, an answer's suggestions): ask it."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question


class OpenCitation(Message):
    """A quoted sentence was chosen (in a comparison): open the reader on it."""

    def __init__(self, citation: Citation) -> None:
        super().__init__()
        self.citation = citation
