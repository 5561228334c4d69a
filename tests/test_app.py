"""The Textual app, driven with Pilot: searching, asking, the tree, the reader, help and history."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import prompt_text, settle, write_articles
from rich.console import Console
from textual.content import Content
from textual.widgets import Input, ProgressBar, Static

from ketamine_tui.engine import Engine
from ketamine_tui.tui.app import KetamineApp, make_app
from ketamine_tui.tui.screens.explorer import SEARCH_DELAY, ExplorerScreen
from ketamine_tui.tui.screens.help import HelpScreen
from ketamine_tui.tui.screens.loading import LoadingScreen
from ketamine_tui.tui.screens.reader import PassageBlock, ReaderScreen
from ketamine_tui.tui.widgets.answer_view import AnswerView
from ketamine_tui.tui.widgets.passage_list import PassageList
from ketamine_tui.tui.widgets.topic_tree import TopicTree
from ketamine_tui.userdata import UserData


def static_text(widget: Static) -> str:
    """The plain text a Static shows."""
    return str(widget.visual)


def heading_text(view: AnswerView) -> str:
    """The answer pane's title and heading: the question, a correction, why it is not covered."""
    title = Content.from_markup(view.border_title or "").plain
    return f"{title}\n{static_text(view.heading)}"


def answer_lines(app: KetamineApp) -> list[str]:
    """The plain text of every line of the answer pane."""
    view = app.screen.query_one(AnswerView)
    return [prompt_text(option.prompt) for option in view.lines.options]


def passage_lines(app: KetamineApp) -> list[str]:
    return [prompt_text(option.prompt) for option in app.screen.query_one(PassageList).options]


async def test_typing_a_question_answers_with_real_titles_and_sections(
    app: KetamineApp, engine: Engine
) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ExplorerScreen)
        assert app.screen.focused is app.screen.query_one("#search", Input)
        await pilot.press(*"side effects")
        await settle(pilot)
        # Search as you type filled the passages before Enter.
        assert any("Side Effects and Safety Concerns" in line for line in passage_lines(app))
        await pilot.press("enter")
        await settle(pilot)
        # Reading follows asking: the answer has the focus, so q would quit, not type.
        assert app.screen.focused is app.screen.query_one(AnswerView).lines
        lines = answer_lines(app)
        titles = {a.title for a in engine.articles}
        sections = {s.title for a in engine.articles for s in a.sections}
        source_lines = [line for line in lines if line.startswith("[")]
        assert source_lines, lines
        for line in source_lines:
            title, _, section = line.split("] ", 1)[1].partition(" · ")
            assert title in titles and section in sections
        assert any("side effects" in line for line in lines if line.startswith("•"))


async def test_choosing_a_tree_question_fills_the_answer(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(TopicTree)
        node = tree.node_for_question("What are the side effects of ketamine?")
        assert node is not None
        node.parent.expand()  # type: ignore[union-attr]
        await pilot.pause()
        tree.focus()
        tree.move_cursor(node)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(AnswerView)
        assert view.answer is not None and view.answer.answered
        assert "What are the side effects of ketamine?" in heading_text(view)
        assert (
            app.screen.query_one("#search", Input).value == "What are the side effects of ketamine?"
        )


async def test_enter_on_a_passage_opens_the_reader_there_and_escape_returns(
    app: KetamineApp,
) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"nasal spray", "enter")
        await settle(pilot)
        passages = app.screen.query_one(PassageList)
        hit = passages.highlighted_hit()
        assert hit is not None
        passages.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        current = app.screen.current_block()
        assert isinstance(current, PassageBlock)
        assert current.passage.passage_id == hit.passage.passage_id
        assert static_text(current) == hit.passage.text
        assert app.screen.focused is current
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ExplorerScreen)


async def test_enter_on_an_answer_sentence_opens_its_citation(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"How is ketamine given?", "enter")
        await settle(pilot)
        view = app.screen.query_one(AnswerView)
        citation = view.highlighted_citation()
        assert citation is not None
        view.lines.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        current = app.screen.current_block()
        assert current is not None and current.passage.passage_id == citation.passage_id
        assert citation.text in static_text(current)


