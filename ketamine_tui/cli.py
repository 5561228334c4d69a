"""The command line: `ketamine-tui` opens the app; its sub-commands search and answer in the shell.

Thin by design: parse the arguments, call the engine, format with rich. Heavy modules are imported
inside the commands that need them, so `ketamine-tui search` never loads textual. Exit codes:
0 found, 1 nothing found, 2 bad usage or input, 3 corpus or index problem.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from ketamine_tui import __version__
from ketamine_tui.errors import KetamineTuiError
from ketamine_tui.query import MAX_LIMIT

if TYPE_CHECKING:
    from rich.console import Console

    from ketamine_tui.engine import Engine

EXIT_FOUND, EXIT_NOTHING, EXIT_USAGE, EXIT_CORPUS = 0, 1, 2, 3
PROG = "ketamine-tui"


# ---------------------------------------------------------------------------------------------
# Shared plumbing


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

            with _progress_reporter() as progress:
                self._engine = Engine.open(self.corpus, self.cache_dir, progress, rebuild=rebuild)
            click.get_current_context().call_on_close(self._engine.close)
            _warn_all(self._engine.warnings)
        return self._engine


class ResultStream:
    """Standard output for results, guarded: a closed pipe and a failed write end cleanly.

    Once the reader is gone (`| head`) the rest is dropped, so a command still ends with its own
    status; any other failed write (a full disk) is an OutputError, exit 2.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.reader_gone = False

    def write(self, text: str) -> int:
        """Write `text` (dropped once the reader is gone)."""
        return self._guarded(lambda: self._stream.write(text), len(text))

    def flush(self) -> None:
        """Flush the underlying stream."""
        self._guarded(self._stream.flush, None)

    def _guarded(self, action: Any, dropped: Any) -> Any:
        if self.reader_gone:
            return dropped
        try:
            return action()
        except BrokenPipeError:
            self.reader_gone = True
            with contextlib.suppress(OSError, ValueError, AttributeError):
                # Point the descriptor at /dev/null: Python's final flush then has nowhere to fail.
                os.dup2(os.open(os.devnull, os.O_WRONLY), self._stream.fileno())
            return dropped
        except (OSError, ValueError) as exc:
            from ketamine_tui.errors import OutputError

            self.reader_gone = True  # said once: nothing more is tried on a broken output
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise OutputError(f"cannot write the output: {reason}") from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)  # isatty, fileno, encoding: as the stream has them


def _results() -> ResultStream:
    """The guarded standard output (made anew when sys.stdout is replaced, as tests do)."""
    global _RESULTS
    if _RESULTS is None or _RESULTS._stream is not sys.stdout:
        _RESULTS = ResultStream(sys.stdout)
    return _RESULTS


_RESULTS: ResultStream | None = None


def _echo(text: str, nl: bool = True) -> None:
    """Print plain text to the results."""
    click.echo(text, file=_results(), nl=nl)


def _stdout() -> Console:
    """The console for results: wrapped to a terminal's width, unwrapped into a pipe."""
    from rich.console import Console

    return Console(file=_results(), highlight=False, soft_wrap=not sys.stdout.isatty())


def _stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _warn(message: str) -> None:
    from ketamine_tui.safetext import one_line

    click.echo(f"{PROG}: warning: {one_line(message)}", err=True)


def _warn_all(messages: tuple[str, ...] | list[str]) -> None:
    for message in messages:
        _warn(message)


def fail(message: str, code: int) -> NoReturn:
    """Print a one-line error on stderr and exit with `code`."""
    from ketamine_tui.safetext import one_line

    click.echo(f"{PROG}: error: {one_line(message)}", err=True)
    sys.exit(code)


