"""The project's exceptions: each carries a one-line message for users and a process exit code."""

from __future__ import annotations


class KetamineTuiError(Exception):
    """Base of every error meant to reach a user as a one-line message."""

    exit_code = 3

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = " ".join(message.split())


class QueryError(KetamineTuiError):
    """A query or question that cannot be searched (empty, too long)."""

    exit_code = 2


class InputError(KetamineTuiError):
    """A file given on the command line that cannot be used (e.g. a malformed question file)."""

    exit_code = 2


class CorpusError(KetamineTuiError):
    """The corpus cannot be read: missing folder, broken manifest, no usable article."""

    exit_code = 3


class SearchIndexError(KetamineTuiError):
    """The search index cannot be opened or built."""

    exit_code = 3


class IndexDamagedError(SearchIndexError):
    """The backend met a damaged index (the one error the engine heals, by rebuilding it)."""


class NotFoundError(KetamineTuiError):
    """A named thing (article id, section) does not exist."""

    exit_code = 2


class OutputError(KetamineTuiError):
    """The results cannot be written to standard output (a full disk, a closed file)."""

    exit_code = 2


class ServeError(KetamineTuiError):
    """`serve` cannot listen where it was asked to (a name that does not resolve, a busy port)."""

    exit_code = 2
