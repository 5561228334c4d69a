"""Make untrusted text (articles, queries, user data) safe to show in a terminal and as JSON.

Article text and queries are data, never markup or terminal commands. The display layers build
`rich.text.Text` objects (so `[bold]` stays literal) and pass the characters through `printable`,
which turns control characters — ANSI/OSC escape sequences start with one — into visible escapes.

Text that is acted on rather than read — a question put in the search box, kept in the history
or a bookmark, a query — goes through `strip_escapes` (or `plain`) instead: whole escape sequences
and control characters are dropped, so that pasted coloured text leaves no `[31m` glued to a word.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 and C1 controls except tab and newline; DEL; Unicode bidi overrides and isolates, which can
# reorder what is displayed; lone surrogates, which cannot be encoded at all. One pattern serves
# every function here (a class with characters past U+00FF takes half a millisecond to compile).
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_BIDI_FIRST, _BIDI_LAST = "\u202a", "\u2069"

# Whole terminal escape sequences: CSI (colours, cursor moves; the one-byte C1 form only with
# parameters), OSC (titles, links, the clipboard) with its terminator, character-set selections
# ("\x1b(B", which `tput sgr0` emits), and the two-byte ones that cannot be the start of a word
# (ESC 7, ESC 8, ESC M…). A stray ESC alone is dropped as a control character, leaving the word
# after it whole.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x9b[0-?]+[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]+[0-~]"
    r"|\x1b[@-Z\\^_0-9=>]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with control characters shown as `\\x1b`-style escapes (tabs and newlines kept)."""
    return _UNPRINTABLE.sub(_escape, text)


def one_line(text: str) -> str:
    """`printable` text with all white space (newlines included) folded to single spaces."""
    return " ".join(printable(text).split())


def strip_escapes(text: str) -> str:
    """`text` with escape sequences and control characters made spaces, bidi controls dropped.

    Tabs and newlines are kept, and nothing is folded: the result can be edited further (the
    search box cleans every value it is given with it).
    """
    return _UNPRINTABLE.sub(_space_or_nothing, _ESCAPE_SEQUENCE.sub(" ", text))


def _space_or_nothing(match: re.Match[str]) -> str:
    """A control character becomes a space; a bidi control (which only reorders) nothing."""
    return "" if _BIDI_FIRST <= match.group() <= _BIDI_LAST else " "


def plain(text: str) -> str:
    """`strip_escapes` on one line: white space (newlines included) folded to single spaces.

    For the questions of the FAQ, the history and bookmarks, cleaned when they are read.
    """
    return " ".join(strip_escapes(text).split())


def json_dumps(data: Any) -> str:
    """JSON that is safe to print to a terminal: readable Unicode, but no raw control characters."""
    dumped = json.dumps(data, ensure_ascii=False, indent=2)  # C0 controls escaped already
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
