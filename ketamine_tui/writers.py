"""Whoosh writers for our builds: helpers that cannot outlive them, exact lengths, RAM temp files.

Whoosh's `MpWriter` forks helper processes that wait on a job queue. When the builder is killed
they wait forever, orphaned; when a helper dies (a full disk) the builder waits forever for it,
and the helper prints its traceback. Here each helper asks the kernel (Linux
`prctl(PR_SET_PDEATHSIG)`) to kill it when its parent goes, leaves Ctrl+C to the parent, and
reports its error instead of printing it; the parent never waits on a queue or a helper without
checking that the helpers are alive, raises the helper's error (an OSError for a full disk, so
the build falls back as for any unwritable cache), and kills the helpers when the build is
cancelled. Where helpers cannot be tied to the parent the build runs in one process
(`parallel_supported`).

Both writers keep field-length totals exact across merges (`_ExactLengths`): Whoosh re-sums a
merged segment's totals from the per-document lengths, which it stores rounded to one byte, and
its totals still count deleted documents, so an index updated in place scored passages a little
differently from one built afresh (average field lengths differ).

`MemoryStorage` is Whoosh's RAM storage with its temporary files in RAM too: Whoosh's own puts
them in one folder of the system's temporary directory shared by every in-memory build on the
machine (`/tmp/MAIN.tmp`), which each build deletes when it ends, and which a full disk breaks.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from whoosh.filedb.filestore import RamStorage
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.util import random_name
from whoosh.writing import SegmentWriter

from ketamine_tui.errors import SearchIndexError

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.1
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


@dataclass(frozen=True)
class _Failure:
    """What a helper sends back instead of its results when it fails."""

    errno: int | None
    reason: str

    def error(self) -> Exception:
        """The exception the parent raises: an OSError for a file system error."""
        if self.errno is not None:
            return OSError(self.errno, self.reason)
        return SearchIndexError(f"the index could not be built: {self.reason}")


class _Helper(SubWriterTask):  # type: ignore[misc]  # Whoosh has no type hints
    """A helper process that dies with its parent, leaves Ctrl+C to it and reports its error."""

    def __init__(self, *args: Any, parent: int) -> None:
        super().__init__(*args)
        self.parent = parent
        self.daemon = True  # a parent that exits normally takes its helpers along

    def run(self) -> None:
        """Tie this process to the parent, then index the jobs as Whoosh does."""
        _die_with_parent(self.parent)
        # Ctrl+C reaches the whole process group: the parent handles it and stops the helpers.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            super().run()
        except Exception as exc:
            if isinstance(exc, OSError) and exc.errno is not None:
                failure = _Failure(exc.errno, exc.strerror or str(exc))
            else:
                failure = _Failure(None, f"{type(exc).__name__}: {exc}")
            with contextlib.suppress(Exception):
                self.resultqueue.put(failure, timeout=JOIN_SECONDS)
                self.resultqueue.close()
                self.resultqueue.join_thread()
            raise SystemExit(1) from None  # the parent reports it: no traceback here


class _ExactLengths:
    """Keeps the field-length totals of a segment this writer merges others into exact.

    Whoosh merges a segment by copying each live document with its length as stored, rounded to
    a byte, and sums those; the old total was exact and counted deleted documents too. The
    difference, (old total - exact lengths of the deleted documents) - (sum of the rounded
    lengths copied), is added back to the new segment's totals when it is written. The lengths
    of deleted documents are those Whoosh computes, from their indexed values:
    `deleted_values` gives them from a document's stored fields.
    """

    deleted_values: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    schema: Any
    newsegment: Any
    _length_fix: Counter[str] | None = None  # made by the first merge (a mixin has no __init__)

    def add_reader(self, reader: Any) -> None:
        """Merge a segment's documents into this writer, remembering the length correction."""
        if self._length_fix is None:
            self._length_fix = Counter()
        fix = self._length_fix
        scorable = [name for name, field in self.schema.items() if field.scorable]
        every = range(reader.doc_count_all())  # all_doc_ids() leaves the deleted ones out
        live = [d for d in every if not reader.is_deleted(d)]
        deleted = [d for d in every if reader.is_deleted(d)]
        for name in scorable:
            rounded = sum(reader.doc_field_length(d, name) or 0 for d in live)
            fix[name] += reader.field_length(name) - rounded
        for docnum in deleted:
            for name, length in self._lengths_of(reader.stored_fields(docnum)).items():
                fix[name] -= length
        super().add_reader(reader)  # type: ignore[misc]  # a mixin of Whoosh writers

    def _lengths_of(self, stored: dict[str, Any]) -> dict[str, int]:
        """The length Whoosh gave each scorable field of a document (as in `add_document`)."""
        if self.deleted_values is None:
            raise ValueError("merging deleted documents needs their indexed values")
        values = self.deleted_values(stored)
        lengths = {}
        for name, field in self.schema.items():
            if field.scorable and values.get(name) is not None:
                lengths[name] = sum(freq for _, freq, _, _ in field.index(values[name]))
        return lengths

    def _commit_toc(self, segments: list[Any]) -> None:
        fix = self._length_fix
        if fix and any(fix.values()):
            own = [s for s in segments if s is self.newsegment]
            if not own:
                raise ValueError("merged segments were not written into this writer's segment")
            totals = own[0]._fieldlengths
            for name, delta in fix.items():
                totals[name] = totals.get(name, 0) + delta
        super()._commit_toc(segments)  # type: ignore[misc]  # a mixin of Whoosh writers


