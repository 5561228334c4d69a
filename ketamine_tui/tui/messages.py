"""Messages that several widgets post up to the screen."""

from __future__ import annotations

from textual.message import Message


class AskQuestion(Message):
    """A question was chosen (in the topics, the history, an answer's suggestions): ask it."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
