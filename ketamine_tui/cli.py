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

from ketamine_tui import __version__, shell
from ketamine_tui.query import MAX_LIMIT
from ketamine_tui.shell import (
    EXIT_FOUND,
    EXIT_NOTHING,
    PROG,
    ProgressReporter,
    echo,
    print_json,
    print_notice,
    stdout_console,
    stdout_is_terminal,
    warn_all,
)

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

        Commands that neither answer nor list topics pass `topics=False`: no FAQ file is read.
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
@click.option(
    "--debug",
    is_flag=True,
    envvar="KETAMINE_TUI_DEBUG",
    help="Show the traceback of an internal error [env: KETAMINE_TUI_DEBUG=1].",
)
@click.version_option(
    __version__, "-V", "--version", prog_name=PROG, message="%(prog)s %(version)s"
)
@click.pass_context
def cli(
    ctx: click.Context, corpus: Path | None, cache_dir: Path | None, query: str | None, debug: bool
) -> None:
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
    shell.DEBUG = shell.DEBUG or debug
    ctx.obj = Options(corpus, cache_dir)
    if ctx.invoked_subcommand is None:
        _open_app(ctx.obj, query)
    elif query is not None:
        raise click.UsageError(
            f"--query opens the explorer; it does not go with '{ctx.invoked_subcommand}' "
            f"(try: {PROG} search QUERY)"
        )


def _open_app(options: Options, query: str | None) -> None:
    """Open the Textual app (the only place the CLI imports textual)."""
    from ketamine_tui.shell import require_terminal

    require_terminal()  # drawing into a file would write escape codes and wait for keys
    try:
        from ketamine_tui.tui.app import make_app
    except ImportError:  # the app is not part of this build
        echo(cli.get_help(click.get_current_context()))
        return
    from ketamine_tui.paths import default_corpus

    app = make_app(
        corpus_dir=options.corpus or default_corpus(),
        cache_dir=options.cache_dir,
        initial_query=query,
    )
    app.run()
    sys.exit(app.return_code or 0)


# ---------------------------------------------------------------------------------------------
# Commands


_LIMIT = click.IntRange(1, MAX_LIMIT)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
explain_option = click.option(
    "--explain", is_flag=True, help="Say why: matched words, scores and the features that chose."
)


def _complete_article_id(
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


def _complete_section(
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


@cli.command(short_help="Search the articles: ranked passages, matches highlighted.")
@click.argument("query")
@click.option(
    "-n",
    "--limit",
    type=_LIMIT,
    default=10,
    show_default=True,
    help=f"How many passages (1-{MAX_LIMIT}).",
)
@click.option(
    "-s",
    "--source",
    metavar="ID",
    shell_complete=_complete_article_id,
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


@cli.command(short_help="Answer a question with quoted sentences and their sources.")
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


@cli.command(name="compare", short_help="Compare the articles on a question, side by side.")
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


@cli.command(short_help="List the FAQ topics and their questions.")
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


@cli.command(short_help="List the articles, their sections and passage counts.")
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


@cli.command(short_help="Print an article, or one of its sections, with passage ids.")
@click.argument("source_id", shell_complete=_complete_article_id)
@click.option(
    "--section",
    metavar="NAME",
    shell_complete=_complete_section,
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


@cli.command(short_help="Build or update the search index and show its counts.")
@click.option("--rebuild", is_flag=True, help="Build from scratch even when the index is current.")
@click.pass_obj
def index(options: Options, rebuild: bool) -> None:
    """Build the search index when missing or stale (or always, with --rebuild) and show counts."""
    engine = options.engine(rebuild=rebuild, topics=False)
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


@cli.command(short_help="List the questions asked so far, most recent first.")
@json_option
@click.option("--clear", is_flag=True, help="Forget every question asked so far.")
def history(as_json: bool, clear: bool) -> None:
    """List the questions asked, most recent first (in the app, and with `ask` in a terminal)."""
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


@cli.command(short_help="List the bookmarked questions and passages.")
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


@cli.command(name="serve", short_help="Serve the explorer to web browsers (loopback by default).")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; one other than loopback needs --public.",
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port."
)
@click.option(
    "--public",
    is_flag=True,
    help="Allow an address other than loopback: anyone who reaches the port gets a session.",
)
@click.pass_obj
def serve_command(options: Options, host: str, port: int, public: bool) -> None:
    """Serve the explorer to web browsers (textual-serve), on this machine only by default.

    Each browser tab gets its own session of the app, over the same corpus and index (and the
    same bookmarks and history) as this command. Ctrl+C stops the server.
    """
    from ketamine_tui import serve as served  # textual-serve and aiohttp: this command only

    loopback = all(served.is_loopback_address(a) for a in served.resolve_host(host, port))
    if not loopback and not public:
        raise click.UsageError(
            f"{host} is not a loopback address: add --public to serve other machines "
            "(anyone who reaches the port gets a session)"
        )
    options.engine()  # opened (or built) now: a corpus problem is reported before serving
    url = served.url_for(host, port)
    if not loopback:
        warn_all(
            [
                f"serving on {url} for other machines: anyone who can reach this port gets a "
                "session of ketamine-tui, with this user's bookmarks and history"
            ]
        )

    def announce() -> None:
        echo(f"Serving ketamine-tui on {url} (Ctrl+C stops it)")

    served.serve(
        served.app_command(options.corpus, options.cache_dir), host, port, not loopback, announce
    )


@cli.command(name="eval", short_help="Measure search and answers on your own questions.")
@click.argument(
    "questions", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--set",
    "assignments",
    metavar="NAME=VALUE",
    multiple=True,
    help="Evaluate with a setting changed (repeatable; names: see ketamine_tui/settings.py).",
)
@json_option
@click.pass_obj
def eval_command(
    options: Options, questions: tuple[Path, ...], assignments: tuple[str, ...], as_json: bool
) -> None:
    """Measure search and answers on question files (JSON lines: {"q", "answerable", "gold"}).

    For one file: Success@1/3/5 and MRR@10 of search over the answerable questions, the share of
    answers (and of first sentences) containing a gold phrase, answerability accuracy with both
    kinds of error, and each question missed. For several: one row per file. With --set, the
    same measured with changed settings, a sweep anyone can repeat.
    """
    from ketamine_tui.evaluation import evaluate, load_questions
    from ketamine_tui.settings import DEFAULT_SETTINGS

    try:
        settings, changes = DEFAULT_SETTINGS.changed(list(assignments))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--set") from None
    loaded = [(path.stem, load_questions(path)) for path in questions]
    engine = options.engine(settings=settings)
    reports = [(name, evaluate(engine, items)) for name, items in loaded]
    changed = {n: new for n, _, new in changes}
    if as_json:
        if len(reports) == 1:
            print_json({**reports[0][1].to_json(), "settings_changed": changed})
        else:
            sets = [{"set": name, **report.to_json()} for name, report in reports]
            print_json({"sets": sets, "settings_changed": changed})
        return
    from ketamine_tui.formatting import eval_renderables, eval_summary, settings_line

    console = stdout_console()
    if changes:
        console.print(settings_line(changes))
    parts = eval_renderables(reports[0][1]) if len(reports) == 1 else [eval_summary(reports)]
    for part in parts:
        console.print(part)
