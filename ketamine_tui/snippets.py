"""Snippets: the part of each ranked passage to show, its query matches marked; the hits."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ketamine_tui.backend import Candidate
from ketamine_tui.models import Article, Hit, Snippet, Span
from ketamine_tui.ranking import PassageAnalyses
from ketamine_tui.words import stem_spans

DEFAULT_SNIPPET_CHARS = 240


def make_hits(
    ranked: Sequence[Candidate],
    match_stems: frozenset[str],
    analyses: PassageAnalyses,
    article: Callable[[str], Article | None],
    width: int,
) -> tuple[Hit, ...]:
    """Numbered hits of ranked passages, each with its article's title and file and a snippet."""
    hits = []
    for rank, candidate in enumerate(ranked, start=1):
        passage = candidate.passage
        found = article(passage.source_id)
        hits.append(
            Hit(
                rank=rank,
                score=round(candidate.score, 4),
                passage=passage,
                title=found.title if found else passage.source_id,
                file=found.file if found else "",
                snippet=make_snippet(passage.text, match_stems, analyses.of(passage).spans, width),
            )
        )
    return tuple(hits)


def make_snippet(
    text: str,
    match_stems: frozenset[str],
    analysed: Iterable[tuple[str, int, int]] | None = None,
    width: int = DEFAULT_SNIPPET_CHARS,
) -> Snippet:
    """The part of a passage with the most distinct query matches, with their ranges marked."""
    source = stem_spans(text) if analysed is None else analysed
    spans = [(s, a, b) for s, a, b in source if s in match_stems]
    if len(text) <= width:
        return Snippet(text, tuple(Span(a, b) for _, a, b in spans))
    best_start, best_count = 0, -1
    for _, a, _ in spans or [("", 0, 0)]:
        start = max(0, a - width // 4)
        distinct = len({s for s, x, y in spans if start <= x and y <= start + width})
        if distinct > best_count:
            best_start, best_count = start, distinct
    start = best_start
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    window = text[start:end]
    matches = tuple(Span(a - start, b - start) for _, a, b in spans if start <= a and b <= end)
    return Snippet(window, matches, clipped_start=start > 0, clipped_end=end < len(text))
