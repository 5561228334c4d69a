"""What a user keeps: bookmarks and the history of questions, as JSON in the user data folder.

Writes go through a temporary file and a rename, so a crash never leaves half a file, and each
read-modify-write (a question added, a bookmark toggled) holds the folder's file lock, so that two
processes writing at once lose nothing. A file that cannot be read (truncated, hand-edited, not
JSON) is moved aside to `<name>.corrupt-<time>` with a warning, never deleted, never over an
earlier copy and never fatal: the user starts with an empty list and the old file is kept.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketamine_tui.atomic import write_json_atomic
from ketamine_tui.locking import FileLock, LockTimeout
from ketamine_tui.safetext import plain

if TYPE_CHECKING:
    from ketamine_tui.models import Passage

# How many of a passage's first words its bookmark's label carries.
LABEL_WORDS = 8

HISTORY_FILE = "history.json"
BOOKMARKS_FILE = "bookmarks.json"
LOCK_FILE = ".userdata.lock"
LOCK_SECONDS = 10.0
MAX_HISTORY = 200
# Far above what the app writes (MAX_HISTORY questions of at most 1000 characters; thousands of
# bookmarks): a larger file was not written by it, and is set aside instead of parsed.
MAX_FILE_BYTES = 16 * 1024 * 1024


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

    def _lock(self) -> FileLock:
        return FileLock(self.folder / LOCK_FILE, LOCK_SECONDS)

    def _read(self, name: str, locked: bool = False) -> list[Any]:
        """The JSON list in `name` ([] when missing or unreadable; an unreadable one is set aside).

        `locked`: the caller holds the folder's lock.
        """
        path = self.folder / name
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                seen = _identity(path)
                self._set_aside(
                    path,
                    lambda: _identity(path) == seen,
                    f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB",
                    locked,
                )
                return []
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
            self._set_aside(path, lambda: path.read_bytes() == raw, str(exc), locked)
        except RecursionError:  # json parses nested arrays and objects recursively
            self._set_aside(path, lambda: path.read_bytes() == raw, "nested too deeply", locked)
        return []

    def _set_aside(self, path: Path, unchanged: Callable[[], bool], why: str, locked: bool) -> None:
        """Move an unreadable file to `<name>.corrupt-<time>` (a name no earlier copy has).

        Under the lock, and only when the file is `unchanged` since it was read: another process
        may have set it aside, or written a good one, meanwhile.
        """
        lock = None if locked else self._lock()
        try:
            if lock is not None:
                lock.acquire()
            try:
                if not unchanged():
                    return
            except FileNotFoundError:
                return
            aside = _free_name(
                path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
            )
            os.replace(path, aside)
            self.warnings.append(
                f"{path} was unreadable ({why}); kept as {aside.name}, starting afresh"
            )
        except (OSError, LockTimeout):
            self.warnings.append(f"{path} is unreadable ({why}); ignoring it")
        finally:
            if lock is not None:
                lock.release()

    def _write(self, name: str, data: list[Any]) -> bool:
        try:
            write_json_atomic(self.folder / name, data)
            return True
        except OSError as exc:
            self.warnings.append(f"cannot save {self.folder / name}: {exc.strerror or exc}")
            return False

    def _update(self, name: str, change: Callable[[list[Any]], list[Any]]) -> bool:
        """Read `name`, change its list and write it back, all under the folder's lock."""
        lock = self._lock()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        except OSError as exc:
            self.warnings.append(f"cannot save {self.folder / name}: {exc.strerror or exc}")
            return False
        except LockTimeout:
            self.warnings.append(
                f"cannot save {self.folder / name}: another process has held its lock "
                f"({lock.path}) for over {LOCK_SECONDS:g} s"
            )
            return False
        try:
            return self._write(name, change(self._read(name, locked=True)))
        finally:
            lock.release()

    # -- history -------------------------------------------------------------------------------

    def history(self) -> list[str]:
        """Asked questions, most recent first: each once, MAX_HISTORY at most, text only."""
        return _questions(self._read(HISTORY_FILE))[:MAX_HISTORY]

    def add_history(self, question: str) -> None:
        """Put a question at the top of the history."""
        question = plain(question)
        if not question:
            return

        def add(entries: list[Any]) -> list[Any]:
            kept = [question, *(q for q in _questions(entries) if q != question)]
            return kept[:MAX_HISTORY]

        self._update(HISTORY_FILE, add)

    def clear_history(self) -> None:
        """Forget every asked question."""
        self._update(HISTORY_FILE, lambda _: [])

    # -- bookmarks ---------------------------------------------------------------------------

    def bookmarks(self) -> list[Bookmark]:
        """Saved bookmarks, oldest first; entries of the wrong shape are skipped."""
        return _bookmarks(self._read(BOOKMARKS_FILE))

    def toggle_bookmark(self, bookmark: Bookmark) -> bool:
        """Add the bookmark, or remove it when the same one is already saved; True when added."""

        def key(b: Bookmark) -> tuple[str, str, str]:
            return (b.kind, b.question, b.passage_id)

        bookmark = cleaned_bookmark(bookmark)
        added = False

        def toggle(entries: list[Any]) -> list[Any]:
            nonlocal added
            marks = _bookmarks(entries)
            kept = [b for b in marks if key(b) != key(bookmark)]
            added = len(kept) == len(marks)
            if added:
                kept.append(bookmark if bookmark.created else _stamped(bookmark))
            return [asdict(b) for b in kept]

        self._update(BOOKMARKS_FILE, toggle)
        return added

    def remove_bookmark(self, wanted: Bookmark | str) -> Bookmark | None:
        """Remove a bookmark (or the one with this id); the one removed, or None if none was."""
        removed: Bookmark | None = None

        def remove(entries: list[Any]) -> list[Any]:
            nonlocal removed
            marks = _bookmarks(entries)
            for mark in marks:
                if mark.id == wanted if isinstance(wanted, str) else mark.same_as(wanted):
                    removed = mark
                    return [asdict(b) for b in marks if b is not mark]
            return [asdict(b) for b in marks]

        self._update(BOOKMARKS_FILE, remove)
        return removed

    def clear_bookmarks(self) -> None:
        """Remove every bookmark."""
        self._update(BOOKMARKS_FILE, lambda _: [])


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


