"""SVG snapshots of the app at 80×24 and 120×40, dark and light, reviewed before committing.

Re-record with `make snapshots` after a deliberate change to the look, and review the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from conftest import settle

from ketamine_tui.engine import Engine
from ketamine_tui.tui.app import THEMES, KetamineApp, make_app
from ketamine_tui.tui.config import Config
from ketamine_tui.userdata import Bookmark, UserData

SIZES = [(80, 24), (120, 40)]
RunBefore = Callable[..., Awaitable[None]]


def app_for(engine: Engine, tmp_path: Path, theme: str) -> KetamineApp:
    """The app over the bundled corpus, in a theme, with its own empty user data."""
    return make_app(
        engine=engine,
        userdata=UserData(tmp_path / "data"),
        config=Config(tmp_path / "config.json", theme=theme),
    )


def asking(question: str) -> RunBefore:
    """A run_before that types a question and presses Enter (the answer gets the focus)."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        await pilot.press(*question, "enter")
        await settle(pilot)

    return run_before


async def answer(pilot) -> None:  # type: ignore[no-untyped-def]
    await asking("What are the side effects of ketamine?")(pilot)


async def not_covered(pilot) -> None:  # type: ignore[no-untyped-def]
    await asking("Can I drink alcohol after ketamine?")(pilot)


async def reader_with_a_find(pilot) -> None:  # type: ignore[no-untyped-def]
    await asking("glutamate")(pilot)
    pilot.app.screen.query_one("#passages").focus()
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("slash", *"glutamate", "enter")
    await pilot.pause()


async def help_screen(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    pilot.app.screen.query_one("#answer-lines").focus()
    await pilot.press("question_mark")
    await pilot.pause()


async def palette(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("ctrl+p")
    await pilot.pause(0.2)
    await pilot.press(*"how is it given")
    await pilot.pause(0.5)


async def bookmarks(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    screen = pilot.app.screen
    screen.userdata.toggle_bookmark(
        Bookmark("question", "How is ketamine given?", question="How is ketamine given?")
    )
    result = screen.engine.search("side effects", limit=2)
    from ketamine_tui.userdata import passage_bookmark

    for hit in result.hits:
        screen.userdata.toggle_bookmark(passage_bookmark(hit.title, hit.passage))
    screen.refresh_user_branches()
    tree = screen.query_one("#tree")
    tree.display = True
    tree.topics_branch.collapse()
    tree.bookmarks_branch.expand()
    tree.focus()
    await pilot.pause()
    tree.move_cursor(tree.bookmarks_branch.children[1])
    await pilot.pause()


def steady(run_before: RunBefore) -> RunBefore:
    """`run_before`, then every input's cursor made steady: a blinking one differs per run."""

    async def steadied(pilot) -> None:  # type: ignore[no-untyped-def]
        from textual.widgets import Input

        await run_before(pilot)
        for screen in pilot.app.screen_stack:
            for box in screen.query(Input):
                box.cursor_blink = False
        await pilot.pause()

    return steadied


async def compare(pilot) -> None:  # type: ignore[no-untyped-def]
    await answer(pilot)
    await pilot.press("v")
    await settle(pilot)


async def why_passage(pilot) -> None:  # type: ignore[no-untyped-def]
    await asking("nasal spray")(pilot)
    pilot.app.screen.query_one("#passages").focus()
    await pilot.press("w")
    await settle(pilot)


async def why_answer(pilot) -> None:  # type: ignore[no-untyped-def]
    await asking("How is ketamine given?")(pilot)
    await pilot.press("w")
    await settle(pilot)


SCREENS = [
    answer,
    not_covered,
    reader_with_a_find,
    help_screen,
    palette,
    bookmarks,
    compare,
    why_passage,
    why_answer,
]


@pytest.mark.parametrize("theme", THEMES, ids=["dark", "light"])
@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
@pytest.mark.parametrize("run_before", SCREENS, ids=lambda f: f.__name__)
def test_screen(
    snap_compare,  # type: ignore[no-untyped-def]
    engine: Engine,
    tmp_path: Path,
    run_before: RunBefore,
    size: tuple[int, int],
    theme: str,
) -> None:
    app = app_for(engine, tmp_path, theme)
    assert snap_compare(app, terminal_size=size, run_before=steady(run_before))


def test_welcome_80x24(snap_compare, engine: Engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(engine, tmp_path, THEMES[0]), terminal_size=(80, 24))


def test_tree_hidden_60x24(snap_compare, engine: Engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Below 70 columns the tree hides itself: the answer has the whole width.
    assert snap_compare(
        app_for(engine, tmp_path, THEMES[0]), terminal_size=(60, 24), run_before=answer
    )
