"""A user's own folder of articles, incremental re-indexing, bookmarks, history and export."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_in_terminal, write_articles

from ketamine_tui.engine import Engine
from ketamine_tui.export import answer_markdown
from ketamine_tui.tui.app import make_app
from ketamine_tui.tui.widgets.topic_tree import NO_BOOKMARKS, TopicTree
from ketamine_tui.userdata import Bookmark, UserData

ARTICLES = {
    "alpha.md": (
        "---\ntitle: Alpha notes on sleep\n---\n"
        "## Sleep and mood\n\nPoor sleep often worsens low mood. Regular sleep helps recovery.\n\n"
        "## Side effects\n\nSome sleep medicines cause drowsiness the next morning.\n"
    ),
    "beta.md": (
        "# Beta: exercise\n\n## Sleep and Mood\n\nExercise improves sleep quality for many people.\n\n"
        "## Getting started\n\nStart with short walks three times a week.\n"
    ),
    "gamma.md": (
        "# Gamma: diet\n\nA varied diet supports the brain. Omega-3 fats are studied for mood.\n\n"
        "## Side Effects\n\nSupplements can interact with medicines such as warfarin.\n"
    ),
}


@pytest.fixture
def user_corpus(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "my articles", ARTICLES)


def test_search_ask_and_topics_work_on_a_folder_without_a_manifest(
    user_corpus: Path, tmp_path: Path
) -> None:
    engine = Engine.open(user_corpus, tmp_path / "cache")
    assert [a.title for a in engine.articles] == [
        "Alpha notes on sleep",
        "Beta: exercise",
        "Gamma: diet",
    ]
    hits = engine.search("walks").hits
    assert hits and hits[0].passage.source_id == "beta"
    answer = engine.ask("Can supplements interact with medicines?")
    assert answer.answered and "warfarin" in answer.sentences[0].text
    assert not engine.ask("What is ketamine?").answered
    # Without topics.toml the Topics come from headings, grouped where articles agree.
    titles = [t.title for t in engine.topics]
    assert titles[:2] == ["Sleep and mood", "Side effects"]
    assert engine.topics[0].questions == ("Sleep and mood", "Sleep and Mood")
    assert engine.ask(engine.topics[0].questions[0]).answered


def test_a_malformed_topics_file_leaves_the_articles_usable(
    user_corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_cli import run

    (user_corpus / "topics.toml").write_text("[[topic]]\ntitle = 5\n", encoding="utf-8")
    engine = Engine.open(user_corpus, tmp_path / "cache")
    assert [t.title for t in engine.topics][:2] == ["Sleep and mood", "Side effects"]
    assert engine.topic_problems == (
        f"{user_corpus / 'topics.toml'}: topic 1: a topic needs a 'title'; "
        "using topics made from the headings",
    )
    assert engine.topic_problems[0] in engine.warnings
    code, out, err = run(capsys, "--corpus", str(user_corpus), "ask", "What helps sleep?")
    assert code == 0 and "sleep" in out.lower()
    warning, notice = err.splitlines()  # the notice follows: the answer went into a pipe
    assert "topics.toml: topic 1" in warning and "not medical advice" in notice
    code, out, err = run(capsys, "--corpus", str(user_corpus), "topics")
    assert code == 0 and "Sleep and mood" in out and "topics.toml" in err


def test_editing_one_file_reindexes_only_that_file(user_corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = Engine.open(user_corpus, cache)
    assert first.index.report.mode == "full"
    assert not first.search("zebrafish").hits

    beta = user_corpus / "beta.md"
    beta.write_text(
        beta.read_text(encoding="utf-8") + "\nZebrafish also sleep at night.\n", encoding="utf-8"
    )
    second = Engine.open(user_corpus, cache)
    report = second.index.report
    assert report.mode == "incremental"
    assert report.added == ("beta",)
    assert set(report.reused) == {"alpha", "gamma"}
    assert second.search("zebrafish").hits[0].passage.source_id == "beta"
    assert second.index.stats.passages == first.index.stats.passages + 1


def test_rebuild_starts_from_scratch_even_when_an_older_index_could_be_updated(
    user_corpus: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    Engine.open(user_corpus, cache)
    beta = user_corpus / "beta.md"
    beta.write_text(beta.read_text(encoding="utf-8") + "\nZebrafish nap.\n", encoding="utf-8")
    rebuilt = Engine.open(user_corpus, cache, rebuild=True)
    assert rebuilt.index.report.mode == "full"
    assert set(rebuilt.index.report.added) == {"alpha", "beta", "gamma"}
    assert rebuilt.search("zebrafish").hits[0].passage.source_id == "beta"


def test_adding_and_removing_files_updates_the_index(user_corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Engine.open(user_corpus, cache)
    write_articles(user_corpus, {"delta.txt": "Delta\n\nYoga before bed may help sleep.\n"})
    (user_corpus / "gamma.md").unlink()
    engine = Engine.open(user_corpus, cache)
    assert engine.index.report.added == ("delta",)
    assert engine.index.report.removed == ("gamma",)
    assert engine.search("yoga").hits
    assert not engine.search("warfarin").hits


def test_the_corpus_files_are_only_read(user_corpus: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in user_corpus.iterdir()}
    Engine.open(user_corpus, tmp_path / "cache").ask("sleep")
    assert {p.name: p.read_bytes() for p in user_corpus.iterdir()} == before


async def test_the_app_notices_a_changed_corpus_at_start(user_corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Engine.open(user_corpus, cache)
    (user_corpus / "alpha.md").write_text(
        ARTICLES["alpha.md"] + "\nNew line about naps.\n", encoding="utf-8"
    )
    app = make_app(corpus_dir=user_corpus, cache_dir=cache, userdata=UserData(tmp_path / "data"))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(20):
            await pilot.pause(0.05)
            if app.engine is not None:
                break
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("The articles changed since last time: 1 re-indexed" in m for m in messages)


async def test_bookmarks_and_history_survive_a_restart(engine: Engine, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = make_app(engine=engine, userdata=UserData(data))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"What is glutamate?", "enter")
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("b")  # focus is on the answer: bookmarks the question
        app.screen.query_one("#passages").focus()
        await pilot.press("b")  # bookmarks the highlighted passage
        await pilot.pause()

    again = make_app(engine=engine, userdata=UserData(data))
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        tree = again.screen.query_one(TopicTree)
        bookmarks = [str(n.label) for n in tree.bookmarks_branch.children]
        history = [str(n.label) for n in tree.history_branch.children]
        assert history == ["What is glutamate?"]
        assert bookmarks[0] == "? What is glutamate?"
        assert bookmarks[1].startswith("¶ ") and len(bookmarks) == 2


async def test_a_truncated_bookmarks_file_does_not_stop_the_app(
    engine: Engine, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "bookmarks.json").write_text(
        '[{"kind": "question", "label": "What is glu', encoding="utf-8"
    )
    app = make_app(engine=engine, userdata=UserData(data))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert [
            str(n.label) for n in app.screen.query_one(TopicTree).bookmarks_branch.children
        ] == [NO_BOOKMARKS]
        assert any("was unreadable" in n.message for n in app._notifications)
    aside = list(data.glob("bookmarks.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8").startswith('[{"kind"')


def test_userdata_writes_atomically_and_toggles(tmp_path: Path) -> None:
    data = UserData(tmp_path)
    mark = Bookmark("question", "Why?", question="Why?")
    assert data.toggle_bookmark(mark) is True
    assert [b.question for b in data.bookmarks()] == ["Why?"]
    assert data.toggle_bookmark(mark) is False
    assert data.bookmarks() == []
    data.add_history("a")
    data.add_history("b")
    data.add_history("a")
    assert data.history() == ["a", "b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".userdata.lock",
        "bookmarks.json",
        "history.json",
    ]


# Two processes start together and each adds its own questions and bookmarks, one at a time.
USERDATA_WRITER = """
import sys, time
from pathlib import Path
from ketamine_tui.userdata import Bookmark, UserData
folder, who, start = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
while time.time() < start:
    time.sleep(0.001)
