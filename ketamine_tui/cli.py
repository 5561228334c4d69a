"""The command line: `ketamine-tui` opens the app; its sub-commands search and answer in the shell.

Thin by design: this module holds the group, its global options and the two ways to open the
explorer (in this terminal, or served to browsers); the other commands live in modules by job
(`cli_answers`: search, ask, compare; `cli_corpus`: topics, sources, show; `cli_userdata`:
history, bookmarks; `cli_maintenance`: index, eval), each parsing its arguments, calling the
engine and formatting the result with `formatting` (guarded output, messages and exit codes live
in `shell`). A command's module loads when that command runs (`CommandGroup`), and heavy modules
inside the commands that need them, so `ketamine-tui search` never loads textual. Exit codes:
0 found, 1 nothing found, 2 bad usage or input, 3 corpus or index problem.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from ketamine_tui import __version__, gc_policy, shell
from ketamine_tui.cli_common import Options
from ketamine_tui.shell import PROG, echo, warn_all

# ---------------------------------------------------------------------------------------------
# The group

# The commands kept in modules by job: name → (module, attribute). A command's module is imported
# when that command runs (or help, completion list them), so `search` loads no other's code.
COMMAND_MODULES = {
    "search": ("cli_answers", "search"),
    "ask": ("cli_answers", "ask"),
    "compare": ("cli_answers", "compare_command"),
    "topics": ("cli_corpus", "topics"),
    "sources": ("cli_corpus", "sources"),
    "show": ("cli_corpus", "show"),
    "index": ("cli_maintenance", "index"),
    "eval": ("cli_maintenance", "eval_command"),
    "history": ("cli_userdata", "history"),
    "bookmarks": ("cli_userdata", "bookmarks"),
}


class CommandGroup(click.Group):
    """The group, the commands of `COMMAND_MODULES` loaded on first use (click's lazy group)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, sorted as click sorts them."""
        return sorted({*super().list_commands(ctx), *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command of this name, its module imported and the command registered once.

        An unknown name loads them all: click's "Did you mean…?" offers what is registered.
        """
        if cmd_name not in self.commands:
            for name in [cmd_name] if cmd_name in COMMAND_MODULES else COMMAND_MODULES:
                if name not in self.commands:
                    module, attribute = COMMAND_MODULES[name]
                    loaded = importlib.import_module(f"ketamine_tui.{module}")
                    self.add_command(getattr(loaded, attribute), name)
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=CommandGroup,
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
# The explorer in a browser (here, beside the explorer in a terminal; the other commands are in
# COMMAND_MODULES)


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

    gc_policy.started()  # the server runs for hours

    def announce() -> None:
        echo(f"Serving ketamine-tui on {url} (Ctrl+C stops it)")

    served.serve(
        served.app_command(options.corpus, options.cache_dir), host, port, not loopback, announce
    )
