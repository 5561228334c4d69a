"""The commands over the user's own data: `history` and `bookmarks` (no corpus is opened)."""

from __future__ import annotations

import click

from ketamine_tui.cli_common import json_option
from ketamine_tui.shell import echo, print_json, stdout_console, warn_all


@click.command(short_help="List the questions asked so far, most recent first.")
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


@click.command(short_help="List the bookmarked questions and passages.")
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
