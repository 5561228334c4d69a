"""Child process for the app-start benchmark: run an app until its first full frame, then exit.

Run as a script on a pseudo-terminal: `python app_probe.py real|minimal OUT [ketamine-tui args]`.
`real` starts the app the way `ketamine-tui` does (through `ketamine_tui.shell.main`); `minimal`
starts a reference app with a Tree, an Input and a Markdown widget. Both are measured the same
way: Textual posts `events.Ready` to the app once the DOM is ready and the first frame has been
composited; we then wait for that refresh to be done (`call_after_refresh`) and write
`time.monotonic()` to OUT, which the parent compares with its own clock taken before it spawned
this process (CLOCK_MONOTONIC is system-wide). A second time is written once the app has settled
(no worker running, and the current screen and its widgets have handled their queued messages; for
the real app: the index is open and the explorer drawn), then the app exits.

Nothing here is imported before the app's own imports except `textual.app` and `textual.events`,
which every Textual app imports anyway.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

SETTLE_POLL_SECONDS = 0.005
SETTLE_LIMIT_SECONDS = 20.0


async def _drained(app: Any) -> None:
    """Return once the app and every node of its current screen have handled what is queued now."""
    nodes = [app, *app.screen.walk_children(with_self=True)]
    pending = 0
    all_done = asyncio.Event()

    def one_done() -> None:
        nonlocal pending
        pending -= 1
        if pending == 0:
            all_done.set()

    for node in nodes:
        if node.call_later(one_done):
            pending += 1
    if pending:
        await asyncio.wait_for(all_done.wait(), SETTLE_LIMIT_SECONDS)


async def _settle(app: Any, started: float) -> bool:
    """Wait until no worker runs and the current screen has handled its messages; True if so."""
    while time.monotonic() - started < SETTLE_LIMIT_SECONDS:
        if any(not w.is_finished for w in app.workers):
            await asyncio.sleep(SETTLE_POLL_SECONDS)
            continue
        screen = app.screen
        await _drained(app)
        if app.screen is screen and all(w.is_finished for w in app.workers):
            return True
    return False


def _install_hook(out_path: str) -> None:
    """Make the App record its first frame and the moment it settles to `out_path`, then exit."""
    from textual import events
    from textual.app import App

    post_message = App.post_message
    marks: dict[str, Any] = {}
    tasks: list[asyncio.Task[None]] = []

    def write() -> None:
        with open(out_path, "w", encoding="utf-8") as out:
            json.dump(marks, out)

    async def settle_then_exit(app: App[Any]) -> None:
        settled = await _settle(app, marks["first_frame"])

        def done() -> None:
            marks["idle"] = time.monotonic()
            marks["idle_timed_out"] = not settled
            marks["screen"] = type(app.screen).__name__
            write()
            app.exit()

        app.call_after_refresh(done)

    def first_frame(app: App[Any]) -> None:
        marks["first_frame"] = time.monotonic()
        marks["first_screen"] = type(app.screen).__name__
        write()
        tasks.append(asyncio.get_running_loop().create_task(settle_then_exit(app)))

    def hooked(self: App[Any], message: object) -> bool:
        if isinstance(message, events.Ready) and "ready" not in marks:
            marks["ready"] = time.monotonic()
            self.call_after_refresh(lambda: first_frame(self))
        return post_message(self, message)

    App.post_message = hooked  # type: ignore[method-assign]


def _minimal_app() -> object:
    """The reference: a Tree, an Input and a Markdown widget, nothing else."""
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal
    from textual.widgets import Input, Markdown, Tree

    class MinimalApp(App[None]):
        """A minimal app of the same shape as ketamine-tui."""

        CSS = "Tree { width: 40; } Markdown { width: 1fr; }"

        def compose(self) -> ComposeResult:
            """An input above a tree beside a Markdown pane."""
            yield Input(placeholder="Search")
            tree: Tree[None] = Tree("Topics")
            for n in range(8):
                tree.root.add(f"Topic {n}").add_leaf("A question?")
            tree.root.expand()
            with Horizontal():
                yield tree
                yield Markdown("# Answer\n\nSome *text* with a [link](https://example.org).")

    return MinimalApp()


def main() -> None:
    """Run the chosen app with the first-frame hook installed."""
    which, out_path, *rest = sys.argv[1:]
    _install_hook(out_path)
    if which == "minimal":
        _minimal_app().run()  # type: ignore[attr-defined]
        return
    from ketamine_tui.shell import main as cli_main

    sys.argv = ["ketamine-tui", *rest]
    cli_main(rest)


if __name__ == "__main__":
    main()
