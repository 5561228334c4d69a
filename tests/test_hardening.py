"""Hostile input: markup and escape codes in articles and queries, huge and broken files, and a
"monkey" that presses 2,000 random keys and clicks."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import prompt_text, write_articles
from textual.content import Content
from textual.widgets import Input, OptionList, Static

from ketamine_tui.corpus import MAX_ARTICLE_BYTES, load_corpus
from ketamine_tui.engine import Engine
from ketamine_tui.tui.app import KetamineApp, make_app
from ketamine_tui.tui.screens.explorer import SEARCH_DELAY, ExplorerScreen
from ketamine_tui.tui.screens.reader import ReaderScreen
from ketamine_tui.tui.widgets.answer_view import AnswerView
from ketamine_tui.tui.widgets.key_bar import KeyBar
from ketamine_tui.tui.widgets.topic_tree import TopicTree
from ketamine_tui.userdata import UserData

# Markup of every kind a renderer might interpret, and terminal escape sequences.
HOSTILE = {
    "rich": "[bold red]BOLD[/]",
    "closing": "[/x]",
    "link": "[link=file:///etc/passwd]click me[/link]",
    "textual": "[@click=app.quit]quit[/]",
    "ansi": "\x1b[31mRED\x1b[0m",
    "osc": "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
    "title": "\x1b]0;pwned\x07",
    "bidi": "abc\u202edcba",
}


@pytest.fixture
def hostile_corpus(tmp_path: Path) -> Path:
    body = " ".join(HOSTILE.values())
    return write_articles(
        tmp_path / "hostile",
        {
            "hostile.md": (
                f"---\ntitle: Zebra {HOSTILE['rich']} {HOSTILE['ansi']}\n---\n"
                f"## Heading {HOSTILE['link']} {HOSTILE['textual']}\n\n"
                f"Zebrafish sleep well. {body}\n\n"
                f"## Second {HOSTILE['closing']} heading\n\nZebrafish dream. {HOSTILE['osc']} {HOSTILE['title']}\n"
            ),
            "calm.md": "# Calm\n\n## Heading calm\n\nNothing to see here about fish.\n",
        },
    )


def _no_raw_controls(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


def test_cli_shows_markup_and_escapes_literally(
    hostile_corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_cli import run

    outputs = []
    for args in (
        ["search", "zebrafish"],
        ["ask", "Do zebrafish sleep?"],
        ["sources"],
        ["show", "hostile"],
        ["topics"],
        ["search", HOSTILE["rich"] + " zebrafish " + HOSTILE["ansi"]],
    ):
        code, out, err = run(capsys, "--corpus", str(hostile_corpus), *args)
        assert code in (0, 1), (args, err)
        _no_raw_controls(out + err)
        outputs.append(out)
    everything = "\n".join(outputs)
    for literal in (
        "[bold red]BOLD[/]",
        "[/x]",
        "[link=file:///etc/passwd]click me[/link]",
        "[@click=app.quit]quit[/]",
    ):
        assert literal in everything
    assert "\\x1b[31mRED\\x1b[0m" in everything
    assert "\\x1b]8;;https://evil.example\\x07link" in everything
    assert "abc\\u202edcba" in everything


def _widget_texts(app) -> str:  # type: ignore[no-untyped-def]
    """The plain text of every Static, option and tree label on the current screen."""
    texts = []
    for widget in app.screen.query("*"):
        if widget.border_title:
            texts.append(Content.from_markup(widget.border_title).plain)
        if isinstance(widget, Static):
            texts.append(str(widget.visual))
        elif isinstance(widget, OptionList):
            texts.extend(prompt_text(option.prompt) for option in widget.options)
        elif isinstance(widget, TopicTree):
            stack = [widget.root]
            while stack:
                node = stack.pop()
                texts.append(str(node.label))
                stack.extend(node.children)
        elif isinstance(widget, Input):
            texts.append(widget.value)
    return "\n".join(texts)


async def test_every_widget_shows_markup_and_escapes_literally(
    hostile_corpus: Path, tmp_path: Path
) -> None:
    app = make_app(engine=Engine.in_memory(hostile_corpus), userdata=UserData(tmp_path / "data"))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        query = f"zebrafish {HOSTILE['link']}"
        app.screen.query_one("#search", Input).value = query
        await pilot.pause(SEARCH_DELAY + 0.05)
        app.screen.query_one("#search", Input).focus()
        await pilot.press("enter")
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        explorer_text = _widget_texts(app)
        tree = app.screen.query_one(TopicTree)
        for node in (tree.articles_branch, tree.topics_branch):
            node.expand_all()
        await pilot.pause()
        explorer_text += _widget_texts(app)
        assert app.screen.query_one(AnswerView).answer.answered

        # Open the article in the reader too.
        app.screen.open_reader("hostile")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        reader_text = _widget_texts(app)

    for text in (explorer_text, reader_text):
        _no_raw_controls(text)
    assert HOSTILE["link"] in explorer_text  # the query, in the search box and the heading
    assert "Zebra [bold red]BOLD[/] \\x1b[31mRED\\x1b[0m" in explorer_text  # title in tree, sources
    assert (
        "Heading [link=file:///etc/passwd]click me[/link] [@click=app.quit]quit[/]" in explorer_text
    )
    for literal in (
        "[bold red]BOLD[/]",
        "[/x]",
        "[@click=app.quit]quit[/]",
        "\\x1b]0;pwned\\x07",
        "abc\\u202edcba",
    ):
        assert literal in reader_text


async def test_the_command_palette_shows_markup_literally(tmp_path: Path) -> None:
    # Textual's own matcher highlight parses its candidate as markup: "[/]" would crash it.
    corpus = write_articles(
        tmp_path / "c", {"a.md": "# Ketamine [/] notes [@click=app.quit]x[/]\n\nZebrafish text.\n"}
    )
    app = make_app(engine=Engine.in_memory(corpus), userdata=UserData(tmp_path / "data"))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"notes")
        await pilot.pause(0.5)
        options = app.screen.query_one(OptionList)
        labels = [str(option.prompt) for option in options.options]
        assert any("Open: Ketamine [/] notes [@click=app.quit]x[/]" in label for label in labels)
        await pilot.press("escape")


def test_a_five_megabyte_article_is_indexed_and_searchable(tmp_path: Path) -> None:
    rng = random.Random(5)
    words = "ketamine relief brain glutamate patients dose infusion weeks hours clinic".split()
    paragraphs, size = [], 0
    while size < 5 * 1024 * 1024 + 50_000:
        paragraph = (
            " ".join(rng.choice(words) for _ in range(rng.randint(40, 120))).capitalize() + "."
        )
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    paragraphs[len(paragraphs) // 2] = "The unique zebrafish sentence sits in the middle."
    write_articles(tmp_path / "big", {"big.txt": "\n\n".join(paragraphs) + "\n"})
    corpus = load_corpus(tmp_path / "big")
    assert (tmp_path / "big" / "big.txt").stat().st_size > 5 * 1024 * 1024
    assert len(corpus.passages) > 1000
    engine = Engine.in_memory(tmp_path / "big")
    assert (
        engine.search("zebrafish").hits[0].passage.text
        == "The unique zebrafish sentence sits in the middle."
    )


def test_an_article_over_the_size_limit_is_skipped_with_a_warning(tmp_path: Path) -> None:
    folder = write_articles(tmp_path / "c", {"small.txt": "Small\n\nFine text.\n"})
    with open(folder / "huge.txt", "wb") as handle:
        handle.truncate(MAX_ARTICLE_BYTES + 1)
    corpus = load_corpus(folder)
    assert [a.article.source_id for a in corpus.articles] == ["small"]
    assert any("huge.txt: larger than 20 MB" in p for p in corpus.problems)


# fmt: off
KEYS = [
    *"abcdefghijklmnoprstuvwxyz0123456789 ",  # no "q": quitting would end the walk
    "enter", "escape", "tab", "shift+tab", "up", "down", "left", "right", "pageup", "pagedown",
    "home", "end", "backspace", "slash", "question_mark", "left_square_bracket",
    "right_square_bracket", "ctrl+p", "f1",
]
# fmt: on


def quit_key_at(app: KetamineApp, x: int, y: int) -> bool:
    """Whether the screen's key bar shows Quit at (x, y)."""
    for bar in app.screen.query(KeyBar):
        if bar.region.contains(x, y) and bar.key_at(x - bar.region.x) in ("q", "ctrl+q"):
            return True
    return False


async def test_monkey_2000_random_keys_and_clicks(engine: Engine, tmp_path: Path) -> None:
    rng = random.Random(20261122)
    app = make_app(engine=engine, userdata=UserData(tmp_path / "data"))
    app.animation_level = "none"  # the monkey is not here to watch scrolling
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for step in range(2000):
            if rng.random() < 0.15:
                x, y = rng.randrange(100), rng.randrange(30)
                if quit_key_at(app, x, y):
                    continue  # a click on "q Quit" would end the walk, as q would
                await pilot.click(offset=(x, y))
            else:
                await pilot.press(rng.choice(KEYS))
            if step % 100 == 99:
                await pilot.pause()
        await pilot.pause(SEARCH_DELAY + 0.05)
        await app.workers.wait_for_complete()
        # Afterwards the app still answers: back to the explorer, ask, read the answer.
        while not isinstance(app.screen, ExplorerScreen):
            await pilot.press("escape")
            await pilot.pause()
        search = app.screen.query_one("#search", Input)
        search.value = "How is ketamine given?"
        search.focus()
        await pilot.press("enter")
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        answer = app.screen.query_one(AnswerView).answer
        assert (
            answer is not None and answer.answered and answer.question == "How is ketamine given?"
        )
