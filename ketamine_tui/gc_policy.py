"""The cyclic garbage collector's thresholds: rare collections while starting, the defaults after.

Starting imports some two hundred modules, and at the interpreter's default threshold the
collector walks the growing heap dozens of times meanwhile: about a twentieth of a one-shot
command and of the app's start. Start-up makes few reference cycles, so collecting every 50,000
allocations instead keeps memory bounded. A one-shot command keeps that to its end; the app and
the server, which run for hours, get the defaults back once they have started (`started`).
"""

from __future__ import annotations

import gc

DEFAULT_THRESHOLD = gc.get_threshold()
START_UP_THRESHOLD = 50_000


def starting() -> None:
    """Collect rarely (from the entry point's first import until `started`)."""
    gc.set_threshold(START_UP_THRESHOLD, *DEFAULT_THRESHOLD[1:])


def started() -> None:
    """Give the collector its default thresholds back (a long-running process has started)."""
    gc.set_threshold(*DEFAULT_THRESHOLD)
