"""Readable in both themes: every text the app draws has a WCAG contrast of at least 4.5:1.

Two checks. The app's colour variables, resolved for textual-dark and textual-light, meet the
ratio for each text colour on each background it is used on. And the screens themselves, drawn in
both themes at 80×24 (answer, not covered, highlighted passage, tree, reader with a find, help,
palette, bookmarks, notifications, the compare view stacked and at 130 columns side by side, the
"why" panel), are read back glyph by glyph: each visible character's foreground against its
background, as the terminal would show them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from conftest import settle
from rich.cells import cell_len
from textual._compositor import LayoutUpdate
from textual.app import App
from textual.color import Color

from ketamine_tui.engine import Engine
from ketamine_tui.tui.app import THEMES, KetamineApp, make_app
from ketamine_tui.tui.colours import MINIMUM_CONTRAST, contrast, readable_variables
from ketamine_tui.tui.config import Config
from ketamine_tui.userdata import UserData

TEXT_COLOURS = ("kt-text", "kt-muted", "kt-accent", "kt-source", "kt-warning", "kt-error")
BACKGROUNDS = ("background", "surface", "kt-cursor", "kt-cursor-blurred", "kt-notice")


@pytest.mark.parametrize("theme", THEMES)
def test_every_text_colour_is_readable_on_every_background(theme: str) -> None:
    app = App()
    app.theme = theme
    variables = app.get_css_variables()
    ours = readable_variables(variables)
    colours = {**variables, **ours}

    def colour(name: str) -> Color:
        return Color.parse(colours[name])

    pairs = [(text, ground) for text in TEXT_COLOURS for ground in BACKGROUNDS]
    pairs += [("kt-footer-key", "footer-background"), ("kt-footer-text", "footer-background")]
    low = {
        (text, ground): round(contrast(colour(text), colour(ground)), 2)
        for text, ground in pairs
        if contrast(colour(text), colour(ground)) < MINIMUM_CONTRAST
    }
    assert not low


def test_the_contrast_ratio_is_wcags() -> None:
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21.0)
    assert contrast(Color(118, 118, 118), Color(255, 255, 255)) == pytest.approx(4.54, abs=0.01)
    assert contrast(Color(255, 255, 255), Color(255, 255, 255)) == 1.0


# -- the screens, read back -----------------------------------------------------------------------

# Lines, blocks and shades draw the frame (rules, scroll bars, the tree's guides): not text.
_FRAME = range(0x2500, 0x25A0)


def low_contrast_glyphs(app: KetamineApp) -> list[tuple[str, str, str, float]]:
    """(text, foreground, background, ratio) for each run of glyphs drawn below the minimum.

    Over a modal screen (help, the palette) only the modal's own widgets count: the screen
    behind it is shown faded on purpose, as inactive.
    """
    screen = app.screen
    regions = [child.region for child in screen.children] if screen.is_modal else [screen.region]
    update = screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert isinstance(update, LayoutUpdate)
    low = []
    for y, line in enumerate(update.strips):
        x = 0
        for strip in line:
            for text, style, control in strip:
                start, x = x, x + cell_len(text)
                if control or style is None or not any(r.contains(start, y) for r in regions):
                    continue
                visible = "".join(ch for ch in text if not ch.isspace() and ord(ch) not in _FRAME)
                if not visible:
                    continue
                fg, bg = style.color, style.bgcolor
                assert fg is not None and bg is not None, (text, style)  # the app sets both
                front, back = Color.from_rich_color(fg), Color.from_rich_color(bg)
                if style.reverse:
                    front, back = back, front
                if style.dim:
                    front = back.blend(front, 0.5)
                ratio = contrast(front, back)
                if ratio < MINIMUM_CONTRAST:
                    low.append((visible, front.hex, back.hex, round(ratio, 2)))
    return low


Scenario = Callable[..., Awaitable[None]]


async def ask(pilot, question: str) -> None:  # type: ignore[no-untyped-def]
    """Type a question in the search box and press Enter."""
    pilot.app.screen.query_one("#search").focus()
    await pilot.press(*question, "enter")
    await settle(pilot)


async def answer(pilot) -> None:  # type: ignore[no-untyped-def]
    await ask(pilot, "What are the side effects of ketamine?")


async def not_covered(pilot) -> None:  # type: ignore[no-untyped-def]
    await ask(pilot, "Can I drink alcohol after ketamine?")


async def passage(pilot) -> None:  # type: ignore[no-untyped-def]
    await ask(pilot, "nasal spray")
    pilot.app.screen.query_one("#passages").focus()
    await pilot.press("down")


async def tree(pilot) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one("#tree").focus()
    await pilot.press("down", "right", "down")


async def typing(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*"glutam")
    await settle(pilot)


async def reader(pilot) -> None:  # type: ignore[no-untyped-def]
    await ask(pilot, "glutamate")
    pilot.app.screen.query_one("#passages").focus()
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("slash", *"glutamate", "enter")
    await pilot.pause()


async def help_screen(pilot) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one("#passages").focus()
    await pilot.press("question_mark")
    await pilot.pause()


async def palette(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await pilot.pause(0.2)
    await pilot.press(*"how is it given")
    await pilot.pause(0.5)


async def bookmarks(pilot) -> None:  # type: ignore[no-untyped-def]
    await answer(pilot)
    await pilot.press("b")
    pilot.app.screen.query_one("#passages").focus()
    await pilot.press("b")
    pilot.app.screen.query_one("#tree").focus()
    await pilot.pause()


async def compare(pilot) -> None:  # type: ignore[no-untyped-def]
    await answer(pilot)
    await pilot.press("v")
    await settle(pilot)
    await pilot.press("down", "down")  # a claim highlighted in the focused list


async def compare_side_by_side(pilot) -> None:  # type: ignore[no-untyped-def]
    await compare(pilot)
    await pilot.resize_terminal(130, 40)
    await settle(pilot)
    pilot.app.screen.query_one("#article-1").focus()  # a block with the focus (its border)
    await pilot.pause()


async def compare_not_covered(pilot) -> None:  # type: ignore[no-untyped-def]
    await not_covered(pilot)
    await pilot.press("v")
    await settle(pilot)


async def why_passage(pilot) -> None:  # type: ignore[no-untyped-def]
    await passage(pilot)
    await pilot.press("w")
    await settle(pilot)


async def why_answer(pilot) -> None:  # type: ignore[no-untyped-def]
    await ask(pilot, "How is ketamine given?")
    await pilot.press("w")
    await settle(pilot)


SCENARIOS = [
    answer,
    not_covered,
    passage,
    tree,
    typing,
    reader,
    help_screen,
    palette,
    bookmarks,
    compare,
    compare_side_by_side,
    compare_not_covered,
    why_passage,
    why_answer,
]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
async def test_every_glyph_on_screen_is_readable(
    scenario: Scenario, theme: str, engine: Engine, tmp_path: Path
) -> None:
    app = make_app(
        engine=engine,
        userdata=UserData(tmp_path / "data"),
        config=Config(tmp_path / "config.json", theme=theme),
    )
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert app.theme == theme
        await scenario(pilot)
        await pilot.pause()
        low = low_contrast_glyphs(app)
    assert not low, low[:10]
