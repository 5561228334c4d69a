"""What a query may be: its bounds, and the cleaning every query gets before anything else.

Kept free of Whoosh so that the app and the CLI can check a query without loading the engine.
"""

from __future__ import annotations

from ketamine_tui.errors import QueryError
from ketamine_tui.safetext import plain

MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 64
MAX_LIMIT = 100


def clean_query(query: str) -> str:
    """The query with escape sequences, control characters and lone surrogates made spaces.

    (`safetext.plain`, the cleaning of every question the app shows or keeps.)
    """
    if not isinstance(query, str):
        raise QueryError("the query must be text")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"query too long: {len(query)} characters (the limit is {MAX_QUERY_CHARS})"
        )
    cleaned = plain(query)
    if not cleaned:
        raise QueryError("empty query: type some words to search for")
    return cleaned
