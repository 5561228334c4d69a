"""An exclusive lock on a file, held by one thread of one process, released when its holder dies.

One lock serves the index cache (one build per index key) and the user's data (one
read-modify-write of history or bookmarks at a time). On POSIX it is a record lock
(`fcntl.lockf`): the kernel drops it when the process that took it ends, however it ends, and
unlike `flock` it is not inherited by forked children, so helper processes that outlive a
killed builder cannot keep it. Record locks do not exclude threads of one process from each
other, so a lock per path inside the process does that.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

POLL_SECONDS = 0.05

_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


class LockTimeout(Exception):
    """The lock stayed taken by another process (or thread) for longer than the timeout."""


def _thread_lock(path: Path) -> threading.Lock:
    """The in-process lock of one lock file (the same object for every caller)."""
    key = os.path.abspath(path)
    with _THREAD_LOCKS_GUARD:
        return _THREAD_LOCKS.setdefault(key, threading.Lock())


class FileLock:
    """An exclusive lock on `path` (created when missing); a context manager.

    `acquire` waits up to `timeout` seconds and raises LockTimeout after that; OSError when the
    lock file cannot be opened for writing (a read-only folder).
    """

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._handle: Any = None
        self._in_process = _thread_lock(path)

    def acquire(self, blocking: bool = True) -> bool:
        """Take the lock; False only when `blocking` is False and the lock is taken."""
        deadline = time.monotonic() + self.timeout
        if blocking:
            taken = self._in_process.acquire(timeout=max(self.timeout, 0.0))
        else:
            taken = self._in_process.acquire(blocking=False)
        if taken:
            try:
                taken = self._lock_file(deadline if blocking else None)
            finally:
                if not taken:
                    self._in_process.release()
        if not taken and blocking:
            raise LockTimeout(f"{self.path} stayed locked for {self.timeout:g} s")
        return taken

    def _lock_file(self, deadline: float | None) -> bool:
        """Open the lock file and lock it, polling until `deadline` (once when None)."""
        handle = open(self.path, "a+b")  # noqa: SIM115  (held until release)
        try:
            while not _try_lock(handle.fileno()):
                if deadline is None or time.monotonic() > deadline:
                    handle.close()
                    return False
                time.sleep(POLL_SECONDS)
        except BaseException:
            handle.close()
            raise
        self._handle = handle
        return True

    def release(self) -> None:
        """Give the lock up (nothing happens when it is not held)."""
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.close()  # closing the descriptor releases the record lock
            self._in_process.release()

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _try_lock(fileno: int) -> bool:
    """Lock an open file without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fileno, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.lockf(fileno, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
