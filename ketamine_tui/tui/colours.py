"""Readable colours: WCAG contrast ratios, and the app's text colours derived from any theme.

Themes choose their accent and muted colours for looks; on the app's backgrounds some of them
fall below the WCAG AA ratio (4.5:1) — the light theme's accent on its grey, the dark theme's cyan
on its blue cursor. `readable_variables` derives, for the current theme, text colours that keep
their hue but meet the ratio against every background they are drawn on, and a cursor colour on
which all of them stay readable. The app adds them to the theme's CSS variables (`$kt-…`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.color import Color

MINIMUM_CONTRAST = 4.5
# A little above the minimum, so that rounding in a terminal's colour handling never drops below.
TARGET_CONTRAST = 4.7


def luminance(color: Color) -> float:
    """The WCAG relative luminance of an opaque colour (0 for black, 1 for white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(foreground: Color, background: Color) -> float:
    """The WCAG contrast ratio of text in `foreground` on `background` (1 to 21).

    A translucent foreground is first blended onto the background, as a terminal shows it.
    """
    shown = background + foreground if foreground.a < 1 else foreground
    lighter, darker = sorted((luminance(shown), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(color: Color, backgrounds: Iterable[Color], target: float = TARGET_CONTRAST) -> Color:
    """`color`, lightened or darkened as little as needed to reach `target` on every background.

    It moves away from the backgrounds' average lightness (towards white on dark backgrounds,
    towards black on light ones).
    """
    grounds = list(backgrounds)
    if all(contrast(color, ground) >= target for ground in grounds):
        return color
    dark_grounds = sum(luminance(g) for g in grounds) / len(grounds) < 0.2
    end = Color(255, 255, 255) if dark_grounds else Color(0, 0, 0)
    for step in range(1, 101):
        candidate = color.blend(end, step / 100)
        if all(contrast(candidate, ground) >= target for ground in grounds):
            return candidate
    return end


def muted(
    foreground: Color, backgrounds: Iterable[Color], target: float = TARGET_CONTRAST
) -> Color:
    """The foreground faded towards the first background as far as `target` allows on all of them.

    For secondary text ("said by…", topics): visibly quieter, never unreadable.
    """
    grounds = list(backgrounds)
    best = foreground
    for step in range(1, 100):
        candidate = foreground.blend(grounds[0], step / 100)
        if not all(contrast(candidate, ground) >= target for ground in grounds):
            break
        best = candidate
    return best


def readable_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """The app's own colour variables for a theme whose variables are `variables`.

    `kt-cursor` and `kt-cursor-blurred` replace the block cursor's backgrounds (subtle tints of
    the primary colour, so that coloured text stays readable on the highlighted line); `kt-text`,
    `kt-muted`, `kt-accent`, `kt-source`, `kt-warning` and `kt-error` are text colours readable
    on the background, the surface, both cursors and the notice; `kt-footer-key` and
    `kt-footer-text` on the footer; `kt-rule` for rules and the borders of panes out of focus.
    """

    def get(name: str) -> Color:
        return Color.parse(variables[name])

    background, surface, primary = get("background"), get("surface"), get("primary")
    dark = luminance(background) < 0.2
    cursor = surface.blend(primary.with_alpha(1), 0.38 if dark else 0.22)
    cursor_blurred = surface.blend(primary.with_alpha(1), 0.18 if dark else 0.12)
    notice = background + get("warning").with_alpha(0.15)
    grounds = [background, surface, cursor, cursor_blurred, notice]
    foreground = readable(get("foreground"), grounds, 7.0)
    footer = get("footer-background")
    out = {
        "kt-cursor": cursor,
        "kt-cursor-blurred": cursor_blurred,
        "kt-notice": notice,
        "kt-text": foreground,
        "kt-muted": muted(foreground, [surface, *grounds]),
        "kt-accent": readable(get("text-accent"), grounds),
        "kt-source": readable(get("text-primary"), grounds),
        "kt-warning": readable(get("text-warning"), grounds),
        "kt-error": readable(get("text-error"), grounds),
        "kt-footer-key": readable(get("footer-key-foreground"), [footer]),
        "kt-footer-text": readable(get("footer-description-foreground"), [footer]),
        # Rules and the borders of panes without the focus: quiet, but visible.
        "kt-rule": background.blend(foreground, 0.35),
    }
    return {name: color.hex for name, color in out.items()}
