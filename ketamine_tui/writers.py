"""Whoosh index writers for our builds: a multi-process writer whose helpers cannot outlive it.

Whoosh's `MpWriter` forks helper processes that wait on a job queue. When the builder is killed
they wait forever, orphaned. Here each helper asks the kernel (Linux `prctl(PR_SET_PDEATHSIG)`)
to kill it when its parent goes, leaves Ctrl+C to the parent, and is killed when the build is
cancelled. Where that cannot be had the build runs in one process (`parallel_supported`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from typing import Any

from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

PR_SET_PDEATHSIG = 1
JOIN_SECONDS = 10.0


def _libc() -> Any:
    """The C library (None where it cannot be loaded)."""
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def parallel_supported() -> bool:
    """Whether helper processes can be tied to this one: Linux, forking start method."""
    if not sys.platform.startswith("linux"):
        return False
    import multiprocessing

    if multiprocessing.get_start_method(allow_none=True) not in (None, "fork"):
        return False
    libc = _libc()
    return libc is not None and hasattr(libc, "prctl")


def _die_with_parent(parent: int) -> None:
    """In a helper: be killed when `parent` ends; end now if it already has."""
    libc = _libc()
    if libc is None or libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
        os._exit(1)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


class _Helper(SubWriterTask):  # type: ignore[misc]  # Whoosh has no type hints
    """A helper process that dies with its parent and leaves Ctrl+C to it."""

    def __init__(self, *args: Any, parent: int) -> None:
        super().__init__(*args)
        self.parent = parent
        self.daemon = True  # a parent that exits normally takes its helpers along

    def run(self) -> None:
        """Tie this process to the parent, then index the jobs as Whoosh does."""
        _die_with_parent(self.parent)
        # Ctrl+C reaches the whole process group: the parent handles it and stops the helpers.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        super().run()


class ParallelWriter(MpWriter):  # type: ignore[misc]  # Whoosh has no type hints
    """Whoosh's multi-process writer with helpers that die with it and are killed on cancel."""

    def _new_task(self) -> Any:
        task = _Helper(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
            parent=os.getpid(),
        )
        self.tasks.append(task)
        task.start()
        return task

    def _enqueue(self) -> None:
        # Every helper is forked before the first job is queued, while this process has one
        # thread: the queue's feeder thread starts with the first job.
        while len(self.tasks) < self.procs:
            self._new_task()
        super()._enqueue()

    def cancel(self) -> None:
        """Stop the helpers (their work is thrown away) and discard the new segment."""
        try:
            self._stop_helpers()
        finally:
            SegmentWriter.cancel(self)

    def _stop_helpers(self) -> None:
        """Kill every helper still running and reap it; drop jobs no one will read."""
        for task in self.tasks:
            if task.is_alive():
                task.kill()
        for task in self.tasks:
            task.join(JOIN_SECONDS)
        for queue in (self.jobqueue, self.resultqueue):
            with contextlib.suppress(Exception):
                queue.cancel_join_thread()  # exiting must not wait to hand them on
                queue.close()
