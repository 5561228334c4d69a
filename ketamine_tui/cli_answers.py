"""The commands that query the articles: `search`, `ask` and `compare`.

Each parses its arguments, calls the engine and formats the result; the formatters, JSON and
explanations are imported only by the output that uses them.
"""

from __future__ import annotations

import sys

import click

from ketamine_tui.cli_common import (
    LIMIT,
    Options,
    complete_article_id,
    explain_option,
    json_option,
)
from ketamine_tui.query import MAX_LIMIT
from ketamine_tui.shell import (
    EXIT_FOUND,
    EXIT_NOTHING,
    echo,
    print_json,
    print_notice,
    stdout_console,
    stdout_is_terminal,
    warn_all,
)


@click.command(short_help="Search the articles: ranked passages, matches highlighted.")
@click.argument("query")
@click.option(
    "-n",
    "--limit",
    type=LIMIT,
    default=10,
    show_default=True,
    help=f"How many passages (1-{MAX_LIMIT}).",
)
@click.option(
    "-s",
    "--source",
    metavar="ID",
    shell_complete=complete_article_id,
    help="Only passages of this article (see `sources`).",
)
@json_option
@explain_option
@click.pass_obj
def search(
    options: Options, query: str, limit: int, source: str | None, as_json: bool, explain: bool
) -> None:
    """Search the articles for QUERY (keywords, a question, or "a quoted phrase").

    With --explain, each passage says why it was found: the words it matched in its title,
    section and text (and whether through a synonym, a word family or a spelling correction),
    the search score and each re-ranking stage's factor. Exit status: 0 when passages were
    found, 1 when none were.
    """
    from ketamine_tui.query import clean_query

    clean_query(query)  # a bad query is reported before any index work
    engine = options.engine(topics=False)
    explained = engine.explain_search(query, limit, source) if explain else None
    result = explained.result if explained else engine.search(query, limit=limit, source=source)
    if as_json:
        from ketamine_tui.export import explained_search_json, search_json

        print_json(explained_search_json(explained) if explained else search_json(result))
        if result.hits:
            print_notice()
        sys.exit(EXIT_FOUND if result.hits else EXIT_NOTHING)

    from rich.text import Text

    from ketamine_tui.formatting import DIM, Hanging, hit_renderable, safe

    console = stdout_console()
    if result.corrected:
        console.print(
            Text.assemble(("Showing results for ", DIM), safe(result.corrected, "italic"))
        )
    if explained:
        from ketamine_tui.explain_format import hit_explanation_lines, query_lines

        for line in query_lines(explained.query):
            console.print(line)
    if not result.hits:
        console.print(Text.assemble("No passages match ", safe(f"“{result.query}”"), "."))
        sys.exit(EXIT_NOTHING)
    for number, hit in enumerate(result.hits):
        console.print(hit_renderable(hit))
        if explained:
            console.print(Hanging(hit_explanation_lines(explained.hits[number]), indent=4))
    print_notice(console)


@click.command(short_help="Answer a question with quoted sentences and their sources.")
@click.argument("question")
@json_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="Text for reading, or Markdown with footnote citations for sharing.",
)
@explain_option
@click.pass_obj
def ask(options: Options, question: str, as_json: bool, fmt: str, explain: bool) -> None:
    """Answer QUESTION with sentences quoted from the articles, each with its source.

    With --explain, the features that chose the first sentence follow the answer (beside the
    next best sentence's), or, when the articles do not cover it, the words no article
    contains. Asked in a terminal, the question joins the history (as in the app); --json,
    Markdown and output into a file or pipe leave the history as it is. Exit status: 0 when
    the articles answer it, 1 when they do not cover it.
    """
    from ketamine_tui.query import clean_query

    if as_json and fmt != "text":
        raise click.UsageError(f"--json and --format {fmt} are two outputs: choose one")
    if explain and fmt != "text":
        raise click.UsageError(f"--explain goes with text or --json, not --format {fmt}")
    clean_query(question)
    engine = options.engine()
    explained = engine.explain_answer(question) if explain else None
    answer = explained.answer if explained else engine.ask(question)
    if as_json:
        from ketamine_tui.export import answer_json, explained_answer_json

        print_json(explained_answer_json(explained) if explained else answer_json(answer))
        print_notice()
    elif fmt == "markdown":
        from ketamine_tui.export import answer_markdown

        echo(answer_markdown(answer), nl=False)  # the document carries the notice
    else:
        from ketamine_tui.formatting import answer_renderable

        if stdout_is_terminal():  # a person asking, not a script
            _record_history(answer.question)
        console = stdout_console()
        console.print(answer_renderable(answer))
        if explained:
            from ketamine_tui.explain_format import answer_explanation_renderable

            console.print(answer_explanation_renderable(explained))
        print_notice(console)
    sys.exit(EXIT_FOUND if answer.answered else EXIT_NOTHING)


@click.command(name="compare", short_help="Compare the articles on a question, side by side.")
@click.argument("question")
@json_option
@click.pass_obj
def compare_command(options: Options, question: str, as_json: bool) -> None:
    """What each article says about QUESTION, and the claims they share ("said by N of 5").

    First the claims, then one block per article with its sentences on the question, or "does
    not mention this"; the blocks stand side by side from 120 columns. Exit status: 0 when the
    articles cover the question, 1 when they do not (with the reason `ask` gives).
    """
    from ketamine_tui.query import clean_query

    clean_query(question)
    comparison = options.engine().compare(question)
    if as_json:
        from ketamine_tui.export import compare_json

        print_json(compare_json(comparison))
        print_notice()
    else:
        from ketamine_tui.compare_format import comparison_renderable

        console = stdout_console()
        console.print(comparison_renderable(comparison))
        print_notice(console)
    sys.exit(EXIT_FOUND if comparison.covered else EXIT_NOTHING)


def _record_history(question: str) -> None:
    """Remember an asked question (a history that cannot be read or saved is only a warning)."""
    from ketamine_tui.userdata import UserData

    data = UserData.open()
    data.add_history(question)
    warn_all(data.warnings)
