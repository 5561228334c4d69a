"""Make untrusted text (articles, queries) safe to show in a terminal and to print as JSON.

Article text and queries are data, never markup or terminal commands. The display layers build
`rich.text.Text` objects (so `[bold]` stays literal) and pass the characters through `printable`,
which turns control characters — ANSI/OSC escape sequences start with one — into visible escapes.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 and C1 controls except tab and newline; DEL; Unicode bidi overrides and isolates, which can
# reorder what is displayed; lone surrogates, which cannot be encoded at all.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNPRINTABLE_IN_JSON = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with control characters shown as `\\x1b`-style escapes (tabs and newlines kept)."""
    return _UNPRINTABLE.sub(_escape, text)


def one_line(text: str) -> str:
    """`printable` text with all white space (newlines included) folded to single spaces."""
    return " ".join(printable(text).split())


def json_dumps(data: Any) -> str:
    """JSON that is safe to print to a terminal: readable Unicode, but no raw control characters."""
    dumped = json.dumps(data, ensure_ascii=False, indent=2)
    return _UNPRINTABLE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
