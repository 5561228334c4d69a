"""The commands that show the corpus itself: `topics`, `sources` and `show`."""

from __future__ import annotations

import sys

import click

from ketamine_tui.cli_common import Options, complete_article_id, complete_section, json_option
from ketamine_tui.shell import EXIT_FOUND, EXIT_NOTHING, echo, print_json, stdout_console


@click.command(short_help="List the FAQ topics and their questions.")
@json_option
@click.pass_obj
def topics(options: Options, as_json: bool) -> None:
    """List the FAQ topics and their questions."""
    engine = options.engine()
    if as_json:
        from ketamine_tui.export import topics_json

        print_json(topics_json(engine.topics))
        sys.exit(EXIT_FOUND if engine.topics else EXIT_NOTHING)
    if not engine.topics:
        echo("No FAQ topics: there is no topics.toml and the articles have no headings.")
        sys.exit(EXIT_NOTHING)
    from ketamine_tui.formatting import topics_tree

    stdout_console().print(topics_tree(engine.topics))


@click.command(short_help="List the articles, their sections and passage counts.")
@json_option
@click.pass_obj
def sources(options: Options, as_json: bool) -> None:
    """List the articles: id, title and file, then each section with its number of passages.

    The ids go with `show ID` and `search --source ID`; the section titles with `show --section`.
    """
    engine = options.engine(topics=False)
    if as_json:
        from ketamine_tui.export import sources_json

        print_json(sources_json(engine.articles))
        return
    from ketamine_tui.formatting import sources_renderables

    console = stdout_console()
    for part in sources_renderables(engine.articles):
        console.print(part)


@click.command(short_help="Print an article, or one of its sections, with passage ids.")
@click.argument("source_id", shell_complete=complete_article_id)
@click.option(
    "--section",
    metavar="NAME",
    shell_complete=complete_section,
    help="Only this section (its title or slug).",
)
@click.pass_obj
def show(options: Options, source_id: str, section: str | None) -> None:
    """Print the article SOURCE_ID, or one of its sections, with its passage ids.

    Headings and passages are printed exactly as they stand in the file (site boilerplate left
    out).
    """
    engine = options.engine(topics=False)
    article = engine.article(source_id)
    passages = engine.passages(source_id)
    sections = engine.sections(source_id, section)
    from ketamine_tui.formatting import article_renderables

    console = stdout_console()
    for part in article_renderables(article, sections, passages):
        console.print(part)
