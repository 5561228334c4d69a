"""The command line's edge: guarded standard output, one-line messages, exit codes, entry point.

Everything a command prints goes through here: results to a guarded standard output (a closed
pipe ends a command quietly with its own status; a failed write is one line and exit 2), warnings
and errors to standard error as one printable line each. `main` turns every error meant for a
user into such a line and its exit code, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any, NoReturn, TypeVar, cast

from ketamine_tui import gc_policy

gc_policy.starting()  # before the imports of start-up (see gc_policy)

import click  # noqa: E402

from ketamine_tui.errors import KetamineTuiError  # noqa: E402

if TYPE_CHECKING:
    from rich.console import Console

EXIT_FOUND, EXIT_NOTHING, EXIT_USAGE, EXIT_CORPUS = 0, 1, 2, 3
PROG = "ketamine-tui"

T = TypeVar("T")
# Set by --debug or KETAMINE_TUI_DEBUG=1: an internal error then shows its traceback.
DEBUG = bool(os.environ.get("KETAMINE_TUI_DEBUG", "").strip() not in ("", "0"))


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

    def _guarded(self, action: Callable[[], T], dropped: T) -> T:
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


_RESULTS: ResultStream | None = None


def results() -> IO[str]:
    """The guarded standard output (made anew when sys.stdout is replaced, as tests do)."""
    global _RESULTS
    if _RESULTS is None or _RESULTS._stream is not sys.stdout:
        _RESULTS = ResultStream(sys.stdout)
    # A file in all that rich and click use of one (write, flush, isatty, fileno, encoding).
    return cast(IO[str], _RESULTS)


def echo(text: str, nl: bool = True) -> None:
    """Print plain text to the results."""
    click.echo(text, file=results(), nl=nl)


def stdout_console() -> Console:
    """The console for results: wrapped to a terminal's width, unwrapped into a pipe."""
    from rich.console import Console

    return Console(file=results(), highlight=False, soft_wrap=not sys.stdout.isatty())


def stderr_console() -> Console:
    """A console on standard error (progress bars)."""
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal (a closed or odd stream counts as not one)."""
    return _is_terminal(sys.stdout)


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def print_notice(console: Console | None = None) -> None:
    """The not-medical-advice notice: below the results in a terminal, else on stderr.

    Results written to a file or a pipe stay only results; the person who ran the command still
    sees the notice. JSON output (no `console`) always leaves it to stderr.
    """
    from ketamine_tui.export import NOTICE

    if console is not None and stdout_is_terminal():
        from rich.text import Text

        console.print(Text(NOTICE, style="dim"))
    else:
        click.echo(f"{PROG}: {NOTICE}", err=True)


def require_terminal() -> None:
    """Stop at once (exit 2) unless the app has a terminal: standard output and input.

    A Textual driver chosen in the environment (`TEXTUAL_DRIVER`, as textual-serve sets for each
    session it runs) draws and reads elsewhere, so it needs no terminal.
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        return
    for name, stream in (("output", sys.stdout), ("input", sys.stdin)):
        if not _is_terminal(stream):
            fail(
                f"the explorer needs a terminal and standard {name} is not one; from a script "
                f"or into a file, use a command such as '{PROG} search QUERY' or "
                f"'{PROG} ask QUESTION'",
                EXIT_USAGE,
            )


def warn(message: str) -> None:
    """One printable line on stderr: `ketamine-tui: warning: …`."""
    from ketamine_tui.safetext import one_line

    click.echo(f"{PROG}: warning: {one_line(message)}", err=True)


def warn_all(messages: Iterable[str]) -> None:
    """Each message as a warning line."""
    for message in messages:
        warn(message)


def fail(message: str, code: int) -> NoReturn:
    """Print a one-line error on stderr and exit with `code`."""
    from ketamine_tui.safetext import one_line

    click.echo(f"{PROG}: error: {one_line(message)}", err=True)
    sys.exit(code)


def print_json(data: Any) -> None:
    """JSON for scripts, with no raw control character in it."""
    from ketamine_tui.safetext import json_dumps

    echo(json_dumps(data))


class ProgressReporter:
    """A rich progress bar on stderr, shown only once an index build actually starts."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> ProgressReporter:
        return self

    def __call__(self, done: int, total: int, stage: str) -> None:
        """Show `done` of `total` for `stage` (the bar appears on the first call)."""
        if not sys.stderr.isatty():
            return  # a bar drawn into a log file or pipe is noise
        if self._progress is None:
            from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                console=stderr_console(),
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
        results().flush()
    except KetamineTuiError as exc:
        with contextlib.suppress(OSError, ValueError):
            click.echo(f"{PROG}: error: {exc.message}", err=True)
        code = exc.exit_code
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI: one-line errors with exit codes, never a traceback for a user mistake."""
    from ketamine_tui.cli import cli

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
    except Exception as exc:  # a bug: one line, the traceback only when asked for
        if DEBUG:
            import traceback

            traceback.print_exc()
        hint = "" if DEBUG else " (run with --debug or KETAMINE_TUI_DEBUG=1 for the traceback)"
        fail(f"internal error: {type(exc).__name__}: {exc}{hint}", EXIT_CORPUS)
