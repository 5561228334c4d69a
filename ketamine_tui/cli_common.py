"""What every command shares: the global options and the engine they open, flags, completion.

The commands live in modules by job (`cli_answers`, `cli_corpus`, `cli_userdata`,
`cli_maintenance`), which the group in `cli` loads when one runs; this module imports only click and
`shell`, so that loading a command costs nothing it does not use.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ketamine_tui.query import MAX_LIMIT
from ketamine_tui.shell import ProgressReporter, warn_all

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from ketamine_tui.engine import Engine
    from ketamine_tui.settings import Settings


class Options:
    """The global options, passed to every sub-command."""

    def __init__(self, corpus: Path | None, cache_dir: Path | None) -> None:
        self.corpus = corpus
        self.cache_dir = cache_dir
        self._engine: Engine | None = None

    def engine(
        self, rebuild: bool = False, settings: Settings | None = None, topics: bool = True
    ) -> Engine:
        """Open the engine once (building the index with a progress bar when needed).

        Commands that neither answer nor list topics pass `topics=False`: no FAQ file warnings.
        """
        if self._engine is None or rebuild:
            from ketamine_tui.engine import Engine
            from ketamine_tui.settings import DEFAULT_SETTINGS

            with ProgressReporter() as progress:
                self._engine = Engine.open(
                    self.corpus,
                    self.cache_dir,
                    progress,
                    rebuild=rebuild,
                    settings=settings or DEFAULT_SETTINGS,
                    topics=topics,
                )
            click.get_current_context().call_on_close(self._engine.close)
            warn_all(self._engine.warnings)
        return self._engine


LIMIT = click.IntRange(1, MAX_LIMIT)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
explain_option = click.option(
    "--explain", is_flag=True, help="Say why: matched words, scores and the features that chose."
)


def complete_article_id(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Article ids for shell completion, read from the index's state or the manifest."""
    from click.shell_completion import CompletionItem

    from ketamine_tui.completion import known_articles

    options = ctx.find_root().params
    return [
        CompletionItem(article.source_id, help=article.title)
        for article in known_articles(options.get("corpus"), options.get("cache_dir"))
        if article.source_id.startswith(incomplete)
    ]


def complete_section(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The section slugs of the article named before `--section`, for shell completion."""
    from click.shell_completion import CompletionItem

    from ketamine_tui.completion import known_articles

    options = ctx.find_root().params
    # With `--section` still waiting for its value, click leaves the article id unparsed.
    wanted = ctx.params.get("source_id") or next(iter(ctx.args), None)
    return [
        CompletionItem(slug, help=title)
        for article in known_articles(options.get("corpus"), options.get("cache_dir"))
        if article.source_id == wanted
        for slug, title in article.sections
        if slug.startswith(incomplete)
    ]
