"""The commands that look after the engine: `index` (build, update) and `eval` (measure)."""

from __future__ import annotations

from pathlib import Path

import click

from ketamine_tui.cli_common import Options, json_option
from ketamine_tui.shell import echo, print_json, stdout_console


@click.command(short_help="Build or update the search index and show its counts.")
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


@click.command(name="eval", short_help="Measure search and answers on your own questions.")
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
