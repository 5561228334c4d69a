"""The cyclic garbage collector's thresholds: rare collections while starting, the defaults after.

Starting imports some two hundred modules, and at the interpreter's default threshold the
collector walks the growing heap dozens of times meanwhile: about a twentieth of a one-shot
command and of the app's start. Start-up makes few reference cycles, so collecting only every
150,000 allocations instead still keeps memory bounded, and no collection walks what starting
makes: the app's start leaves some 50,000 objects (at a threshold of 50,000, one collection of
10-15 ms landed just before the explorer was ready). A one-shot command keeps that to its end;
the app and the server, which run for hours, get the defaults back once they have started
(`started`: the app a second after its explorer is drawn, so that the first collection, which
walks all that starting made, comes while it is idle).
"""

from __future__ import annotations

import gc

DEFAULT_THRESHOLD = gc.get_threshold()
START_UP_THRESHOLD = 150_000


def starting() -> None:
    """Collect rarely (from the entry point's first import until `started`)."""
    gc.set_threshold(START_UP_THRESHOLD, *DEFAULT_THRESHOLD[1:])


def started() -> None:
    """Give the collector its default thresholds back (a long-running process has started)."""
    gc.set_threshold(*DEFAULT_THRESHOLD)
