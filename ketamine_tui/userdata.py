"""What a user keeps: bookmarks and the history of questions, as JSON in the user data folder.

Writes go through a temporary file and a rename, so a crash never leaves half a file. A file that
cannot be read (truncated, hand-edited, not JSON) is moved aside to `<name>.corrupt-<time>` with a
warning, never deleted and never fatal: the user starts with an empty list and the old file is kept.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketamine_tui.atomic import write_json_atomic
from ketamine_tui.safetext import plain

if TYPE_CHECKING:
    from ketamine_tui.models import Passage

# How many of a passage's first words its bookmark's label carries.
LABEL_WORDS = 8

HISTORY_FILE = "history.json"
BOOKMARKS_FILE = "bookmarks.json"
MAX_HISTORY = 200


@dataclass(frozen=True)
class Bookmark:
    """A saved question, or a saved passage (with where it stands)."""

    kind: str  # "question" | "passage"
    label: str
    question: str = ""
    source_id: str = ""
    passage_id: str = ""
    start: int = 0
    end: int = 0
    created: float = 0.0

    @property
    def id(self) -> str:
        """What names the bookmark (`bookmarks --remove ID`): its passage id, or q- and a hash."""
        if self.kind == "passage":
            return self.passage_id
        import hashlib

        return "q-" + hashlib.sha1(self.question.encode("utf-8", "replace")).hexdigest()[:8]

    def same_as(self, other: Bookmark) -> bool:
        """Whether both mark the same question or passage (whatever their labels and times)."""
        return (self.kind, self.question, self.passage_id) == (
            other.kind,
            other.question,
            other.passage_id,
        )


def passage_bookmark(title: str, passage: Passage) -> Bookmark:
    """A bookmark of a passage, labelled by its first words, then its article and section.

    The first words tell apart two passages of one section.
    """
    words = plain(passage.text).split()
    opening = " ".join(words[:LABEL_WORDS]) + ("…" if len(words) > LABEL_WORDS else "")
    return Bookmark(
        "passage",
        f"“{opening}” — {plain(title)} · {plain(passage.section)}",
        source_id=passage.source_id,
        passage_id=passage.passage_id,
        start=passage.start,
        end=passage.end,
    )


# The type each bookmark field must have in the file (anything else is skipped, not shown).
_BOOKMARK_TYPES: dict[str, type | tuple[type, ...]] = {
    "kind": str,
    "label": str,
    "question": str,
    "source_id": str,
    "passage_id": str,
    "start": int,
    "end": int,
    "created": (int, float),
}


class UserData:
    """Bookmarks and history stored under one folder; problems are collected as warnings."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.warnings: list[str] = []

    @classmethod
    def open(cls, folder: Path | None = None) -> UserData:
        """The user's data (in `$KETAMINE_TUI_DATA_DIR` or the platform's user data folder)."""
        from ketamine_tui.paths import data_dir

        return cls(folder or data_dir())

    # -- reading and writing -----------------------------------------------------------------

    def _read(self, name: str) -> list[Any]:
        path = self.folder / name
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            self.warnings.append(f"cannot read {path}: {exc.strerror or exc}")
            return []
        try:
            data = json.loads(raw.decode("utf-8"))  # UnicodeDecodeError is a ValueError
            if not isinstance(data, list):
                raise ValueError("not a list")
            return data
        except ValueError as exc:
            aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            try:
                os.replace(path, aside)
                self.warnings.append(
                    f"{path} was unreadable ({exc}); kept as {aside.name}, starting afresh"
                )
            except OSError:
                self.warnings.append(f"{path} is unreadable ({exc}); ignoring it")
            return []

    def _write(self, name: str, data: list[Any]) -> bool:
        try:
            write_json_atomic(self.folder / name, data)
            return True
        except OSError as exc:
            self.warnings.append(f"cannot save {self.folder / name}: {exc.strerror or exc}")
            return False

    # -- history -------------------------------------------------------------------------------

    def history(self) -> list[str]:
        """Asked questions, most recent first (each once); entries that are not text skipped."""
        return cleaned_history(self._read(HISTORY_FILE))

    def add_history(self, question: str) -> None:
        """Put a question at the top of the history."""
        question = plain(question)
        if not question:
            return
        entries = [question, *(q for q in self.history() if q != question)]
        self._write(HISTORY_FILE, entries[:MAX_HISTORY])

    def clear_history(self) -> None:
        """Forget every asked question."""
        self._write(HISTORY_FILE, [])

    # -- bookmarks ---------------------------------------------------------------------------

    def bookmarks(self) -> list[Bookmark]:
        """Saved bookmarks, oldest first; entries of the wrong shape are skipped."""
        marks = []
        for item in self._read(BOOKMARKS_FILE):
            if not isinstance(item, dict):
                continue
            values = {k: item[k] for k in _BOOKMARK_TYPES if k in item}
            if {"kind", "label"} <= set(values) and all(
                isinstance(v, _BOOKMARK_TYPES[k]) and not isinstance(v, bool)
                for k, v in values.items()
            ):
                marks.append(cleaned_bookmark(Bookmark(**values)))
        return marks

    def toggle_bookmark(self, bookmark: Bookmark) -> bool:
        """Add the bookmark, or remove it when the same one is already saved; True when added."""

        def key(b: Bookmark) -> tuple[str, str, str]:
            return (b.kind, b.question, b.passage_id)

        bookmark = cleaned_bookmark(bookmark)
        marks = self.bookmarks()
        kept = [b for b in marks if key(b) != key(bookmark)]
        added = len(kept) == len(marks)
        if added:
            kept.append(bookmark if bookmark.created else _stamped(bookmark))
        self._write(BOOKMARKS_FILE, [asdict(b) for b in kept])
        return added

    def remove_bookmark(self, wanted: Bookmark | str) -> Bookmark | None:
        """Remove a bookmark (or the one with this id); the one removed, or None if none was."""
        marks = self.bookmarks()
        for mark in marks:
            if mark.id == wanted if isinstance(wanted, str) else mark.same_as(wanted):
                self._write(BOOKMARKS_FILE, [asdict(b) for b in marks if b is not mark])
                return mark
        return None

    def clear_bookmarks(self) -> None:
        """Remove every bookmark."""
        self._write(BOOKMARKS_FILE, [])


def cleaned_history(entries: list[Any]) -> list[str]:
    """The text entries of a history file, cleaned of escape sequences; empty ones dropped.

    The files are the user's, but anything can have written them: what is read is shown in the
    tree and put in the search box, so it is cleaned as it is read.
    """
    questions = (plain(q) for q in entries if isinstance(q, str))
    return [q for q in questions if q]


def cleaned_bookmark(bookmark: Bookmark) -> Bookmark:
    """The bookmark with escape sequences and control characters dropped from its text fields."""
    from dataclasses import replace

    return replace(
        bookmark,
        label=plain(bookmark.label),
        question=plain(bookmark.question),
        source_id=plain(bookmark.source_id),
        passage_id=plain(bookmark.passage_id),
    )


def _stamped(bookmark: Bookmark) -> Bookmark:
    from dataclasses import replace

    return replace(bookmark, created=time.time())
