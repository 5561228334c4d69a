"""SVG snapshots of the app at fixed sizes (80×24 and 120×40), reviewed before committing.

Re-record with `make snapshots` after a deliberate change to the look, and review the SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ketamine_tui.engine import Engine
from ketamine_tui.tui.app import KetamineApp, make_app
from ketamine_tui.tui.screens.explorer import SEARCH_DELAY
from ketamine_tui.userdata import UserData


@pytest.fixture
def app(engine: Engine, tmp_path: Path) -> KetamineApp:
    return make_app(engine=engine, userdata=UserData(tmp_path / "data"))


def typing(text: str, *then: str):  # type: ignore[no-untyped-def]
    """A run_before that types `text`, presses `then`, and waits for the workers."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        await pilot.press(*text, *then)
        await pilot.pause(SEARCH_DELAY + 0.05)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pilot.app.screen.query_one("#answer-lines").focus()
        await pilot.pause()

    return run_before


def test_welcome_80x24(snap_compare, app: KetamineApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24))


def test_answer_80x24(snap_compare, app: KetamineApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=typing("side effects", "enter"))


def test_answer_120x40(snap_compare, app: KetamineApp) -> None:
    assert snap_compare(
        app, terminal_size=(120, 40), run_before=typing("How quickly does ketamine work?", "enter")
    )


def test_not_covered_120x40(snap_compare, app: KetamineApp) -> None:
    assert snap_compare(
        app,
        terminal_size=(120, 40),
        run_before=typing("Can I drink alcohol after ketamine?", "enter"),
    )


def test_tree_hidden_80x24(snap_compare, app: KetamineApp) -> None:
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=typing("nasal spray", "enter"), press=["t"]
    )


def test_reader_120x40(snap_compare, app: KetamineApp) -> None:
    async def open_reader(pilot) -> None:  # type: ignore[no-untyped-def]
        await typing("glutamate", "enter")(pilot)
        pilot.app.screen.query_one("#passages").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_reader)


def test_help_80x24(snap_compare, app: KetamineApp) -> None:
    assert snap_compare(
        app,
        terminal_size=(80, 24),
        run_before=typing(
            "",
        ),
        press=["question_mark"],
    )
