"""The explorer as a daily tool: 80×24 first, focus you can see, a keyboard flow, bookmarks you
can manage, a palette that asks, find in the reader, a remembered theme (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import prompt_text, settle
from textual.content import Content
from textual.widgets import Input, Static

from ketamine_tui.engine import Engine
from ketamine_tui.tui.app import THEMES, KetamineApp, make_app
from ketamine_tui.tui.config import Config
from ketamine_tui.tui.screens.explorer import ExplorerScreen
from ketamine_tui.tui.screens.help import CLOSE, HelpScreen
from ketamine_tui.tui.screens.reader import ReaderScreen
from ketamine_tui.tui.widgets.answer_view import AnswerView
from ketamine_tui.tui.widgets.key_bar import KeyBar
from ketamine_tui.tui.widgets.passage_list import PassageList
from ketamine_tui.tui.widgets.topic_tree import NO_BOOKMARKS, NO_HISTORY, TopicTree, label_of
from ketamine_tui.userdata import Bookmark, UserData

SIDE_EFFECTS = "What are the side effects of ketamine?"


def screen_lines(app: KetamineApp) -> list[str]:
    """The text of each row of the screen, as drawn."""
    update = app.screen._compositor.render_full_update()
    return ["".join(seg.text for strip in line for seg in strip) for line in update.strips]


def keys_shown(app: KetamineApp) -> str:
    """The key bar's line."""
    return str(app.screen.query_one(KeyBar).visual)


async def ask(pilot, question: str) -> None:  # type: ignore[no-untyped-def]
    """Focus the search box, type a question, press Enter, wait for the answer."""
    await pilot.press("slash")
    await pilot.press(*question, "enter")
    await settle(pilot)


# -- 1. 80×24 first ----------------------------------------------------------------------------


async def test_at_80x24_the_whole_answer_shows_without_scrolling(app: KetamineApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await ask(pilot, SIDE_EFFECTS)
        view = app.screen.query_one(AnswerView)
        answer = view.answer
        assert answer is not None and answer.answered and len(answer.sentences) >= 2
        assert view.lines.scroll_y == 0
        drawn = screen_lines(app)
        words = " ".join(" ".join(drawn).split())
        # The start and the end of every sentence, every source, the first related question.
        for sentence in answer.sentences:
            text = sentence.text.split()
            assert " ".join(text[:3]) in words and " ".join(text[-2:]) in words, text
        for source in answer.sources:
            first_word = source.title.split()[0]
            assert any(f"[{source.number}] {first_word}" in line for line in drawn), source
        question = answer.related[0].question.split()
        assert f"Related: {' '.join(question[:3])}" in words and question[-1] in words
        assert "q Quit" in drawn[-1] and "? Help" in drawn[-1]


async def test_the_tree_takes_a_share_of_the_width_and_hides_below_70_columns(
    app: KetamineApp,
) -> None:
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(TopicTree)
        wide = tree.region.width
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert tree.display and tree.region.width < wide  # a share, not a fixed width
        assert app.screen.query_one(AnswerView).region.width >= 56
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        assert not tree.display
        app.screen.query_one(AnswerView).lines.focus()
        await pilot.press("t")  # t still shows it
        await pilot.pause()
        assert tree.display
        await pilot.press("t")
        assert not tree.display


async def test_long_tree_labels_end_with_an_ellipsis_whole_in_tooltip_and_status(
    app: KetamineApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(TopicTree)
        node = tree.node_for("topic", "Research and open questions")
        assert node is not None and tree.is_shortened(node)
        drawn = "\n".join(screen_lines(app))
        assert "Research and…" in drawn or "Research an…" in drawn
        assert "Research and open questions" not in drawn
        tree.focus()
        tree.move_cursor(node)
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).visual)
        assert status == "Research and open questions"
        tree.hover_line = node.line
        await pilot.pause()
        assert str(tree.tooltip) == "Research and open questions"


async def test_tree_labels_are_cut_again_when_the_width_changes(app: KetamineApp) -> None:
    # The tree keeps the lines it drew at its first size; a new width still cuts them anew.
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        assert "Research and open questions" in "\n".join(screen_lines(app))
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        drawn = "\n".join(screen_lines(app))
        assert "Research and open questions" not in drawn
        assert "Research and…" in drawn or "Research an…" in drawn
        await pilot.resize_terminal(200, 30)
        await settle(pilot)
        assert "Research and open questions" in "\n".join(screen_lines(app))