data = UserData(folder)
for n in range(90):
    data.add_history(f"question {n} from {who}")
for n in range(150):
    data.toggle_bookmark(Bookmark("question", f"{who} {n}", question=f"{who} {n}?"))
print(len(data.warnings))
"""


def test_two_processes_adding_history_and_bookmarks_at_once_lose_nothing(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    start = time.time() + 1.0
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", USERDATA_WRITER, str(tmp_path), who, str(start)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for who in ("one", "two")
    ]
    outputs = [w.communicate(timeout=120)[0] for w in writers]
    assert [w.returncode for w in writers] == [0, 0] and outputs == ["0\n", "0\n"]
    data = UserData(tmp_path)
    assert sorted(data.history()) == sorted(
        f"question {n} from {who}" for who in ("one", "two") for n in range(90)
    )
    assert sorted(b.question for b in data.bookmarks()) == sorted(
        f"{who} {n}?" for who in ("one", "two") for n in range(150)
    )


def test_a_file_that_goes_bad_twice_in_one_second_keeps_both_copies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setattr(time, "strftime", lambda *args: "20250101-120000")  # one second
    data = UserData(tmp_path)
    for damage in ('["first', '["second'):
        (tmp_path / "history.json").write_text(damage, encoding="utf-8")
        assert data.history() == []
    kept = sorted(tmp_path.glob("history.json.corrupt-*"))
    assert [p.name for p in kept] == [
        "history.json.corrupt-20250101-120000",
        "history.json.corrupt-20250101-120000-2",
    ]
    assert [p.read_text(encoding="utf-8") for p in kept] == ['["first', '["second']
    assert len(data.warnings) == 2 and all("was unreadable" in w for w in data.warnings)


def test_saved_files_reach_the_disk_before_they_replace_the_old_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    events: list[str] = []
    fsync, replace = os.fsync, os.replace

    def recorded_fsync(fd: int) -> None:
        events.append("fsync")
        fsync(fd)

    def recorded_replace(src: object, dst: object) -> None:
        events.append(f"replace {Path(str(dst)).name}")
        replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", recorded_fsync)
    monkeypatch.setattr(os, "replace", recorded_replace)
    UserData(tmp_path).add_history("Does it reach the disk?")
    assert events == ["fsync", "replace history.json"]


def test_cli_history_and_bookmarks(capsys: pytest.CaptureFixture[str]) -> None:
    from test_cli import run

    assert run(capsys, "history")[1].startswith("No questions asked yet.")
    assert run_in_terminal(["ask", "What is glutamate?"])[0] == 0
    code, out, _ = run(capsys, "history", "--json")
    assert code == 0 and json.loads(out) == ["What is glutamate?"]
    UserData.open().toggle_bookmark(
        Bookmark("question", "What is glutamate?", question="What is glutamate?")
    )
    code, out, _ = run(capsys, "bookmarks")
    assert code == 0 and "What is glutamate?" in out
    code, out, _ = run(capsys, "bookmarks", "--json")
    assert json.loads(out)[0]["question"] == "What is glutamate?"
    run(capsys, "history", "--clear")
    assert json.loads(run(capsys, "history", "--json")[1]) == []


def test_cli_ask_warns_about_a_damaged_history_and_keeps_it_aside(
    capsys: pytest.CaptureFixture[str], private_dirs: Path
) -> None:
    from test_cli import run

    data = private_dirs / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "history.json").write_text('["trunc', encoding="utf-8")
    code, out, err = run_in_terminal(["ask", "What is glutamate?"])
    assert code == 0 and "glutamate" in out.lower()
    assert err.count("\n") == 1 and "warning:" in err and "history.json" in err
    kept = list(data.glob("history.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == '["trunc'
    assert json.loads(run(capsys, "history", "--json")[1]) == ["What is glutamate?"]


def _footnotes_resolve(markdown: str) -> int:
    """Check every footnote's file and offsets give its quoted text; return how many there are."""
    pattern = re.compile(
        r"`(?P<file>[^`]+)`, characters (?P<start>\d+)–(?P<end>\d+) \([^)]*\): “(?P<text>.*)”$"
    )
    count = 0
    for line in markdown.splitlines():
        if line.startswith("[^"):
            match = pattern.search(line)
            assert match, line
            text = Path(match["file"]).read_text(encoding="utf-8")[
                int(match["start"]) : int(match["end"])
            ]
            assert " ".join(text.split()) == match["text"].replace("\\", "")
            count += 1
    return count