def _questions(entries: list[Any]) -> list[str]:
    """The questions of a history file's list, cleaned of escape sequences; others dropped.

    The files are the user's, but anything can have written them: what is read is shown in the
    tree and put in the search box, so it is cleaned as it is read.
    """
    questions = (plain(q) for q in entries if isinstance(q, str))
    return [q for q in questions if q]


def _bookmarks(entries: list[Any]) -> list[Bookmark]:
    """The bookmarks of a bookmarks file's list (entries of the wrong shape skipped)."""
    marks = []
    for item in entries:
        if not isinstance(item, dict):
            continue
        values = {k: item[k] for k in _BOOKMARK_TYPES if k in item}
        if {"kind", "label"} <= set(values) and all(
            isinstance(v, _BOOKMARK_TYPES[k]) and not isinstance(v, bool) for k, v in values.items()
        ):
            marks.append(cleaned_bookmark(Bookmark(**values)))
    return marks


def _identity(path: Path) -> tuple[int, int, int]:
    """What tells one version of a file from another without reading it."""
    info = path.stat()
    return (info.st_size, info.st_mtime_ns, info.st_ino)


def _free_name(path: Path) -> Path:
    """`path`, or `path-2`, `path-3`…: the first that does not exist."""
    candidate, n = path, 2
    while candidate.exists():
        candidate, n = path.with_name(f"{path.name}-{n}"), n + 1
    return candidate


def _stamped(bookmark: Bookmark) -> Bookmark:
    from dataclasses import replace

    return replace(bookmark, created=time.time())
