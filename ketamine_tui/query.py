"""What a query may be: its bounds, and the cleaning every query gets before anything else.

Kept free of Whoosh so that the app and the CLI can check a query without loading the engine.
"""

from __future__ import annotations

import re

from ketamine_tui.errors import QueryError

MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 64
MAX_LIMIT = 100

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Whole terminal escape sequences, so that pasted coloured text leaves no "[31m" glued to a word:
# CSI (colours, cursor moves; the one-byte C1 form only with parameters), OSC (titles, links) with
# its terminator, character-set selections ("\x1b(B", which `tput sgr0` emits), and the two-byte
# ones that cannot be the start of a word (ESC 7, ESC 8, ESC M…). A stray ESC alone is dropped as
# a control character, leaving the word after it whole.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x9b[0-?]+[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]+[0-~]"
    r"|\x1b[@-Z\\^_0-9=>]"
)


def clean_query(query: str) -> str:
    """The query with escape sequences, control characters and lone surrogates made spaces."""
    if not isinstance(query, str):
        raise QueryError("the query must be text")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"query too long: {len(query)} characters (the limit is {MAX_QUERY_CHARS})"
        )
    cleaned = " ".join(_CONTROL.sub(" ", _ESCAPE_SEQUENCE.sub(" ", query)).split())
    if not cleaned:
        raise QueryError("empty query: type some words to search for")
    return cleaned
