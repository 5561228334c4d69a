"""The command line: `ketamine-tui` opens the app; its sub-commands search and answer in the shell.

Thin by design: each command parses its arguments, calls the engine and formats the result with
`formatting` (guarded output, messages and exit codes live in `shell`). Heavy modules are imported
inside the commands that need them, so `ketamine-tui search` never loads textual. Exit codes:
0 found, 1 nothing found, 2 bad usage or input, 3 corpus or index problem.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ketamine_tui import __version__
from ketamine_tui.query import MAX_LIMIT
from ketamine_tui.shell import (
    EXIT_FOUND,
    EXIT_NOTHING,
    PROG,
    ProgressReporter,
    echo,
    print_json,
    stdout_console,
    warn_all,
)

if TYPE_CHECKING:
    from ketamine_tui.engine import Engine


class Settings:
    """The global options, passed to every sub-command."""

    def __init__(self, corpus: Path | None, cache_dir: Path | None) -> None:
        self.corpus = corpus
        self.cache_dir = cache_dir
        self._engine: Engine | None = None

    def engine(self, rebuild: bool = False) -> Engine:
        """Open the engine once (building the index with a progress bar when needed)."""
        if self._engine is None or rebuild:
            from ketamine_tui.engine import Engine

            with ProgressReporter() as progress:
                self._engine = Engine.open(self.corpus, self.cache_dir, progress, rebuild=rebuild)
            click.get_current_context().call_on_close(self._engine.close)
            warn_all(self._engine.warnings)
        return self._engine


# ---------------------------------------------------------------------------------------------
# The group


@click.group(
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KETAMINE_TUI_CORPUS",
    help="Folder of articles to use instead of the bundled corpus [env: KETAMINE_TUI_CORPUS].",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="KETAMINE_TUI_CACHE_DIR",
    help="Where built indexes are kept [env: KETAMINE_TUI_CACHE_DIR; default: the user cache].",
)
@click.option("-q", "--query", metavar="TEXT", help="Open the app with this search already run.")
@click.version_option(
    __version__, "-V", "--version", prog_name=PROG, message="%(prog)s %(version)s"
)
@click.pass_context
def cli(ctx: click.Context, corpus: Path | None, cache_dir: Path | None, query: str | None) -> None:
    """Explore articles about ketamine treatment for depression.

    Run without a command to open the interactive explorer. Every answer is made of sentences
    quoted from the articles, with their sources. Not medical advice.

    \b
    Examples:
      ketamine-tui                          open the explorer
      ketamine-tui search "side effects"    ranked passages
      ketamine-tui ask "How fast does it work?"
      ketamine-tui search nasal --json      output for scripts
    """
    ctx.obj = Settings(corpus, cache_dir)
    if ctx.invoked_subcommand is None:
        _open_app(ctx.obj, query)
    elif query is not None:
        raise click.UsageError(
            f"--query opens the explorer; it does not go with '{ctx.invoked_subcommand}' "
            f"(try: {PROG} search QUERY)"
        )


def _open_app(settings: Settings, query: str | None) -> None:
    """Open the Textual app (the only place the CLI imports textual)."""
    try:
        from ketamine_tui.tui.app import make_app
    except ImportError:  # the app is not part of this build
        echo(cli.get_help(click.get_current_context()))
        return
    from ketamine_tui.paths import default_corpus

    app = make_app(
        corpus_dir=settings.corpus or default_corpus(),
        cache_dir=settings.cache_dir,
        initial_query=query,
    )
    app.run()
    sys.exit(app.return_code or 0)


# ---------------------------------------------------------------------------------------------
# Commands


_LIMIT = click.IntRange(1, MAX_LIMIT)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


@cli.command()
@click.argument("query")
@click.option(
    "-n",
    "--limit",
    type=_LIMIT,
    default=10,
    show_default=True,
    help=f"How many passages (1-{MAX_LIMIT}).",
)
@click.option("-s", "--source", metavar="ID", help="Only passages of this article (see `sources`).")
@json_option
@click.pass_obj
def search(settings: Settings, query: str, limit: int, source: str | None, as_json: bool) -> None:
    """Search the articles for QUERY (keywords, a question, or "a quoted phrase").

    Exit status: 0 when passages were found, 1 when none were.
    """
    from ketamine_tui.query import clean_query

    clean_query(query)  # a bad query is reported before any index work
    result = settings.engine().search(query, limit=limit, source=source)
    if as_json:
        from ketamine_tui.export import search_json

        print_json(search_json(result))
        sys.exit(EXIT_FOUND if result.hits else EXIT_NOTHING)

    from rich.text import Text

    from ketamine_tui.export import NOTICE
    from ketamine_tui.formatting import DIM, hit_renderable, safe

    console = stdout_console()
    if result.corrected:
        console.print(
            Text.assemble(("Showing results for ", DIM), safe(result.corrected, "italic"))
        )
    if not result.hits:
        console.print(Text.assemble("No passages match ", safe(f"“{result.query}”"), "."))
        sys.exit(EXIT_NOTHING)
    for hit in result.hits:
        console.print(hit_renderable(hit))
    console.print(Text(NOTICE, style=DIM))


@cli.command()
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
@click.pass_obj
def ask(settings: Settings, question: str, as_json: bool, fmt: str) -> None:
    """Answer QUESTION with sentences quoted from the articles, each with its source.

    Exit status: 0 when the articles answer it, 1 when they do not cover it.
    """
    from ketamine_tui.query import clean_query

    if as_json and fmt != "text":
        raise click.UsageError(f"--json and --format {fmt} are two outputs: choose one")
    clean_query(question)
    engine = settings.engine()
    answer = engine.ask(question)
    warn_all(engine.topic_problems)
    _record_history(answer.question)
    if as_json:
        from ketamine_tui.export import answer_json

        print_json(answer_json(answer))
    elif fmt == "markdown":
        from ketamine_tui.export import answer_markdown

        echo(answer_markdown(answer), nl=False)
    else:
        from ketamine_tui.formatting import answer_renderable

        stdout_console().print(answer_renderable(answer))
    sys.exit(EXIT_FOUND if answer.answered else EXIT_NOTHING)


def _record_history(question: str) -> None:
    """Remember an asked question (a history that cannot be read or saved is only a warning)."""
    from ketamine_tui.userdata import UserData

    data = UserData.open()
    data.add_history(question)
    warn_all(data.warnings)


@cli.command()
@json_option
@click.pass_obj
def topics(settings: Settings, as_json: bool) -> None:
    """List the FAQ topics and their questions."""
    engine = settings.engine()
    engine.topics  # noqa: B018  (loads them, so that a malformed topics.toml is reported first)
    warn_all(engine.topic_problems)
    if as_json:
        from ketamine_tui.export import topics_json

        print_json(topics_json(engine.topics))
        sys.exit(EXIT_FOUND if engine.topics else EXIT_NOTHING)
    if not engine.topics:
        echo("No FAQ topics: there is no topics.toml and the articles have no headings.")
        sys.exit(EXIT_NOTHING)
    from ketamine_tui.formatting import topics_tree

    stdout_console().print(topics_tree(engine.topics))


@cli.command()
@json_option
@click.pass_obj
def sources(settings: Settings, as_json: bool) -> None:
    """List the articles: id, title, sections and passage counts."""
    engine = settings.engine()
    if as_json:
        from ketamine_tui.export import sources_json

        print_json(sources_json(engine.articles))
        return
    from ketamine_tui.formatting import sources_table

    stdout_console().print(sources_table(engine.articles))


@cli.command()
@click.argument("source_id")
@click.option("--section", metavar="NAME", help="Only this section (its title or slug).")
@click.pass_obj
def show(settings: Settings, source_id: str, section: str | None) -> None:
    """Print the article SOURCE_ID, or one of its sections, with its passage ids.

    Headings and passages are printed exactly as they stand in the file (site boilerplate left
    out).
    """
    engine = settings.engine()
    article = engine.article(source_id)
    passages = engine.passages(source_id)
    sections = engine.sections(source_id, section)
    from ketamine_tui.formatting import article_renderables

    console = stdout_console()
    for part in article_renderables(article, sections, passages):
        console.print(part)


@cli.command()
@click.option("--rebuild", is_flag=True, help="Build from scratch even when the index is current.")
@click.pass_obj
def index(settings: Settings, rebuild: bool) -> None:
    """Build the search index when missing or stale (or always, with --rebuild) and show counts."""
    engine = settings.engine(rebuild=rebuild)
    report, stats = engine.index.report, engine.index.stats
    what = {
        "opened": "The index is up to date",
        "full": f"Built the index in {report.seconds:.2f} s",
        "incremental": f"Updated the index in {report.seconds:.2f} s "
        f"({len(report.added)} re-indexed, {len(report.removed)} removed, "
        f"{len(report.reused)} unchanged)",
        "memory": f"Built an in-memory index in {report.seconds:.2f} s",
    }[report.mode]
    echo(f"{what}: {stats.articles} articles, {stats.passages} passages, {stats.terms} terms.")
    if engine.index.location is not None:
        echo(f"Location: {engine.index.location}")


@cli.command()
@json_option
@click.option("--clear", is_flag=True, help="Forget every question asked so far.")
def history(as_json: bool, clear: bool) -> None:
    """List the questions asked, most recent first (in the app and with `ask`)."""
    from ketamine_tui.userdata import UserData

    data = UserData.open()
    if clear:
        data.clear_history()
    questions = data.history()
    warn_all(data.warnings)
    if as_json:
        print_json(questions)
        return
    if not questions:
        echo("No questions asked yet.")
        return
    from ketamine_tui.formatting import history_lines

    console = stdout_console()
    for line in history_lines(questions):
        console.print(line)


@cli.command()
@json_option
@click.option(
    "--remove", "remove", metavar="ID", multiple=True, help="Remove the bookmark with this id."
)
@click.option("--clear", is_flag=True, help="Remove every bookmark.")
def bookmarks(as_json: bool, remove: tuple[str, ...], clear: bool) -> None:
    """List the bookmarked questions and passages, with their ids (press b in the app to add one).

    --remove ID (the id shown in the list: a passage id, or q-… for a question) removes one.
    """
    from dataclasses import asdict

    from ketamine_tui.userdata import UserData

    data = UserData.open()
    if clear:
        data.clear_bookmarks()
    for wanted in remove:
        if data.remove_bookmark(wanted) is None and not data.warnings:
            known = ", ".join(m.id for m in data.bookmarks()) or "there are none"
            raise click.BadParameter(
                f"no bookmark {wanted!r} (ids: {known})", param_hint="--remove"
            )
    marks = data.bookmarks()
    warn_all(data.warnings)
    if as_json:
        print_json([{"id": m.id, **asdict(m)} for m in marks])
        return
    if not marks:
        echo("No bookmarks yet: press b in the app on a question or a passage.")
        return
    from ketamine_tui.formatting import bookmark_lines

    console = stdout_console()
    for line in bookmark_lines(marks):
        console.print(line)


@cli.command(name="eval")
@click.argument("questions", type=click.Path(dir_okay=False, path_type=Path))
@json_option
@click.pass_obj
def eval_command(settings: Settings, questions: Path, as_json: bool) -> None:
    """Measure search and answers on QUESTIONS (JSON lines: {"q", "answerable", "gold"}).

    Prints Success@1/3/5 and MRR@10 of search over the answerable questions, the share of
    answers containing a gold phrase, and answerability accuracy with both kinds of error.
    """
    from ketamine_tui.evaluation import evaluate, load_questions

    loaded = load_questions(questions)
    engine = settings.engine()
    report = evaluate(engine, loaded)
    warn_all(engine.topic_problems)
    if as_json:
        print_json(report.to_json())
        return
    from ketamine_tui.formatting import eval_renderables

    console = stdout_console()
    for part in eval_renderables(report):
        console.print(part)
