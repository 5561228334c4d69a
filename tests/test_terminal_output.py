"""What the app really writes to the terminal: no escape sequence that came from the data.

Pilot's headless driver draws nothing, so these tests run the app with a driver that records
every byte the app would send to a terminal, and look in it for the sequences planted in topic
questions, the history, bookmarks, the `--query` text and pastes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import settle, write_articles
from textual import events
from textual.drivers.headless_driver import HeadlessDriver

from ketamine_tui.engine import Engine
from ketamine_tui.tui.app import KetamineApp, make_app
from ketamine_tui.tui.screens.explorer import ExplorerScreen
from ketamine_tui.tui.widgets.answer_view import AnswerView
from ketamine_tui.tui.widgets.topic_tree import TopicTree
from ketamine_tui.userdata import UserData

# Sequences a terminal obeys: set the window title, write the clipboard, report the cursor
# position (the answer would arrive as typed keys). Textual itself sends none of them.
PLANTED = ("\x1b]2;", "\x1b]52;", "\x1b[6n")
# What Textual does send: CSI sequences (colours, cursor moves, modes), OSC 8 links and OSC 22
# pointer shapes.
TEXTUAL_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b](?:8|22);[^\x07\x1b]*(?:\x07|\x1b\\)")


class RecordingDriver(HeadlessDriver):
    """A headless driver that keeps what a real one would write to the terminal."""

    written: list[str] = []

    @property
    def is_headless(self) -> bool:
        """Not headless: the app renders its frames and hands them to `write`."""
        return False

    def write(self, data: str) -> None:
        """Keep the bytes instead of writing them."""
        RecordingDriver.written.append(data)

    def flush(self) -> None:
        """Nothing to flush."""


def recording(app: KetamineApp) -> KetamineApp:
    """The app, set to render through a RecordingDriver (run it with `headless=False`)."""
    RecordingDriver.written = []
    app.driver_class = RecordingDriver
    return app


def assert_no_planted_escape(output: str) -> None:
    """No planted sequence, and no ESC that does not start one of Textual's own sequences."""
    assert output, "the app wrote nothing: the recording driver is not in use"
    for sequence in PLANTED:
        assert sequence not in output, f"{sequence!r} reached the terminal"
    stray = TEXTUAL_SEQUENCE.sub("", output)
    assert "\x1b" not in stray, stray[max(0, stray.index("\x1b") - 40) :][:120]


def title(name: str) -> str:
    """An OSC 2 sequence (set the window title), as TOML writes it."""
    return f"\\u001b]2;{name}\\u001b\\\\"


def hostile_corpus(folder: Path) -> Path:
    """An article about zebrafish, with a topics.toml whose questions carry escape sequences."""
    clip = "\\u001b]52;c;UFdORUQ=\\u001b\\\\"
    return write_articles(
        folder,
        {
            "articles/fish.md": "# Zebrafish\n\n## Doses\n\nThe zebrafish dose is small and "
            "it is given in water.\n\n## Size\n\nA zebrafish is small: about four centimetres "
            "long.\n",
            "topics.toml": "[[topic]]\n"
            f'title = "Fish {title("TOPIC")}"\n'
            f'questions = ["What is the zebrafish dose? {clip}", '
            f'"How big is a zebrafish {title("RELATED")}?", "Report \\u001b[6n here"]\n',
        },
    )


def hostile_userdata(folder: Path) -> UserData:
    """History and bookmarks files whose entries carry escape sequences."""
    folder.mkdir(parents=True)
    osc = "\x1b]2;{}\x1b\\"
    (folder / "history.json").write_text(
        json.dumps([f"zebrafish history {osc.format('HISTORY')}"]), encoding="utf-8"
    )
    (folder / "bookmarks.json").write_text(
        json.dumps(
            [
                {
                    "kind": "question",
                    "label": f"zebrafish mark {osc.format('MARK')}",
                    "question": f"zebrafish mark {osc.format('MARK')}",
                },
                {
                    "kind": "passage",
                    "label": f"Zebrafish · Doses {osc.format('LABEL')}",
                    "source_id": "fish",
                    "passage_id": f"fish-9 {osc.format('PASSAGE')}",
                },
            ]
        ),
        encoding="utf-8",
    )
    return UserData(folder)