class ExactLengthWriter(_ExactLengths, SegmentWriter):  # type: ignore[misc]  # Whoosh untyped
    """Whoosh's writer, with exact field-length totals after merges."""


class ParallelWriter(_ExactLengths, MpWriter):  # type: ignore[misc]  # Whoosh has no type hints
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
        # As Whoosh's, but every helper is forked before the first job is queued, while this
        # process has one thread (the queue's feeder thread starts with the first job), and the
        # job is queued only while the helpers live.
        while len(self.tasks) < self.procs:
            self._new_task()
        documents: list[Any] = self.docbuffer
        filename = f"{random_name()}.doclist"
        with self.temp_storage().create_file(filename).raw_file() as f:
            for item in documents:
                pickle.dump(item, f, 2)
        self._put((filename, len(documents)))
        self.docbuffer: list[Any] = []

    def _put(self, job: Any) -> None:
        """Queue a job, waiting for room only as long as every helper is alive."""
        while True:
            self._raise_if_a_helper_failed()
            try:
                self.jobqueue.put(job, timeout=POLL_SECONDS)
                return
            except queue.Full:
                continue

    def _raise_if_a_helper_failed(self) -> None:
        """Raise the error of a helper that ended badly (its report, or how it ended)."""
        failed = [t for t in self.tasks if t.exitcode not in (None, 0)]
        if not failed:
            return
        report = self._failure_report()
        if report is not None:
            raise report.error()
        code = failed[0].exitcode
        how = f"was killed by signal {-code}" if code < 0 else f"ended with status {code}"
        raise SearchIndexError(f"the index could not be built: a writer process {how}")

    def _failure_report(self) -> _Failure | None:
        """The first failure a helper sent (results sent before it are of no use any more)."""
        with contextlib.suppress(queue.Empty, OSError, EOFError, ValueError):
            while True:
                item = self.resultqueue.get(timeout=POLL_SECONDS)
                if isinstance(item, _Failure):
                    return item
        return None

    def _results_of_helpers(self) -> list[Any]:
        """Each helper's (run, field names, segment), waited for while the helpers are alive."""
        results: list[Any] = []
        while len(results) < len(self.tasks):
            try:
                item = self.resultqueue.get(timeout=POLL_SECONDS)
            except queue.Empty:
                self._raise_if_a_helper_failed()
                if all(t.exitcode == 0 for t in self.tasks):
                    # All ended well: what they sent is in the pipe, or it is lost.
                    try:
                        item = self.resultqueue.get(timeout=JOIN_SECONDS)
                    except queue.Empty:
                        raise SearchIndexError(
                            "the index could not be built: a writer process ended without "
                            "its results"
                        ) from None
                else:
                    continue
            if isinstance(item, _Failure):
                raise item.error()
            results.append(item)
        for task in self.tasks:
            task.join(JOIN_SECONDS)
            if task.is_alive():  # its results are in: it has nothing left to do
                task.kill()
                task.join(JOIN_SECONDS)
        return results

    def _commit(self, mergetype: Any, optimize: Any, merge: Any) -> None:
        # Whoosh's own, with every wait on the helpers bounded by their being alive.
        if self.docbuffer:
            self._enqueue()
        for _ in self.tasks:
            self._put(None)  # "finish up"
        finalsegments = self._merge_segments(mergetype, optimize, merge)
        results = self._results_of_helpers()
        if self.multisegment:
            finalsegments += [segment for _, _, segment in results]
            if self._added:
                finalsegments.append(self._finalize_segment())
            else:
                self._close_segment()
        else:
            self._merge_subsegments(results, mergetype)
            self._close_segment()
            self._assemble_segment()
            finalsegments.append(self.get_segment())
        self._commit_toc(finalsegments)
        self._finish()

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
        for jobs in (self.jobqueue, self.resultqueue):
            with contextlib.suppress(Exception):
                jobs.cancel_join_thread()  # exiting must not wait to hand them on
                jobs.close()


class MemoryStorage(RamStorage):  # type: ignore[misc]  # Whoosh has no type hints
    """An index in memory whose temporary files are in memory too (nothing on disk, unshared)."""

    def temp_storage(self, name: str | None = None) -> Any:
        """A fresh in-memory storage for a writer's temporary files."""
        return RamStorage()