async def test_help_lists_every_binding(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one(AnswerView).lines.focus()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#help-bindings", Static).content)
        text = console.export_text()
        for binding in [*KetamineApp.BINDINGS, *ExplorerScreen.BINDINGS, *ReaderScreen.BINDINGS]:
            if binding.description:
                assert binding.description in text
        await pilot.press("escape")
        assert isinstance(app.screen, ExplorerScreen)


async def test_tree_can_be_hidden_and_search_focused_with_slash(app: KetamineApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(TopicTree)
        app.screen.query_one(AnswerView).lines.focus()
        await pilot.press("t")
        assert not tree.display
        await pilot.press("t")
        assert tree.display
        await pilot.press("slash")
        assert app.screen.focused is app.screen.query_one("#search", Input)


async def test_history_back_and_forward(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        search = app.screen.query_one("#search", Input)
        for question in ("What is glutamate?", "How is ketamine given?"):
            await pilot.press("slash")
            search.value = question
            await pilot.press("enter")
            await settle(pilot)
        app.screen.query_one(AnswerView).lines.focus()
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.screen.query_one(AnswerView).answer.question == "What is glutamate?"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.query_one(AnswerView).answer.question == "How is ketamine given?"
        assert search.value == "How is ketamine given?"


async def test_question_not_covered_says_so_and_offers_questions(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"What is psilocybin therapy?", "enter")
        await settle(pilot)
        view = app.screen.query_one(AnswerView)
        assert "The articles don't cover this" in heading_text(view)
        lines = answer_lines(app)
        assert lines and all(line.startswith("→ Try: ") for line in lines)
        assert not any(line.startswith("•") for line in lines)


async def test_no_passages_found_says_so_and_offers_questions(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"zzqxv")
        await settle(pilot)
        lines = passage_lines(app)
        assert any("No passages match “zzqxv”" in line for line in lines)
        assert not [line for line in lines if line.startswith("→ Try: ")]  # nothing relates
        await pilot.press(*[" ", *"insurance"])  # a cost question: the kinds of answer near it
        await settle(pilot)
        lines = passage_lines(app)
        assert any("No passages match “zzqxv insurance”" in line for line in lines)
        offered = [line for line in lines if line.startswith("→ Try: ")]
        assert offered
        passages = app.screen.query_one(PassageList)
        passages.focus()
        await pilot.press("enter")  # the first offered question is highlighted
        await settle(pilot)
        answer = app.screen.query_one(AnswerView).answer
        assert answer is not None and answer.answered
        assert offered[0].startswith(f"→ Try: {answer.question}")


async def test_typo_correction_is_offered(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"ketamin side efects")
        await settle(pilot)
        assert "Showing results for ketamine side effects" in passage_lines(app)[0]


async def test_a_large_terminal_shows_everything(app: KetamineApp) -> None:
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await pilot.press(*"side effects", "enter")
        await settle(pilot)
        screen = app.screen
        tree, answer, passages = (screen.query_one(w) for w in (TopicTree, AnswerView, PassageList))
        assert tree.region.width >= 24 and answer.region.width > 100
        # The answer takes the rows it needs, whole; the passages take the rest.
        lines = answer.query_one("#answer-lines")
        assert lines.region.height == lines.virtual_size.height > 5
        assert passages.region.height > 20
        assert screen.query_one("#notice", Static).region.y == 58  # above the footer


async def test_initial_query_is_asked(engine: Engine, tmp_path: Path) -> None:
    app = make_app(engine=engine, userdata=UserData(tmp_path), initial_query="side effects")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == "side effects"
        assert app.screen.query_one(AnswerView).answer is not None


async def test_a_question_put_in_the_search_box_is_not_searched_over(
    engine: Engine, tmp_path: Path
) -> None:
    # Setting the box's text from code must not start search-as-you-type, whose passages would
    # replace the answer's ("not covered" would be followed by unrelated passages).
    question = "Is ketamine covered by insurance?"
    app = make_app(engine=engine, userdata=UserData(tmp_path), initial_query=question)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.pause(SEARCH_DELAY * 2)
        await settle(pilot)
        assert not app.screen.query_one(AnswerView).answer.answered
        assert passage_lines(app) == ["No passages shown: the articles don't cover this."]


async def test_app_builds_the_index_behind_a_progress_screen(
    corpus_dir: Path, tmp_path: Path
) -> None:
    app = make_app(corpus_dir=corpus_dir, cache_dir=tmp_path / "cache", userdata=UserData(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        seen = await _screens_until_the_explorer(app, pilot)
        await settle(pilot)
        # The build's first progress report brought the loading screen, with its bar.
        assert ("LoadingScreen", True) in seen
        assert isinstance(app.screen, ExplorerScreen)
        assert app.sub_title == f"5 articles · {app.engine.index.stats.passages} passages"


async def _screens_until_the_explorer(app: KetamineApp, pilot: Any) -> list[tuple[str, bool]]:
    """Each screen shown until the explorer's, and whether it had a progress bar then."""
    seen: list[tuple[str, bool]] = []
    deadline = time.monotonic() + 30
    while not isinstance(app.screen, ExplorerScreen) and time.monotonic() < deadline:
        seen.append((type(app.screen).__name__, bool(app.screen.query(ProgressBar))))
        await pilot.pause(0.01)
    return seen


async def test_an_index_that_opens_at_once_shows_no_loading_screen(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A built index opens within the delay (here made long, so that a slow machine cannot
    # reach it): the explorer comes over the app's own title and notice, no loading screen
    # flashes in between.
    from ketamine_tui.tui import app as app_module

    Engine.open(corpus_dir, tmp_path / "cache").close()  # built before the app starts
    monkeypatch.setattr(app_module, "LOADING_SCREEN_DELAY", 30.0)
    app = make_app(corpus_dir=corpus_dir, cache_dir=tmp_path / "cache", userdata=UserData(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        seen = await _screens_until_the_explorer(app, pilot)
        await settle(pilot)
        assert isinstance(app.screen, ExplorerScreen)
        assert all(name == "Screen" for name, _ in seen), seen
        assert [type(s).__name__ for s in app.screen_stack] == ["Screen", "ExplorerScreen"]
        under = app.screen_stack[0]
        assert "not medical advice" in static_text(under.query_one("#notice", Static))


async def test_the_loading_screen_adds_its_bar_with_the_first_progress(tmp_path: Path) -> None:
    # Opening a built index reports no progress, so the screen starts without a bar; a build's
    # first report adds one, and later reports move that same bar.
    app = make_app(
        corpus_dir=tmp_path / "missing", cache_dir=tmp_path / "cache", userdata=UserData(tmp_path)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LoadingScreen)
        assert not screen.query(ProgressBar)
        screen.show_progress(5, 20, "building the search index")
        await pilot.pause()
        screen.show_progress(10, 20, "building the search index")
        await pilot.pause()
        bars = screen.query(ProgressBar)
        assert len(bars) == 1 and bars.first().display
        assert bars.first().percentage == 0.5
        assert static_text(screen.query_one("#loading-label", Static)) == (
            "Building the search index…"
        )


async def test_app_says_why_a_corpus_cannot_be_opened(tmp_path: Path) -> None:
    app = make_app(
        corpus_dir=tmp_path / "missing", cache_dir=tmp_path / "cache", userdata=UserData(tmp_path)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoadingScreen)
        assert "corpus folder not found" in static_text(
            app.screen.query_one("#loading-label", Static)
        )
        await pilot.press("q")
    assert app.return_code == 3


async def test_command_palette_asks_a_question_and_opens_an_article(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Ask: Is ketamine available as a nasal spray")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        answer = app.screen.query_one(AnswerView).answer
        assert answer is not None and answer.question == "Is ketamine available as a nasal spray?"
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Open: What Is Ketamine Treatment")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.source_id == "what-is-ketamine-treatment"


async def test_ctrl_q_quits_even_while_typing(app: KetamineApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*"side q")
        assert app.screen.query_one("#search", Input).value == "side q"  # q types while typing
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_theme_toggles(app: KetamineApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one(AnswerView).lines.focus()
        before = app.theme
        await pilot.press("d")
        assert app.theme != before
        await pilot.press("d")
        assert app.theme == before


async def test_markup_and_escape_codes_are_shown_literally(tmp_path: Path) -> None:
    corpus = write_articles(
        tmp_path / "corpus",
        {
            "evil.md": "# [bold]Evil[/bold] \x1b[31mTitle\n\n## [i]Doses[/i]\n\n"
            "Zebrafish dose [link=file:///etc/passwd]click[/link] and [/x] \x1b]0;pwned\x07 here.\n"
        },
    )
    app = make_app(engine=Engine.in_memory(corpus), userdata=UserData(tmp_path / "data"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"[i]zebrafish[/i]", "enter")
        await settle(pilot)
        view = app.screen.query_one(AnswerView)
        heading = heading_text(view)
        assert "[i]zebrafish[/i]" in heading
        lines = "\n".join(answer_lines(app) + passage_lines(app))
        assert "[link=file:///etc/passwd]click[/link]" in lines and "[/x]" in lines
        assert "[bold]Evil[/bold] \\x1b[31mTitle" in lines and "[i]Doses[/i]" in lines
        assert "\x1b" not in lines and "\x07" not in lines
        tree_labels = [
            str(n.label) for n in app.screen.query_one(TopicTree).articles_branch.children
        ]
        assert tree_labels == ["[bold]Evil[/bold] \\x1b[31mTitle"]


def _slow_open(engine: Engine, reports: int, seconds: float) -> Any:
    """An Engine.open that reports `reports` steps of a build, `seconds` apart, then `engine`."""

    def open_(
        cls: type, corpus: Any = None, cache: Any = None, progress: Any = None, **kwargs: Any
    ) -> Engine:
        for step in range(reports):
            if progress is not None:
                progress(step, reports, "building the search index")
            time.sleep(seconds)
        time.sleep(seconds)
        return engine

    return classmethod(open_)


def _stack(app: KetamineApp) -> list[str]:
    return [type(screen).__name__ for screen in app.screen_stack]


async def test_help_opened_during_a_build_stays_up_then_gives_way_to_the_explorer(
    engine: Engine, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The build's reports keep coming while help is open: they go to the loading screen under
    # it, never to a second loading screen over it; once open, the explorer replaces both.
    monkeypatch.setattr(Engine, "open", _slow_open(engine, reports=30, seconds=0.05))
    app = make_app(corpus_dir=corpus_dir, cache_dir=tmp_path / "cache", userdata=UserData(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        deadline = time.monotonic() + 10
        while not isinstance(app.screen, LoadingScreen) and time.monotonic() < deadline:
            await pilot.pause(0.01)
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        assert _stack(app) == ["Screen", "LoadingScreen", "HelpScreen"]
        await settle(pilot)
        assert _stack(app) == ["Screen", "ExplorerScreen"]
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        assert _stack(app) == ["Screen", "ExplorerScreen", "CommandPalette"]


async def test_no_loading_screen_comes_over_help_opened_before_it(
    engine: Engine, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Help opened on the app's own screen, before the delay: the loading screen waits for it.
    from ketamine_tui.tui import app as app_module

    monkeypatch.setattr(app_module, "LOADING_SCREEN_DELAY", 0.2)
    monkeypatch.setattr(Engine, "open", _slow_open(engine, reports=0, seconds=3.0))
    app = make_app(corpus_dir=corpus_dir, cache_dir=tmp_path / "cache", userdata=UserData(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause(0.8)  # the delay has passed, several times
        assert _stack(app)[-1] == "HelpScreen"  # (a loading screen under it, on a slow start)
        await pilot.press("escape")
        await pilot.pause(0.6)
        assert _stack(app) == ["Screen", "LoadingScreen"]
        await settle(pilot)
        assert _stack(app) == ["Screen", "ExplorerScreen"]
