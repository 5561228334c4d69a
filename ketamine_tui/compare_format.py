"""Rich renderables of a comparison: the claims, then one block per article (CLI and app).

Narrower than `SIDE_BY_SIDE_WIDTH` columns (and in a pipe) the blocks stack, each under its
numbered title; from there on they stand side by side, in rows of as many as fit. Article text
goes through `formatting.safe`, never markup.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from ketamine_tui.export import said_by
from ketamine_tui.formatting import DIM, SOURCE_STYLE, Hanging, related_body, related_label, safe
from ketamine_tui.safetext import one_line

if TYPE_CHECKING:
    from ketamine_tui.compare_models import ArticleView, Claim, Comparison

SIDE_BY_SIDE_WIDTH = 120  # from this many columns the article blocks stand side by side
BLOCK_WIDTH = 38  # the narrowest block worth putting beside another
ANSWERS, MENTIONS = "• ", "◦ "
NOT_MENTIONED = "does not mention this"


def claim_note(comparison: Comparison, claim: Claim) -> str:
    """ "said by 3 of 5 articles", or "only one article says this"."""
    count = len(claim.source_ids)
    return said_by(count, comparison.article_count) or "only one article says this"


def claim_body(comparison: Comparison, claim: Claim) -> Text:
    """ "claim text [1][3] (said by 2 of 5 articles)": a claim, after its bullet."""
    line = safe(one_line(claim.text))
    marks = "".join(f"[{comparison.number_of(s)}]" for s in claim.source_ids)
    line.append(f" {marks}", style=SOURCE_STYLE)
    line.append(f" ({claim_note(comparison, claim)})", style=DIM)
    return line


def article_heading(comparison: Comparison, article: ArticleView) -> Hanging:
    """ "[2] Title" of an article's block (a long title wraps under itself)."""
    marker = Text(f"[{comparison.number_of(article.source_id)}] ", style=SOURCE_STYLE)
    return Hanging([safe(one_line(article.title), "bold")], indent=len(marker), marker=marker)


def article_lines(article: ArticleView, margin: int = 0) -> list[RenderableType]:
    """An article's sentences, one bullet each, or that it does not mention the question."""
    if not article.mentions:
        return [Hanging([Text(NOT_MENTIONED, style=f"{DIM} italic")], indent=margin)]
    return [
        Hanging(
            [safe(one_line(s.text))],
            indent=margin + 2,
            marker=Text(" " * margin + (ANSWERS if s.answers else MENTIONS)),
        )
        for s in article.sentences
    ]


class ComparisonView:
    """A comparison that lays its article blocks out for the width it is given."""

    def __init__(self, comparison: Comparison) -> None:
        self.comparison = comparison

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        comparison = self.comparison
        yield from self._head()
        if not comparison.covered:
            return
        if options.no_wrap or options.max_width < SIDE_BY_SIDE_WIDTH:
            for article in comparison.articles:
                yield Text()
                yield article_heading(comparison, article)
                yield from article_lines(article, margin=2)
        else:
            yield Text()
            yield from self._side_by_side(options.max_width)
        if comparison.not_compared:
            yield Text()
            yield Text(
                f"{comparison.not_compared} more articles not compared: only the "
                f"{len(comparison.articles)} with the best passages are.",
                style=DIM,
            )

    def _head(self) -> Iterator[RenderableType]:
        """The question, its correction, then the claims (or why it is not covered)."""
        comparison = self.comparison
        yield Text.assemble(("Q: ", "bold"), safe(comparison.question, "bold"))
        if comparison.corrected:
            yield Text.assemble(("Showing results for ", DIM), safe(comparison.corrected, "italic"))
        if not comparison.covered:
            yield safe(comparison.reason, "yellow")
            label = related_label(False)
            yield from (
                Hanging([related_body(r)], indent=len(label), marker=label)
                for r in comparison.related
            )
            return
        yield Text("Claims", style="bold")
        for claim in comparison.claims:
            marker = Text(" " + (ANSWERS if claim.answers else MENTIONS))
            yield Hanging([claim_body(comparison, claim)], indent=3, marker=marker)
        if not all(claim.answers for claim in comparison.claims):
            yield Text(f" {ANSWERS}answers the question  {MENTIONS}only mentions it", style=DIM)

    def _side_by_side(self, width: int) -> Iterator[RenderableType]:
        """The article blocks in rows of bordered columns of one width."""
        from rich import box
        from rich.table import Table

        articles = self.comparison.articles
        fit = max(1, min(len(articles), width // BLOCK_WIDTH))
        rows = -(-len(articles) // fit)
        per_row = -(-len(articles) // rows)  # rows as even as they can be: 3 and 2, not 4 and 1
        column = (width - per_row - 1) // per_row - 2  # borders, and a space each side
        for start in range(0, len(articles), per_row):
            row = articles[start : start + per_row]
            table = Table(box=box.ROUNDED, show_header=False, expand=False, padding=(0, 1))
            for _ in row:
                table.add_column(width=column, vertical="top")
            table.add_row(*(article_heading(self.comparison, a) for a in row), end_section=True)
            table.add_row(*(Group(*article_lines(article)) for article in row))
            yield table


def comparison_renderable(comparison: Comparison) -> RenderableType:
    """A comparison for a console: claims, then each article's block, laid out for the width.

    The not-medical-advice notice is not part of it (the command line adds it, as for `ask`).
    """
    return ComparisonView(comparison)