class _progress_reporter:
    """A rich progress bar on stderr, shown only once an index build actually starts."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _progress_reporter:
        return self

    def __call__(self, done: int, total: int, stage: str) -> None:
        if not sys.stderr.isatty():
            return  # a bar drawn into a log file or pipe is noise
        if self._progress is None:
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                console=_stderr(),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("Building the search index", total=total)
        self._progress.update(
            self._task, completed=done, total=total, description=stage.capitalize()
        )

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def _print_json(data: Any) -> None:
    from ketamine_tui.safetext import json_dumps

    _echo(json_dumps(data))


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
        _echo(cli.get_help(click.get_current_context()))
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

        _print_json(search_json(result))
        sys.exit(EXIT_FOUND if result.hits else EXIT_NOTHING)

    from rich.text import Text

    from ketamine_tui.export import NOTICE
    from ketamine_tui.formatting import DIM, hit_renderable, safe

    console = _stdout()
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
    _warn_all(engine.topic_problems)
    _record_history(answer.question)
    if as_json:
        from ketamine_tui.export import answer_json

        _print_json(answer_json(answer))
    elif fmt == "markdown":
        from ketamine_tui.export import answer_markdown

        _echo(answer_markdown(answer), nl=False)
    else:
        from ketamine_tui.formatting import answer_renderable

        _stdout().print(answer_renderable(answer))
    sys.exit(EXIT_FOUND if answer.answered else EXIT_NOTHING)


def _record_history(question: str) -> None:
    """Remember an asked question (a history that cannot be read or saved is only a warning)."""
    from ketamine_tui.userdata import UserData

    data = UserData.open()
    data.add_history(question)
    _warn_all(data.warnings)


@cli.command()
@json_option
@click.pass_obj
def topics(settings: Settings, as_json: bool) -> None:
    """List the FAQ topics and their questions."""
    engine = settings.engine()
    engine.topics  # noqa: B018  (loads them, so that a malformed topics.toml is reported first)
    _warn_all(engine.topic_problems)
    if as_json:
        from ketamine_tui.export import topics_json

        _print_json(topics_json(engine.topics))
        sys.exit(EXIT_FOUND if engine.topics else EXIT_NOTHING)
    from rich.tree import Tree

    from ketamine_tui.formatting import safe

    def add(branch: Tree, topic: Any) -> None:
        node = branch.add(safe(topic.title, "bold"))
        for question in topic.questions:
            node.add(safe(question))
        for child in topic.children:
            add(node, child)

    if not engine.topics:
        _echo("No FAQ topics: there is no topics.toml and the articles have no headings.")
        sys.exit(EXIT_NOTHING)
    root = Tree("FAQ topics")
    for topic in engine.topics:
        add(root, topic)
    _stdout().print(root)


@cli.command()
@json_option
@click.pass_obj
def sources(settings: Settings, as_json: bool) -> None:
    """List the articles: id, title, sections and passage counts."""
    engine = settings.engine()
    if as_json:
        from ketamine_tui.export import sources_json

        _print_json(sources_json(engine.articles))
        return
    from rich.table import Table

    from ketamine_tui.formatting import safe

    table = Table(title=f"{len(engine.articles)} articles", title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("title")
    table.add_column("sections", justify="right")
    table.add_column("passages", justify="right")
    for article in engine.articles:
        table.add_row(
            safe(article.source_id),
            safe(article.display_title),
            str(len(article.sections)),
            str(sum(s.passage_count for s in article.sections)),
        )
    _stdout().print(table)


@cli.command()
@click.argument("source_id")
@click.option("--section", metavar="NAME", help="Only this section (its title or slug).")
@click.pass_obj
def show(settings: Settings, source_id: str, section: str | None) -> None:
    """Print the article SOURCE_ID, or one of its sections, with its passage ids.

    Headings and passages are printed exactly as they stand in the file (site boilerplate left
    out).
    """
    from rich.rule import Rule

    from ketamine_tui.errors import NotFoundError
    from ketamine_tui.formatting import DIM, safe

    engine = settings.engine()
    article = engine.article(source_id)
    passages = engine.passages(source_id)
    sections = article.sections
    if section is not None:
        wanted = section.strip().lower()
        sections = tuple(s for s in article.sections if wanted in (s.slug, s.title.lower()))
        if not sections:
            names = "; ".join(s.title for s in article.sections)
            raise NotFoundError(f"{source_id} has no section {section!r} (sections: {names})")
    console = _stdout()
    console.print(safe(article.display_title, "bold"))
    console.print(safe(article.file, DIM))
    for part in sections:
        console.print(Rule(safe(part.title), align="left", style=DIM))
        for passage in (p for p in passages if p.section_slug == part.slug):
            console.print(safe(passage.passage_id, DIM))
            console.print(safe(passage.text))
            console.print()


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
    _echo(f"{what}: {stats.articles} articles, {stats.passages} passages, {stats.terms} terms.")
    if engine.index.location is not None:
        _echo(f"Location: {engine.index.location}")


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
    _warn_all(data.warnings)
    if as_json:
        _print_json(questions)
        return
    if not questions:
        _echo("No questions asked yet.")
        return
    from rich.text import Text

    from ketamine_tui.formatting import safe
    from ketamine_tui.safetext import one_line

    console = _stdout()
    for number, question in enumerate(questions, start=1):
        console.print(Text.assemble((f"{number:>3}. ", "dim"), safe(one_line(question))))


@cli.command()
@json_option
def bookmarks(as_json: bool) -> None:
    """List the bookmarked questions and passages (press b in the app to add one)."""
    from dataclasses import asdict

    from ketamine_tui.userdata import UserData

    data = UserData.open()
    marks = data.bookmarks()
    _warn_all(data.warnings)
    if as_json:
        _print_json([asdict(m) for m in marks])
        return
    if not marks:
        _echo("No bookmarks yet: press b in the app on a question or a passage.")
        return
    from rich.text import Text

    from ketamine_tui.formatting import DIM, safe
    from ketamine_tui.safetext import one_line

    console = _stdout()
    for mark in marks:
        if mark.kind == "question":
            console.print(Text.assemble(("? ", DIM), safe(one_line(mark.question))))
        else:
            console.print(
                Text.assemble(
                    ("¶ ", DIM), safe(one_line(mark.label)), (f"  {mark.passage_id}", DIM)
                )
            )


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
    _warn_all(engine.topic_problems)
    if as_json:
        _print_json(report.to_json())
        return
    from rich.table import Table
    from rich.text import Text

    from ketamine_tui.formatting import safe

    summary = report.to_json()
    table = Table(
        title=f"{report.questions} questions, {report.answerable} answerable", title_justify="left"
    )
    table.add_column("measure")
    table.add_column("value", justify="right")

    def shown(value: float | int | None) -> str:
        return (
            "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
        )

    for name, value in summary["search"].items():
        table.add_row(f"search {name}", shown(value))
    for name, value in summary["ask"].items():
        table.add_row(f"ask {name.replace('_', ' ')}", shown(value))
    console = _stdout()
    console.print(table)
    misses = [
        o
        for o in report.outcomes
        if o.answered != o.answerable or (o.answerable and not o.answer_has_gold)
    ]
    for outcome in misses:
        kind = (
            "said not covered"
            if outcome.answerable and not outcome.answered
            else "answered but not covered"
            if not outcome.answerable
            else f"answer lacks gold (search rank {outcome.search_rank})"
        )
        console.print(Text.assemble("  miss: ", safe(outcome.question), (f" — {kind}", "dim")))


# ---------------------------------------------------------------------------------------------
# Entry point


def entry_point() -> None:
    """The `ketamine-tui` console script: `main`, then a quick exit.

    Once the output is flushed nothing is left to do, so the process ends without tearing the
    interpreter down module by module (a third of a search's run time). Files are closed by the
    operating system; every write of ours was already completed and renamed into place.
    """
    try:
        main()
        code = EXIT_FOUND
    except SystemExit as exc:
        if isinstance(exc.code, str):
            click.echo(exc.code, err=True)
        code = exc.code if isinstance(exc.code, int) else (EXIT_NOTHING if exc.code else EXIT_FOUND)
    try:
        _results().flush()
    except KetamineTuiError as exc:
        with contextlib.suppress(OSError, ValueError):
            click.echo(f"{PROG}: error: {exc.message}", err=True)
        code = exc.exit_code
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI: one-line errors with exit codes, never a traceback for a user mistake."""
    try:
        cli.main(args=argv, prog_name=PROG, standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        fail(f"{exc.format_message()}{hint}", EXIT_USAGE)
    except click.Abort:
        click.echo("", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        fail(exc.format_message(), exc.exit_code or EXIT_USAGE)
    except KetamineTuiError as exc:
        fail(exc.message, exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away during click's own output (help): stop quietly, and keep Python
        # from complaining at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_FOUND)