async def test_lists_are_headed_with_counts_and_wrap_with_hanging_indents(
    app: KetamineApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(TopicTree)
        assert [label_of(n).plain for n in tree.root.children] == [
            "Topics (7)",
            "Articles (5)",
            "Bookmarks (0)",
            "History (0)",
        ]
        await ask(pilot, "nasal spray")
        passages = app.screen.query_one(PassageList)
        count = len(passages.result.hits)  # type: ignore[union-attr]
        assert Content.from_markup(passages.border_title or "").plain == f"Passages ({count})"
        drawn = screen_lines(app)
        # A wrapped answer sentence continues under its text, not under the bullet.
        bullet = next(i for i, line in enumerate(drawn) if "• " in line)
        column = drawn[bullet].index("• ") + 2
        following = drawn[bullet + 1]
        assert following[column - 2 : column] == "  " and following[column] != " "


# -- 3. Focus you can see -----------------------------------------------------------------------


async def test_each_pane_has_a_title_and_a_rule_that_changes_with_the_focus(
    app: KetamineApp,
) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panes = {
            "#tree": app.screen.query_one("#tree"),
            "#answer": app.screen.query_one("#answer"),
            "#passages": app.screen.query_one("#passages"),
        }
        assert all(pane.border_title for pane in panes.values())
        targets = {"#tree": panes["#tree"], "#answer": app.screen.query_one("#answer-lines")}
        targets["#passages"] = panes["#passages"]
        for name, target in targets.items():
            target.focus()
            await pilot.pause()
            for other, pane in panes.items():
                edge, _colour = pane.styles.border_top
                assert (edge == "heavy") == (other == name), (name, other, edge)


async def test_the_tree_shows_its_cursor_as_soon_as_it_has_the_focus(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(TopicTree)
        assert tree.cursor_line == -1
        tree.focus()
        await pilot.pause()
        assert tree.cursor_line == 0 and tree.cursor_node is tree.topics_branch
        await pilot.press("down")
        assert tree.cursor_node is tree.topics_branch.children[0]  # type: ignore[union-attr]


# -- 4. A keyboard flow -------------------------------------------------------------------------


async def test_down_from_the_search_box_goes_into_the_results(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"glutamate")
        await settle(pilot)
        await pilot.press("down")
        await pilot.pause()
        passages = app.screen.query_one(PassageList)
        assert app.screen.focused is passages and passages.highlighted_hit() is not None
        await pilot.press("slash")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("slash", "down")
        await pilot.pause()
        # The box holds the question that was answered: ↓ goes to its answer.
        assert app.screen.focused is app.screen.query_one(AnswerView).lines


async def test_escape_from_the_search_box_goes_to_the_answer(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"ketamine", "escape")
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one(AnswerView).lines
        await pilot.press("q")
    assert app.return_code == 0


async def test_left_and_right_collapse_and_expand_tree_nodes(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(TopicTree)
        tree.focus()
        await pilot.press("down")
        topic = tree.cursor_node
        assert topic is not None and topic.allow_expand and not topic.is_expanded
        await pilot.press("right")
        assert topic.is_expanded
        await pilot.press("right")
        assert tree.cursor_node is topic.children[0]
        await pilot.press("left")
        assert tree.cursor_node is topic
        await pilot.press("left")
        assert not topic.is_expanded
        await pilot.press("left")
        assert tree.cursor_node is tree.topics_branch


async def test_with_a_query_the_focus_starts_on_the_answer_so_q_quits(
    engine: Engine, tmp_path: Path
) -> None:
    app = make_app(engine=engine, userdata=UserData(tmp_path), initial_query=SIDE_EFFECTS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.focused is app.screen.query_one(AnswerView).lines
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_search_label_is_marked_exactly_while_the_box_has_the_focus(
    engine: Engine, tmp_path: Path
) -> None:
    app = make_app(engine=engine, userdata=UserData(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = app.screen.query_one("#search-row")
        assert app.screen.focused is app.screen.query_one("#search", Input)
        assert row.has_class("-focused")
        app.screen.query_one(TopicTree).focus()
        await pilot.pause()
        assert not row.has_class("-focused")
        await pilot.press("slash")
        await pilot.pause()
        assert row.has_class("-focused")
    # With --query the answer has the focus: the label is not marked.
    app = make_app(engine=engine, userdata=UserData(tmp_path), initial_query=SIDE_EFFECTS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#search-row").has_class("-focused")


@pytest.mark.parametrize("width", [60, 80])
async def test_the_key_bar_always_shows_quit_and_help(app: KetamineApp, width: int) -> None:
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        # Typing: the keys that work while typing.
        assert keys_shown(app).rstrip().endswith("f1 Help  ^q Quit")
        for target in ("#answer-lines", "#passages", "#tree"):
            if app.screen.query_one(target).display:
                app.screen.query_one(target).focus()
                await pilot.pause()
                assert keys_shown(app).rstrip().endswith("? Help  q Quit"), target
        assert len(keys_shown(app).rstrip()) <= width


async def test_the_help_screen_says_how_to_close_it(app: KetamineApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert CLOSE in str(app.screen.query_one("#help-close", Static).visual)
        assert "esc Close help" in keys_shown(app)
        await pilot.press("escape")
        assert isinstance(app.screen, ExplorerScreen)


# -- 5. Bookmarks you can manage ----------------------------------------------------------------


async def test_passage_bookmarks_carry_the_passages_first_words(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await ask(pilot, "side effects")
        passages = app.screen.query_one(PassageList)
        passages.focus()
        first = passages.highlighted_hit()
        assert first is not None
        await pilot.press("b")
        second = None
        for _ in range(passages.option_count):  # down to the next passage of the same section
            await pilot.press("down")
            second = passages.highlighted_hit()
            if second is not None and second.passage.section == first.passage.section:
                break
        assert second is not None and second.passage.section == first.passage.section
        await pilot.press("b")
        tree = app.screen.query_one(TopicTree)
        labels = [label_of(n).plain for n in tree.bookmarks_branch.children]  # type: ignore[union-attr]
        assert len(set(labels)) == 2  # …told apart by their words
        for label, hit in zip(labels, (first, second), strict=True):
            assert label.startswith("¶ “" + " ".join(hit.passage.text.split()[:3]))


async def test_delete_or_x_removes_a_bookmark_and_b_on_one_does_not_bookmark_the_question(
    app: KetamineApp, tmp_path: Path
) -> None:
    data = UserData(tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await ask(pilot, "What is glutamate?")
        await pilot.press("b")  # the question
        app.screen.query_one(PassageList).focus()
        await pilot.press("b", "down", "b")  # two passages
        assert len(data.bookmarks()) == 3
        tree = app.screen.query_one(TopicTree)
        branch = tree.bookmarks_branch
        assert branch is not None
        branch.expand()
        tree.focus()
        await pilot.pause()
        tree.move_cursor(branch.children[1])
        await pilot.press("delete")
        await pilot.pause()
        assert len(data.bookmarks()) == 2
        tree.move_cursor(branch.children[1])
        await pilot.press("x")
        await pilot.pause()
        assert [b.kind for b in data.bookmarks()] == ["question"]
        # b on the remaining (question) bookmark removes it: it does not add the last question.
        tree.move_cursor(branch.children[0])
        await pilot.press("b")
        await pilot.pause()
        assert data.bookmarks() == []
        assert [label_of(n).plain for n in branch.children] == [NO_BOOKMARKS]
        # b on a question of the tree bookmarks that question.
        node = tree.node_for_question(SIDE_EFFECTS)
        assert node is not None
        node.parent.expand()  # type: ignore[union-attr]
        await pilot.pause()
        tree.move_cursor(node)
        await pilot.press("b")
        assert [b.question for b in data.bookmarks()] == [SIDE_EFFECTS]


async def test_empty_branches_say_what_to_do(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(TopicTree)
        assert [label_of(n).plain for n in tree.bookmarks_branch.children] == [NO_BOOKMARKS]  # type: ignore[union-attr]
        assert [label_of(n).plain for n in tree.history_branch.children] == [NO_HISTORY]  # type: ignore[union-attr]
        hint = tree.history_branch.children[0]  # type: ignore[union-attr]
        tree.focus()
        tree.history_branch.expand()  # type: ignore[union-attr]
        await pilot.pause()
        tree.move_cursor(hint)
        await pilot.press("enter", "b")  # a hint does nothing, and b says what b needs
        await pilot.pause()
        assert app.screen.query_one(AnswerView).answer is None
        assert any("to bookmark it" in n.message for n in app._notifications)


def test_cli_bookmarks_remove_and_clear(capsys: pytest.CaptureFixture[str]) -> None:
    from test_cli import run

    data = UserData.open()
    data.toggle_bookmark(Bookmark("question", "Why?", question="Why?"))
    data.toggle_bookmark(
        Bookmark("passage", "A passage", source_id="a", passage_id="a:intro:1", start=0, end=5)
    )
    code, out, _ = run(capsys, "bookmarks", "--json")
    listed = json.loads(out)
    assert code == 0 and [m["id"] for m in listed] == [data.bookmarks()[0].id, "a:intro:1"]
    code, out, _ = run(capsys, "bookmarks")
    assert "id: a:intro:1" in out and f"id: {listed[0]['id']}" in out
    code, out, err = run(capsys, "bookmarks", "--remove", "a:intro:1")
    assert code == 0 and "a:intro:1" not in out and "Why?" in out
    code, out, err = run(capsys, "bookmarks", "--remove", "nope")
    assert code == 2 and "no bookmark 'nope'" in err and err.count("\n") == 1
    code, out, _ = run(capsys, "bookmarks", "--clear")
    assert code == 0 and out.startswith("No bookmarks yet")
    assert UserData.open().bookmarks() == []


# -- 6. A command palette that asks ------------------------------------------------------------


async def palette_options(pilot, typed: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Open the palette, type, and return its options' text."""
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    await pilot.pause(0.2)
    await pilot.press(*typed)
    await pilot.pause(0.5)
    return [prompt_text(o.prompt) for o in pilot.app.screen.query_one(CommandList).options]


async def test_the_palette_asks_what_is_typed_first(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        options = await palette_options(pilot, "does ketamine help with anxiety")
        assert options[0].startswith("Ask: does ketamine help with anxiety")
        await pilot.press("enter")
        await settle(pilot)
        answer = app.screen.query_one(AnswerView).answer
        assert answer is not None and answer.question == "does ketamine help with anxiety"


async def test_the_palette_matches_topics_loosely(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        options = await palette_options(pilot, "how is it given")
        assert any(o.startswith("Topic: How it is given") for o in options[:3]), options[:5]
        index = next(i for i, o in enumerate(options) if o.startswith("Topic: How it is given"))
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        tree = app.screen.query_one(TopicTree)
        assert app.screen.focused is tree
        assert tree.cursor_node is tree.node_for("topic", "How it is given")


async def test_the_palette_lists_the_apps_commands_apart_from_textuals(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        options = await palette_options(pilot, "")
        kinds = [o.split(":", 1)[0] for o in options]
        assert kinds[0] == "Command"
        first_textual = kinds.index("Textual")
        assert set(kinds[first_textual:]) == {"Textual"}  # Textual's come last, together
        assert {"Command", "Topic", "Ask", "Open"} <= set(kinds[:first_textual])
        await pilot.press("escape")
        await pilot.pause()
        options = await palette_options(pilot, "tree")
        assert options[0].startswith("Command: Tree")
        await pilot.press("enter")
        await pilot.pause()
        assert not app.screen.query_one(TopicTree).display


# -- 7. Find in the article ----------------------------------------------------------------------


async def test_find_in_the_reader_counts_and_steps_through_matches(app: KetamineApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.screen.open_reader("alleviate-symptoms")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await pilot.press("f", *"glutamate")
        await pilot.pause()
        expected = sum(p.text.casefold().count("glutamate") for p in reader.passages)
        count = reader.query_one("#find-count", Static)
        assert expected >= 2 and str(count.visual) == f"1 of {expected}"
        first = reader.matches[0]
        await pilot.press("enter")
        assert str(count.visual) == f"2 of {expected}" and reader.matches[1] != first
        await pilot.press("up", "up")
        assert str(count.visual) == f"{expected} of {expected}"  # round the article
        await pilot.press("escape")  # closes the find, stays in the reader
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert not reader.query_one("#find-row").has_class("-open")
        await pilot.press("slash")
        await pilot.press("ctrl+a", *"zzqx")  # nothing: said so
        await pilot.pause()
        assert str(count.visual) == "no match"
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, ExplorerScreen)


# -- 2. The theme is remembered ------------------------------------------------------------------


async def test_the_chosen_theme_is_remembered(engine: Engine, tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    first = make_app(
        engine=engine, userdata=UserData(tmp_path), config=Config.load(config_dir, THEMES)
    )
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert first.theme == "textual-dark"
        first.screen.query_one(AnswerView).lines.focus()
        await pilot.press("d")
    again = make_app(
        engine=engine, userdata=UserData(tmp_path), config=Config.load(config_dir, THEMES)
    )
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "textual-light"


@pytest.mark.parametrize(
    "content", ["{not json", '{"theme": "no-such-theme"}', "[1, 2]", "\xff\xfe"]
)
async def test_a_damaged_config_file_is_a_warning_and_defaults_are_used(
    engine: Engine, tmp_path: Path, content: str
) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "config.json").write_bytes(content.encode("latin-1"))
    config = Config.load(folder, THEMES)
    assert config.theme == "" and len(config.warnings) == 1
    app = make_app(engine=engine, userdata=UserData(tmp_path), config=config)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        assert any("config.json" in n.message for n in app._notifications)


def test_the_config_folder_follows_its_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KETAMINE_TUI_CONFIG_DIR", str(tmp_path / "elsewhere"))
    config = Config.load(themes=THEMES)
    config.theme = "textual-light"
    assert config.save() == ""
    assert json.loads((tmp_path / "elsewhere" / "config.json").read_text()) == {
        "theme": "textual-light"
    }


async def test_the_search_box_keeps_typing_and_pastes_clean(app: KetamineApp) -> None:
    from textual import events

    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        search = app.screen.query_one("#search", Input)
        await pilot.press(*"side ")
        assert search.value == "side "  # a trailing space survives the cleaning
        app.post_message(events.Paste("\x1b[31meffects\x1b[0m\tnow"))
        await pilot.pause()
        assert search.value == "side  effects  now"