def test_exported_markdown_resolves_every_citation(engine: Engine) -> None:
    answer = engine.ask("How long does the antidepressant effect last?")
    assert _footnotes_resolve(answer_markdown(answer)) == sum(
        len(s.citations) for s in answer.sentences
    )


async def test_export_and_copy_in_the_app(engine: Engine, tmp_path: Path) -> None:
    app = make_app(engine=engine, userdata=UserData(tmp_path / "data"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"What side effects can ketamine cause?", "enter")
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        exported = list((tmp_path / "data" / "exports").glob("*.md"))
        assert len(exported) == 1
        assert any(str(exported[0]) in n.message for n in app._notifications)
        answer = app.screen.last_answer
        markdown = exported[0].read_text(encoding="utf-8")
        assert _footnotes_resolve(markdown) == sum(len(s.citations) for s in answer.sentences)
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard == markdown


def test_two_exports_of_one_question_in_the_same_second_keep_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from ketamine_tui.tui.screens.explorer import export_path

    monkeypatch.setattr(time, "strftime", lambda _format: "20261201-120000")
    first = export_path(tmp_path, "What is glutamate?")
    assert first.name == "20261201-120000-what-is-glutamate.md"
    first.parent.mkdir(parents=True)
    first.write_text("one", encoding="utf-8")
    second = export_path(tmp_path, "What is glutamate?")
    assert second == first.with_name("20261201-120000-what-is-glutamate-2.md")


def test_a_long_history_is_read_as_its_latest_questions(tmp_path: Path) -> None:
    from ketamine_tui.userdata import MAX_HISTORY

    questions = [f"question number {n}" for n in range(5000)]
    (tmp_path / "history.json").write_text(json.dumps(questions), encoding="utf-8")
    data = UserData(tmp_path)
    assert data.history() == questions[:MAX_HISTORY]
    data.add_history("a new one")
    assert data.history() == ["a new one", *questions[: MAX_HISTORY - 1]]
    assert len(json.loads((tmp_path / "history.json").read_text(encoding="utf-8"))) == MAX_HISTORY


@pytest.mark.parametrize("name", ["history.json", "bookmarks.json"])
def test_a_huge_history_or_bookmarks_file_is_set_aside_unread(tmp_path: Path, name: str) -> None:
    # Valid JSON, but 17 MB: far more than the app ever writes (a 100 MB history took minutes).
    entry = '"question"' if name == "history.json" else '{"kind": "question", "label": "q"}'
    count = 17 * 1024 * 1024 // len(entry)
    (tmp_path / name).write_text("[" + ",".join([entry] * count) + "]", encoding="utf-8")
    data = UserData(tmp_path)
    assert (data.history() if name == "history.json" else data.bookmarks()) == []
    assert len(data.warnings) == 1 and "(larger than 16 MB); kept as" in data.warnings[0]
    kept = list(tmp_path.glob(f"{name}.corrupt-*"))
    assert len(kept) == 1 and kept[0].stat().st_size > 17 * 1024 * 1024
    assert not (tmp_path / name).exists()


def test_the_topics_are_kept_with_the_index_and_follow_the_file(
    user_corpus: Path, tmp_path: Path
) -> None:
    # Read once with the corpus and stored with its index: opening the index again neither
    # parses the TOML file nor works the headings out, and an edited file is read afresh.
    import subprocess
    import sys

    cache = tmp_path / "cache"
    topics_file = user_corpus / "topics.toml"
    topics_file.write_text(
        '[[topic]]\ntitle = "Rest"\nquestions = ["What helps sleep?"]\n', encoding="utf-8"
    )
    built = Engine.open(user_corpus, cache)
    assert [(t.title, t.questions) for t in built.topics] == [("Rest", ("What helps sleep?",))]
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ketamine_tui.engine import Engine\n"
        f"engine = Engine.open(Path({str(user_corpus)!r}), Path({str(cache)!r}))\n"
        "print('REPORT', engine.index.report.mode, [t.title for t in engine.topics])\n"
        "print('TOML', 'tomllib' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "REPORT opened ['Rest']" in done.stdout and "TOML False" in done.stdout

    topics_file.write_text('[[topic]]\ntitle = "Sleep"\nquestions = []\n', encoding="utf-8")
    assert [t.title for t in Engine.open(user_corpus, cache).topics] == ["Sleep"]
