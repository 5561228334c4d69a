"""Faults of the app (issue 17): a palette race, quitting while the index hangs, memory per
question, a corpus edited while the app is open, a paste over the query limit."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import settle
from textual import events
from textual.command import CommandPalette
from textual.widgets import Input

from ketamine_tui.engine import Engine
from ketamine_tui.query import MAX_QUERY_CHARS
from ketamine_tui.tui.app import KetamineApp, make_app
from ketamine_tui.tui.screens.explorer import ExplorerScreen
from ketamine_tui.tui.screens.reader import ReaderScreen
from ketamine_tui.tui.widgets.answer_view import AnswerView
from ketamine_tui.tui.widgets.passage_list import PassageList
from ketamine_tui.userdata import UserData

# -- 8. Enter and Ctrl+P in one burst ------------------------------------------------------------


async def test_enter_and_ctrl_p_in_one_burst_leave_one_palette_on_top(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"glutamate", "enter")
        await settle(pilot)
        app.screen.query_one(PassageList).focus()
        await pilot.pause()
        # Both keys arrive before either is handled, as from a fast typist or a paste.
        app.simulate_key("enter")
        app.simulate_key("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)  # the palette is on top, not the reader
        assert not any(isinstance(s, ReaderScreen) for s in app.screen_stack)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")  # once crashed: DuplicateIds '--command-palette'
        await pilot.pause(0.3)
        assert isinstance(app.screen, CommandPalette)
        assert sum(isinstance(s, CommandPalette) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExplorerScreen)


# -- 4. The loading screen always answers q ------------------------------------------------------

HANGING_OPEN = """
import threading
from ketamine_tui.engine import Engine
from ketamine_tui.shell import entry_point

def never(*args, **kwargs):
    threading.Event().wait()  # a read that never returns, like a FIFO in the manifest

Engine.open = classmethod(never)
entry_point()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("key", [b"q", b"\x11"], ids=["q", "ctrl+q"])
def test_the_loading_screen_quits_while_opening_hangs(key: bytes, tmp_path: Path) -> None:
    import pty
    import select

    main, child = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    process = subprocess.Popen(
        [sys.executable, "-c", HANGING_OPEN, "--corpus", str(tmp_path)],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        close_fds=True,
    )
    os.close(child)
    seen = b""
    try:
        deadline = time.monotonic() + 20
        while b"Opening the search index" not in seen and time.monotonic() < deadline:
            if select.select([main], [], [], 0.2)[0]:
                seen += os.read(main, 65536)
        assert b"Opening the search index" in seen, seen[-500:]
        os.write(main, key)
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            if select.select([main], [], [], 0.2)[0]:
                try:
                    os.read(main, 65536)
                except OSError:
                    break
        assert process.wait(timeout=max(0.1, deadline - time.monotonic())) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)


# -- 9. Memory: no widgets left behind per question ----------------------------------------------


async def test_asking_and_moving_the_focus_leave_no_widgets_behind(app: KetamineApp) -> None:
    from textual.widget import Widget

    def live_widgets() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, Widget))

    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExplorerScreen)

        async def round_trip(number: int) -> None:
            screen.ask(f"side effects {number % 3}")
            await settle(pilot)
            for target in ("#answer-lines", "#passages", "#tree", "#search"):
                screen.query_one(target).focus()
                await pilot.pause()

        for number in range(5):
            await round_trip(number)
        before = live_widgets()
        for number in range(30):
            await round_trip(number)
        after = live_widgets()
    # Textual's Footer made a widget per key on every focus change, never all freed.
    assert after - before < 10, (before, after)


# -- 10. A corpus edited while the app is open ---------------------------------------------------


async def test_an_edited_corpus_is_reopened_when_the_app_regains_the_focus(
    corpus_copy: Path, tmp_path: Path
) -> None:
    engine = Engine.in_memory(corpus_copy)
    app = make_app(engine=engine, userdata=UserData(tmp_path / "data"))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        app.post_message(events.AppFocus())
        await settle(pilot)
        assert app.engine is engine  # nothing changed: nothing reopened
        article = corpus_copy / "articles"
        target = sorted(article.iterdir())[0]
        target.write_text(
            target.read_text(encoding="utf-8") + "\n\nZebrafish sleep in the afternoon.\n",
            encoding="utf-8",
        )
        app.post_message(events.AppFocus())
        await settle(pilot)
        await settle(pilot)
        assert app.engine is not engine
        assert app.screen.engine is app.engine  # type: ignore[attr-defined]
        assert any("changed on disk" in n.message for n in app._notifications)
        assert any("Reopened" in n.message for n in app._notifications)
        await pilot.press("slash", *"zebrafish afternoon", "enter")
        await settle(pilot)
        answer = app.screen.query_one(AnswerView).answer
        assert answer is not None and any("Zebrafish" in s.text for s in answer.sentences)


async def test_an_export_after_an_edit_quotes_the_file_as_it_now_is(
    corpus_copy: Path, tmp_path: Path
) -> None:
    from test_user_corpus import _footnotes_resolve

    data = tmp_path / "data"
    app = make_app(engine=Engine.in_memory(corpus_copy), userdata=UserData(data))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press(*"What are the side effects of ketamine?", "enter")
        await settle(pilot)
        answer = app.screen.query_one(AnswerView).answer
        assert answer is not None
        # Text added before every cited passage: the old offsets no longer point at it.
        for path in {Path(s.citations[0].file) for s in answer.sentences}:
            path.write_text("A new first paragraph.\n\n" + path.read_text(encoding="utf-8"))
        await pilot.press("e")
        await pilot.pause()
        assert not list((data / "exports").glob("*.md"))  # not from the stale answer
        assert any("export it once it shows" in n.message for n in app._notifications)
        await settle(pilot)
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        exported = list((data / "exports").glob("*.md"))
        assert len(exported) == 1
        markdown = exported[0].read_text(encoding="utf-8")
        assert _footnotes_resolve(markdown) > 0


def test_the_stat_signature_sees_an_edit_without_reading_any_file(corpus_copy: Path) -> None:
    from ketamine_tui.corpus_files import stat_signature

    engine = Engine.in_memory(corpus_copy)
    before = stat_signature(corpus_copy)
    assert not engine.changed_on_disk()
    assert [name for name, _, _ in before][:1] == ["sources.toml"]
    new = corpus_copy / "articles" / "extra.md"
    new.write_text("# Extra\n\nMore text.\n", encoding="utf-8")
    assert engine.changed_on_disk()
    new.unlink()
    assert not engine.changed_on_disk()
    article = sorted((corpus_copy / "articles").iterdir())[0]
    stat = article.stat()
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert engine.changed_on_disk()


# -- 11. A paste over the limit -----------------------------------------------------------------


async def test_a_paste_over_the_limit_says_query_too_long(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        search = app.screen.query_one("#search", Input)
        await pilot.press(*"ketamine ")
        app.post_message(events.Paste("x" * MAX_QUERY_CHARS))
        await pilot.pause()
        assert search.value == "ketamine "  # nothing half-pasted
        messages = [n.message for n in app._notifications]
        assert any(
            f"query too long: {MAX_QUERY_CHARS + 9} characters (the limit is 1000)" in m
            for m in messages
        ), messages
