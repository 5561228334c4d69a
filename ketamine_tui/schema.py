"""The Whoosh schema of a passage and the analyzer of its text fields (index building).

The analyzer is `words.tokens` seen through Whoosh's tokenizer interface, so that the index holds
exactly the stems that query analysis makes; with `no_morph` (Whoosh's spelling field) it yields
the lower-cased words unstemmed. Whoosh pickles the schema into the index, so the analyzer class
must stay importable under this name; the schema's description is part of the index key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token, Tokenizer

from ketamine_tui import _whoosh  # noqa: F401  (cheap Whoosh imports first)
from ketamine_tui.words import tokens

SECTION_BOOST = 1.6
TITLE_BOOST = 0.4  # the title weighs least: it is shared by every passage of an article

# (name, kind, stored, field boost) of every field; `make_schema` builds exactly these.
FIELDS_DESCRIPTION = (
    ("passage_id", "id-unique", True, 1.0),
    ("source_id", "id", True, 1.0),
    ("title", "text", False, TITLE_BOOST),
    ("section", "text", True, SECTION_BOOST),
    ("body", "text-spelling", True, 1.0),
    ("section_slug", "stored", True, 1.0),
    ("ordinal", "stored", True, 1.0),
    ("start", "stored", True, 1.0),
    ("end", "stored", True, 1.0),
)


class WordsAnalyzer(Tokenizer):  # type: ignore[misc]  # Whoosh has no type hints
    """Whoosh's view of `words.tokens`: stems (or, for spelling, the words) with positions."""

    is_morph = True  # it stems: Whoosh then keeps the unstemmed words for spelling apart

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordsAnalyzer)

    def __hash__(self) -> int:
        return hash(WordsAnalyzer)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        no_morph: bool = False,
        **kwargs: Any,
    ) -> Iterator[Any]:
        """Yield one reused Token per kept word, as Whoosh's own tokenizers do."""
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, position, start, end in tokens(value, stemmed=not no_morph):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def make_schema() -> Any:
    """The one Whoosh schema: stemmed body, section heading and title; ids and offsets stored."""
    from whoosh.fields import ID, STORED, TEXT, Schema

    analyzer = WordsAnalyzer()
    return Schema(
        passage_id=ID(stored=True, unique=True),
        source_id=ID(stored=True),
        title=TEXT(analyzer=analyzer, field_boost=TITLE_BOOST),
        section=TEXT(analyzer=analyzer, stored=True, field_boost=SECTION_BOOST),
        body=TEXT(analyzer=analyzer, stored=True, spelling=True),
        section_slug=STORED(),
        ordinal=STORED(),
        start=STORED(),
        end=STORED(),
    )


def schema_signature() -> str:
    """A short hash of the schema's description and analyzer; part of the index key."""
    text = repr((FIELDS_DESCRIPTION, f"{WordsAnalyzer.__module__}.{WordsAnalyzer.__qualname__}"))
    return hashlib.sha256(text.encode()).hexdigest()[:12]
