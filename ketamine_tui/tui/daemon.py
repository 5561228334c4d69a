"""A function run in a daemon thread, awaited from the app's event loop (opening a corpus)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Generic, TypeVar, cast

T = TypeVar("T")


class DaemonCall(Generic[T]):
    """A function run in a daemon thread from the moment this is made; `await result()`.

    Opening a corpus reads files, and a file can block for ever (a FIFO, a hung network
    mount). Textual's thread workers run in asyncio's default executor, which the app waits
    for as it exits: q would leave the app hanging. A daemon thread is simply left behind.
    """

    def __init__(self, function: Callable[[], T]) -> None:
        self._function = function
        self._lock = threading.Lock()
        self._finished = False
        self._value: T | None = None
        self._error: BaseException | None = None
        self._waiter: tuple[asyncio.AbstractEventLoop, asyncio.Future[None]] | None = None
        threading.Thread(target=self._run, name="ketamine-tui-engine", daemon=True).start()

    def _run(self) -> None:
        try:
            self._value = self._function()
        except BaseException as exc:  # handed to the awaiting task as it is
            self._error = exc
        with self._lock:
            self._finished = True
            waiter = self._waiter
        if waiter is not None:
            loop, future = waiter
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
                loop.call_soon_threadsafe(_wake, future)

    @property
    def succeeded(self) -> bool:
        """Whether the function has returned (without raising)."""
        return self._finished and self._error is None

    async def result(self) -> T:
        """The function's result (or its exception), once it has returned."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if not self._finished:
                self._waiter = (loop, loop.create_future())
        if self._waiter is not None:
            await self._waiter[1]
        if self._error is not None:
            raise self._error
        return cast(T, self._value)


def _wake(future: asyncio.Future[None]) -> None:
    """Wake the task awaiting `future` (unless it has given up waiting)."""
    if not future.done():
        future.set_result(None)