async def choose(pilot, tree: TopicTree, kind: str, label: str = "") -> None:  # type: ignore[no-untyped-def]
    """Select the first tree leaf of a kind whose label starts with `label`, with Enter."""
    stack, node = [tree.root], None
    while stack and node is None:
        candidate = stack.pop(0)
        data = candidate.data
        if data is not None and data.kind == kind and str(candidate.label).startswith(label):
            node = candidate
        stack.extend(candidate.children)
    assert node is not None, (kind, label)
    parent = node.parent
    while parent is not None:
        parent.expand()
        parent = parent.parent
    await pilot.pause()
    tree.focus()
    tree.move_cursor(node)
    await pilot.press("enter")
    await settle(pilot)


async def test_no_escape_from_the_data_reaches_the_terminal(tmp_path: Path) -> None:
    corpus = hostile_corpus(tmp_path / "corpus")
    userdata = hostile_userdata(tmp_path / "data")
    app = recording(
        make_app(
            engine=Engine.in_memory(corpus),
            userdata=userdata,
            initial_query="x \x1b]2;QUERY\x1b\\ zebrafish dose \x1b[6n",
        )
    )
    async with app.run_test(
        size=(100, 30), headless=False, notifications=True, tooltips=True
    ) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExplorerScreen)
        tree = screen.query_one(TopicTree)
        # A topic question (show_query puts it in the search box), then the History branch.
        await choose(pilot, tree, "question", "What is the zebrafish dose?")
        await choose(pilot, tree, "question", "zebrafish history")
        # A related question of the answer.
        view = screen.query_one(AnswerView)
        related = [o for o in view.lines.options if (o.id or "").startswith("related-")]
        assert related, [str(o.prompt) for o in view.lines.options]
        view.lines.focus()
        view.lines.highlighted = view.lines.get_option_index(related[0].id or "")
        await pilot.press("enter")
        await settle(pilot)
        # Both bookmarks: a question one, and a passage one whose passage id is not found (the
        # error is a notification).
        await choose(pilot, tree, "bookmark")
        bookmarks = tree.bookmarks_branch
        assert bookmarks is not None
        tree.move_cursor(bookmarks.children[-1])
        await pilot.press("enter")
        await settle(pilot)
        # The palette's question entries, and a paste into the search box.
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Report")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        screen.query_one("#search").focus()
        app.post_message(events.Paste("pasted \x1b]2;PASTE\x1b\\ zebrafish"))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.3)
    assert_no_planted_escape("".join(RecordingDriver.written))
    saved = json.loads((tmp_path / "data" / "history.json").read_text(encoding="utf-8"))
    assert saved and not any("\x1b" in question for question in saved), saved


def test_topic_questions_and_user_data_are_cleaned_as_they_are_read(tmp_path: Path) -> None:
    from ketamine_tui.topics import load_topics

    topics = load_topics(hostile_corpus(tmp_path / "corpus"))
    assert topics[0].title == "Fish"
    assert topics[0].questions == (
        "What is the zebrafish dose?",
        "How big is a zebrafish ?",
        "Report here",
    )
    data = hostile_userdata(tmp_path / "data")
    assert data.history() == ["zebrafish history"]
    marks = data.bookmarks()
    assert [(m.label, m.question, m.passage_id) for m in marks] == [
        ("zebrafish mark", "zebrafish mark", ""),
        ("Zebrafish · Doses", "", "fish-9"),
    ]
    data.add_history("typed \x1b]52;c;UFdORUQ=\x07 question")
    assert data.history()[0] == "typed question"
