"""The compare view and the "why" panel in the app (issue 16): keys, layout by width, reader."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import prompt_text, settle
from rich.console import Console
from textual.widgets import Static

from ketamine_tui.engine import Engine
from ketamine_tui.tui.app import KetamineApp, make_app
from ketamine_tui.tui.screens.compare import CompareScreen, columns_for
from ketamine_tui.tui.screens.explain import ExplainScreen
from ketamine_tui.tui.screens.explorer import ExplorerScreen
from ketamine_tui.tui.screens.reader import ReaderScreen
from ketamine_tui.tui.widgets.comparison import ArticleBlock, QuoteList
from ketamine_tui.tui.widgets.passage_list import PassageList
from ketamine_tui.tui.widgets.topic_tree import TopicTree
from ketamine_tui.userdata import UserData

SIDE_EFFECTS = "What are the side effects of ketamine?"
NOT_COVERED = "Can I drink alcohol after ketamine?"


async def ask(pilot, question: str) -> None:  # type: ignore[no-untyped-def]
    """Focus the search box, type a question, press Enter, wait for the answer."""
    await pilot.press("slash")
    await pilot.press(*question, "enter")
    await settle(pilot, rounds=3)


def lines_of(widget: QuoteList) -> list[str]:
    """The plain text of each line of a list."""
    return [
        " ".join(prompt_text(widget.get_option_at_index(i).prompt).split())
        for i in range(widget.option_count)
    ]


def static_text(widget: Static) -> str:
    """What a Static shows, as plain text (wide, so that nothing wraps)."""
    console = Console(width=300, record=True, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return " ".join(console.export_text().split())


async def test_v_on_an_answer_compares_claims_then_one_block_per_article(
    app: KetamineApp, engine: Engine
) -> None:
    expected = engine.compare(SIDE_EFFECTS)
    assert expected.covered
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, rounds=3)
        await ask(pilot, SIDE_EFFECTS)
        await pilot.press("v")
        await settle(pilot, rounds=3)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.question == SIDE_EFFECTS
        claims = screen.query_one("#compare-claims", QuoteList)
        assert claims.border_title == f"Claims ({len(expected.claims)})"
        shown = lines_of(claims)
        for line, claim in zip(shown, expected.claims, strict=True):
            assert " ".join(claim.text.split()) in line
            count = len(claim.source_ids)
            if count == 1:
                assert line.endswith("(only one article says this)")
            else:
                assert f"said by {count} of {expected.article_count}" in line
        blocks = list(screen.query(ArticleBlock))
        assert [b.article.source_id for b in blocks] == [a.source_id for a in expected.articles]
        for number, (block, article) in enumerate(
            zip(blocks, expected.articles, strict=True), start=1
        ):
            heading = static_text(block.query_one(".article-heading", Static))
            assert heading == f"[{number}] {' '.join(article.title.split())}"
            if article.mentions:
                sentences = lines_of(block.query_one(QuoteList))
                assert len(sentences) == len(article.sentences)
                for line, sentence in zip(sentences, article.sentences, strict=True):
                    assert " ".join(sentence.text.split()) in line
            else:
                assert static_text(block.query_one(".article-silent", Static)) == (
                    "does not mention this"
                )
        assert any(not a.mentions for a in expected.articles)  # the silent block is checked
        await pilot.press("q")  # q closes the view (it does not quit)
        await pilot.pause()
        assert isinstance(app.screen, ExplorerScreen)


async def test_a_question_not_covered_gives_asks_reason_and_no_blocks(
    app: KetamineApp, engine: Engine
) -> None:
    answer = engine.ask(NOT_COVERED)
    assert not answer.answered
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, rounds=3)
        await ask(pilot, NOT_COVERED)
        await pilot.press("v")
        await settle(pilot, rounds=3)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert static_text(screen.query_one("#compare-reason", Static)) == " ".join(
            answer.reason.split()
        )
        assert not screen.query(ArticleBlock)
        offered = lines_of(screen.query_one(QuoteList))
        assert offered and all(line.startswith("→ Try: ") for line in offered)
        # A question offered is compared in its place.
        await pilot.press("enter")
        await settle(pilot, rounds=3)
        assert screen.question == answer.related[0].question
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExplorerScreen)


async def test_a_sentence_opens_the_reader_at_its_offsets(app: KetamineApp, engine: Engine) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, rounds=3)
        await ask(pilot, SIDE_EFFECTS)
        await pilot.press("v")
        await settle(pilot, rounds=3)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.comparison is not None
        article = next(a for a in screen.comparison.articles if len(a.sentences) > 1)
        number = screen.comparison.number_of(article.source_id)
        sentences = screen.query_one(f"#article-{number}", QuoteList)
        sentences.focus()
        sentences.highlighted = 1
        await pilot.press("enter")
        await settle(pilot, rounds=3)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        citation = article.sentences[1].citation
        assert reader.span == (citation.start, citation.end)
        current = reader.current_block()
        assert current is not None and current.passage.passage_id == citation.passage_id
        text = (engine.root / citation.file).read_text(encoding="utf-8")
        assert text[citation.start : citation.end] == citation.text
        assert citation.text in current.text.plain
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_blocks_stack_at_80_columns_and_stand_side_by_side_from_120(
    app: KetamineApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, rounds=3)
        await ask(pilot, SIDE_EFFECTS)
        await pilot.press("v")
        await settle(pilot, rounds=3)
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        blocks = list(screen.query(ArticleBlock))
        assert not screen.side_by_side
        assert len({b.virtual_region.x for b in blocks}) == 1  # one column
        assert blocks[1].virtual_region.y > blocks[0].virtual_region.y
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        await pilot.pause()
        assert screen.side_by_side
        first, second = blocks[0].virtual_region, blocks[1].virtual_region
        assert first.y == second.y and second.x > first.x  # beside each other
        assert len({b.virtual_region.x for b in blocks}) == columns_for(130, len(blocks)) == 3
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.pause()
        assert not screen.side_by_side


def test_columns_follow_the_width_in_even_rows() -> None:
    assert columns_for(80, 5) == 1
    assert columns_for(119, 5) == 1
    assert columns_for(120, 5) == 3  # 3 and 2
    assert columns_for(160, 5) == 3  # 4 would leave 1 alone
    assert columns_for(200, 5) == 5
    assert columns_for(200, 1) == 1


async def test_v_on_a_topic_compares_its_first_question(app: KetamineApp, engine: Engine) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, rounds=3)
        tree = app.screen.query_one(TopicTree)
        topic = engine.topics[0]
        node = tree.node_for("topic", topic.title)
        assert node is not None
        tree.focus()
        tree.move_cursor(node)
        await pilot.pause()
        await pilot.press("v")
        await settle(pilot, rounds=3)
        assert isinstance(app.screen, CompareScreen)
        assert app.screen.question == topic.walk()[0][1]


async def test_w_on_a_passage_says_which_words_matched_and_the_scores(
    app: KetamineApp, engine: Engine
) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, rounds=3)
        await pilot.press(*"nasal spray")
        await settle(pilot, rounds=3)
        passages = app.screen.query_one(PassageList)
        passages.focus()
        hit = passages.highlighted_hit()
        assert hit is not None
        await pilot.press("w")
        await settle(pilot, rounds=3)
        assert isinstance(app.screen, ExplainScreen)
        shown = static_text(app.screen.query_one("#explain-body", Static))
        why = engine.explain_search("nasal spray", limit=20).for_passage(hit.passage.passage_id)
        assert why is not None
        assert f"score {why.score:g} = backend {why.backend_score:g}" in shown
        for stage in why.stages:
            assert f"× {stage.stage} {stage.factor:.2f}" in shown
        for match in why.matches:
            for word in match.words:
                assert f"“{word}”" in shown
        assert "Query words: nasal spray" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExplorerScreen)


async def test_w_on_the_answer_shows_the_features_that_chose_the_first_sentence(
    app: KetamineApp, engine: Engine
) -> None:
    question = "How is ketamine given?"
    explained = engine.explain_answer(question)
    assert explained.first is not None
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, rounds=3)
        await ask(pilot, question)
        await pilot.press("w")
        await settle(pilot, rounds=3)
        assert isinstance(app.screen, ExplainScreen)
        shown = static_text(app.screen.query_one("#explain-body", Static))
        assert " ".join(explained.first.text.split()) in shown
        assert f"the best of {explained.considered} sentences scored" in shown
        assert f"score {explained.first.score:.2f}" in shown
        await pilot.press("w")  # w closes it too
        await pilot.pause()
        assert isinstance(app.screen, ExplorerScreen)


async def test_w_on_an_answer_not_covered_names_the_words_no_article_contains(
    app: KetamineApp, engine: Engine
) -> None:
    unknown = engine.explain_answer(NOT_COVERED).query.unknown
    assert unknown
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, rounds=3)
        await ask(pilot, NOT_COVERED)
        await pilot.press("w")
        await settle(pilot, rounds=3)
        assert isinstance(app.screen, ExplainScreen)
        shown = static_text(app.screen.query_one("#explain-body", Static))
        assert "Why not covered" in shown
        assert "No article contains " + ", ".join(f"“{w}”" for w in unknown) in shown


async def test_without_a_question_v_and_w_are_off_and_say_what_to_do(app: KetamineApp) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, rounds=3)
        screen = app.screen
        assert isinstance(screen, ExplorerScreen)
        screen.query_one(PassageList).focus()
        assert screen.check_action("compare", ()) is None  # shown, but off
        assert screen.check_action("why", ()) is None
        await pilot.press("v", "w")
        await pilot.pause()
        assert app.screen is screen
        # From the palette the actions run anyway: they say what to do.
        screen.action_compare()
        screen.action_why()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("to compare" in m for m in messages)
        assert any("to see why" in m for m in messages)


async def test_an_open_comparison_is_made_again_when_the_corpus_changes(
    corpus_copy: Path, tmp_path: Path
) -> None:
    from textual import events

    engine = Engine.in_memory(corpus_copy)
    app = make_app(engine=engine, userdata=UserData(tmp_path / "data"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, rounds=3)
        await ask(pilot, SIDE_EFFECTS)
        await pilot.press("v")
        await settle(pilot, rounds=3)
        screen = app.screen
        assert isinstance(screen, CompareScreen) and screen.comparison is not None
        before = screen.comparison
        # A new first paragraph in every article: every old offset now points elsewhere.
        for path in (corpus_copy / "articles").iterdir():
            path.write_text("A new first paragraph.\n\n" + path.read_text(encoding="utf-8"))
        app.post_message(events.AppFocus())
        await settle(pilot, rounds=3)
        await settle(pilot, rounds=3)
        assert app.engine is not engine and screen.engine is app.engine
        after = screen.comparison
        assert after is not None and after is not before
        quoted = [s.citation for a in after.articles for s in a.sentences]
        assert quoted
        for citation in quoted:
            text = (corpus_copy / citation.file).read_text(encoding="utf-8")
            assert text[citation.start : citation.end] == citation.text
