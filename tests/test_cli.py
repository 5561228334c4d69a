"""The command line: every command, its JSON, its exit codes and its one-line errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from conftest import CONSOLE_SCRIPT, DATA, run_in_terminal, write_articles

from ketamine_tui import __version__
from ketamine_tui.engine import Engine
from ketamine_tui.shell import PROG, main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("search", "ask", "topics", "sources", "show", "index", "eval"):
        assert f"  {command} " in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version")[:2] == (0, f"ketamine-tui {__version__}\n")


def test_search_json_matches_the_files(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "side effects", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"query", "corrected", "hits"}
    assert data["query"] == "side effects" and data["corrected"] is None
    hits = data["hits"]
    assert len(hits) >= 3 and len({h["source_id"] for h in hits}) >= 2
    for hit in hits:
        assert set(hit) == {
            "rank",
            "score",
            "passage_id",
            "source_id",
            "title",
            "file",
            "section",
            "start",
            "end",
            "text",
            "snippet",
        }
        assert Path(hit["file"]).is_absolute()
        assert (
            Path(hit["file"]).read_text(encoding="utf-8")[hit["start"] : hit["end"]] == hit["text"]
        )
        assert "Also check" not in hit["text"] and "To top" not in hit["text"]


def test_search_text_output_names_title_and_section(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "search", "side effects", "--limit", "2")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == (
        " 1. How Ketamine Can Help Alleviate Depression Symptoms · Side Effects and Safety Concerns"
    )
    # Into a pipe: the passage id alone on its line, the snippet whole on one line, both under
    # the margin; the notice on stderr, so the results are only results.
    assert lines[1] == "    alleviate-symptoms:side-effects-and-safety-concerns:1"
    assert lines[2].startswith("    … for depression") and lines[2].endswith("from reality.")
    assert lines[3].startswith(" 2. ") and len(lines) == 6
    assert " 3. " not in out
    assert "not medical advice" not in out
    assert (
        err
        == "ketamine-tui: Information from the articles, shown as written; not medical advice.\n"
    )


def test_search_in_a_terminal_wraps_under_a_hanging_indent() -> None:
    code, shown, err = run_in_terminal(["search", "side effects", "--limit", "3"], columns=60)
    assert code == 0 and err == ""
    lines = shown.rstrip("\n").splitlines()
    assert lines[-2:] == ["Information from the articles, shown as written; not medical", "advice."]
    hits = lines[:-2]
    assert hits[0].startswith(" 1. ") and sum(line[:4].strip() != "" for line in hits) == 3
    # Every line of a hit but its first stands under the margin, and the ids on lines of their own.
    assert all(line.startswith("    ") for line in hits if line[:4].strip() == "")
    ids = [line.strip() for line in hits if re.fullmatch(r" {4}[a-z-]+:[a-z0-9-]+:\d+", line)]
    assert len(ids) == 3 and ids[0] == "alleviate-symptoms:side-effects-and-safety-concerns:1"
    assert max(len(line) for line in lines) <= 60


def test_ask_in_a_terminal_hangs_its_bullets_and_sources() -> None:
    code, shown, err = run_in_terminal(["ask", "How fast does ketamine work?"], columns=60)
    assert code == 0 and err == ""
    lines = shown.rstrip("\n").splitlines()
    bullets = [i for i, line in enumerate(lines) if line.startswith("• ")]
    sources = lines.index("Sources")
    assert bullets and bullets[-1] < sources
    for i in range(bullets[0], sources):
        assert lines[i].startswith(("• ", "  ")) and lines[i][2] != " ", lines[i]
    related = next(i for i, line in enumerate(lines) if line.startswith("Related: "))
    for line in lines[sources + 1 : related]:
        assert re.match(r" \[\d\] \S| {5}\S", line), line
    assert "not medical advice" in " ".join(lines[-2:])


def test_the_notice_goes_to_stderr_beside_json_and_stays_in_markdown(
    capsys: pytest.CaptureFixture[str],
) -> None:
    notice = "ketamine-tui: Information from the articles, shown as written; not medical advice.\n"
    for args in (["search", "nasal", "--json"], ["ask", "What is glutamate?", "--json"]):
        code, out, err = run(capsys, *args)
        assert code == 0 and json.loads(out) and err == notice
    code, out, err = run(capsys, "ask", "What is glutamate?", "--format", "markdown")
    assert code == 0 and err == "" and out.rstrip().endswith("not medical advice.*")
    code, out, err = run(capsys, "search", "zzqxv")
    assert code == 1 and err == ""  # nothing was shown, so there is nothing to caution about


@pytest.mark.parametrize(
    "args",
    [
        ["search", "side effects"],
        ["ask", "How quickly does ketamine work?"],
        ["compare", "How quickly does ketamine work?"],
    ],
    ids=["search", "ask", "compare"],
)
def test_into_a_pipe_the_results_are_only_results_and_the_notice_is_on_stderr(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    notice = "Information from the articles, shown as written; not medical advice."
    code, out, err = run(capsys, *args)
    assert code == 0 and out.strip()
    assert "not medical advice" not in out
    assert err == f"ketamine-tui: {notice}\n"
    # In a terminal the same notice ends the output instead, and stderr stays empty.
    code, shown, err = run_in_terminal(args, columns=200)
    assert code == 0 and err == "" and shown.rstrip().endswith(notice)


def test_a_hit_shows_its_passage_id_dim_on_a_line_of_its_own(engine: Engine) -> None:
    from rich.console import Console

    from ketamine_tui.formatting import hit_renderable

    hit = engine.search("side effects", limit=1).hits[0]
    console = Console(width=60, force_terminal=True, color_system="standard")
    lines = console.render_lines(hit_renderable(hit), pad=False)
    texts = ["".join(segment.text for segment in line).rstrip() for line in lines]
    row = texts.index(f"    {hit.passage.passage_id}")
    id_segments = [s for s in lines[row] if s.text.strip()]
    assert id_segments and all(s.style is not None and s.style.dim for s in id_segments)
    # The snippet starts on the next line, under the same margin, its words not dim (only the
    # ellipsis of a clipped start is).
    assert texts[row + 1].startswith("    ") and texts[row + 1].strip()
    assert any(s.style is None or not s.style.dim for s in lines[row + 1] if s.text.strip())


def test_the_explorer_into_a_file_is_a_one_line_error_at_once(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    started = time.monotonic()
    with target.open("w") as output:
        # The timeout only catches a hang (the bug: the app drew into the file and waited).
        done = subprocess.run(
            [str(CONSOLE_SCRIPT)], stdout=output, stderr=subprocess.PIPE, text=True, timeout=20
        )
    assert time.monotonic() - started < 20
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(
        "ketamine-tui: error: the explorer needs a terminal and standard output is not one"
    )
    assert target.read_text() == ""  # no escape codes written into the file
    done = subprocess.run(
        [str(CONSOLE_SCRIPT), "--query", "side effects"], capture_output=True, text=True, timeout=20
    )
    assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1


def test_the_explorer_with_input_from_a_file_is_a_one_line_error(tmp_path: Path) -> None:
    import pty

    keys = tmp_path / "keys.txt"
    keys.write_text("q\n")
    master, slave = pty.openpty()
    try:
        with keys.open() as stdin:
            done = subprocess.run(
                [str(CONSOLE_SCRIPT)], stdin=stdin, stdout=slave, stderr=subprocess.PIPE, timeout=20
            )
    finally:
        os.close(slave)
        os.close(master)
    assert done.returncode == 2
    assert done.stderr.decode().count("\n") == 1 and done.stderr.decode().startswith(
        "ketamine-tui: error: the explorer needs a terminal and standard input is not one"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", ""), "empty query"),
        (("search", "x" * 1001), "query too long"),
        (("search", "ketamine", "--limit", "0"), "--limit"),
        (("search",), "Missing argument"),
        (("search", "ketamine", "--source", "nope"), "no article with id 'nope'"),
        (("show", "nope"), "no article with id 'nope'"),
        (("frobnicate",), "No such command"),
        # Commands load when run, but a misspelt one is offered among them all.
        (("serch",), "Did you mean one of: 'search', 'serve'?"),
        (("bookmark",), "Did you mean 'bookmarks'?"),
        (("ask", "x", "--json", "--format", "markdown"), "--json and --format markdown"),
        (("--query", "side effects", "sources"), "--query opens the explorer"),
    ],
)
def test_bad_usage_exits_2_with_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("ketamine-tui: error: ")
    assert message in err


def test_typo_correction_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "ketamin side efects", "--json")
    data = json.loads(out)
    assert code == 0 and data["corrected"] == "ketamine side effects"
    assert any("side effects" in h["text"] for h in data["hits"][:3])
    code, out, _ = run(capsys, "search", "ketamin side efects")
    assert "Showing results for ketamine side effects" in out


def test_missing_corpus_exits_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--corpus", str(tmp_path / "none"), "search", "ketamine")
    assert code == 3 and "corpus folder not found" in err and err.count("\n") == 1


def test_corpus_with_no_usable_article_exits_3(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa")
    code, _, err = run(capsys, "--corpus", str(tmp_path), "search", "ketamine")
    assert code == 3 and "no usable article" in err and "bad.txt" in err


def test_corpus_environment_variable(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_articles(tmp_path, {"notes.md": "# Notes\n\nZebrafish swim in schools.\n"})
    monkeypatch.setenv("KETAMINE_TUI_CORPUS", str(tmp_path))
    code, out, _ = run(capsys, "search", "zebrafish", "--json")
    assert code == 0 and json.loads(out)["hits"][0]["title"] == "Notes"


def test_skipped_article_is_a_warning_not_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_articles(tmp_path, {"good.md": "# Good\n\nZebrafish swim.\n"})
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa")
    code, out, err = run(capsys, "--corpus", str(tmp_path), "search", "zebrafish")
    assert code == 0 and "Zebrafish" in out
    assert "warning:" in err and "bad.txt: not UTF-8" in err


def test_sources_and_show(capsys: pytest.CaptureFixture[str], corpus_dir: Path) -> None:
    code, out, _ = run(capsys, "sources", "--json")
    articles = json.loads(out)
    assert code == 0 and len(articles) == 5
    derived = {a["source_id"] for a in articles if a["title_derived"]}
    assert derived == {"rapid-relief", "right-option"}
    assert all(a["passages"] == sum(s["passages"] for s in a["sections"]) for a in articles)

    code, out, _ = run(capsys, "sources")
    assert code == 0 and "derived" in out and "alleviate-symptoms" in out

    code, out, _ = run(
        capsys, "show", "alleviate-symptoms", "--section", "side-effects-and-safety-concerns"
    )
    assert code == 0
    assert "transient dissociative effects" in out and "Mechanism of Action" not in out
    code, _, err = run(capsys, "show", "alleviate-symptoms", "--section", "nope")
    assert code == 2 and "has no section 'nope'" in err


def test_index_command_reports_counts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "index")
    assert code == 0 and "Built the index" in out and "5 articles" in out
    code, out, _ = run(capsys, "index")
    assert "up to date" in out
    code, out, _ = run(capsys, "index", "--rebuild")
    assert "Built the index" in out


def test_markup_and_escape_codes_in_articles_are_shown_literally(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_articles(
        tmp_path,
        {
            "evil.md": "# [bold]Title[/bold] \x1b]8;;file:///etc/passwd\x07x\n\n"
            "Zebrafish [link=file:///etc/passwd]click[/link] and \x1b[31mred\x1b[0m text.\n"
        },
    )
    code, out, _ = run(capsys, "--corpus", str(tmp_path), "search", "zebrafish")
    assert code == 0
    assert "[bold]Title[/bold]" in out and "[link=file:///etc/passwd]click[/link]" in out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[31mred\\x1b[0m" in out
    code, out, _ = run(capsys, "--corpus", str(tmp_path), "search", "zebrafish", "--json")
    assert "\x1b" not in out and json.loads(out)["hits"][0]["text"].count("\x1b") == 2


def test_query_markup_is_shown_literally(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "[bold]zzqxv[/bold]")
    assert code == 1 and "[bold]zzqxv[/bold]" in out


def test_console_script_runs_without_a_traceback(tmp_path: Path) -> None:
    script = CONSOLE_SCRIPT
    assert script.exists(), "the package must be installed (make test installs it)"
    done = subprocess.run(
        [str(script), "search", "nasal spray", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["hits"]


@pytest.mark.parametrize(
    ("command", "status"),
    [
        (["search", "side effects"], 0),
        (["show", "alleviate-symptoms"], 0),
        (["ask", "How much does it cost?"], 1),
        (["search", "zzqqxx"], 1),
        (["ask", "What is glutamate?", "--format", "markdown"], 0),
    ],
)
def test_a_reader_that_goes_away_ends_the_command_quietly(command: list[str], status: int) -> None:
    script = CONSOLE_SCRIPT
    with subprocess.Popen(
        [str(script), *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()  # like `| true`: the reader is gone before the first write
        stderr = process.stderr.read().decode()
        assert process.wait(timeout=60) == status, stderr
    assert "Traceback" not in stderr and "Broken pipe" not in stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("command", [["show", "alleviate-symptoms"], ["search", "nasal", "--json"]])
def test_output_that_cannot_be_written_is_a_one_line_error(command: list[str]) -> None:
    script = CONSOLE_SCRIPT
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(script), *command], stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "ketamine-tui: error: cannot write the output: No space left on device"
    ]


def test_eval_command_prints_the_metrics(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "eval", str(DATA / "dev-questions.jsonl"), "--json")
    report = json.loads(out)
    assert code == 0
    assert set(report["search"]) == {"success@1", "success@3", "success@5", "mrr@10"}
    assert report["questions"] == 30 and report["answerable"] == 25
    code, out, _ = run(capsys, "eval", str(DATA / "dev-questions.jsonl"))
    assert "search success@3" in out and "answerability accuracy" in out


@pytest.mark.parametrize(
    ("second_line", "message"),
    [
        ("not json", "line 2"),
        ('{"q": "x", "gold": [1]}', "'gold' must be a list of phrases"),
        ('{"q": "x", "gold": "zzzz"}', "'gold' must be a list of phrases"),
        ('{"q": "x", "answerable": "false"}', "'answerable' must be true or false"),
        ('{"q": ""}', "'q' must be a non-empty string"),
        ('{"q": "What is ketamine?"}', "give 'gold' phrases, or 'answerable': false"),
        ('{"q": "What is ketamine?", "answerable": true}', "needs 'gold' phrases"),
        ("[1, 2]", "not a JSON object"),
        pytest.param("[" * 2000 + "]" * 2000, "nested too deeply", id="nested-2000-deep"),
    ],
)
def test_eval_rejects_a_malformed_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, second_line: str, message: str
) -> None:
    bad = tmp_path / "q.jsonl"
    bad.write_text('{"q": "fine", "answerable": false}\n' + second_line + "\n", encoding="utf-8")
    code, _, err = run(capsys, "eval", str(bad))
    assert code == 2 and "line 2" in err and message in err and err.count("\n") == 1


def test_eval_without_answerable_questions_says_n_a(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"q": "How much does it cost?", "answerable": false}\n'
        '{"q": "Is it covered by insurance?", "answerable": false}\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "eval", str(questions), "--json")
    report = json.loads(out)
    assert code == 0 and report["answerable"] == 0
    assert set(report["search"].values()) == {None}
    assert report["ask"]["answer_contains_gold"] is None
    assert report["ask"]["answerability_accuracy"] == 1.0
    code, out, _ = run(capsys, "eval", str(questions))
    assert "search success@3" in out and "n/a" in out and "1.000" in out


def test_topics_of_articles_without_headings_say_there_are_none(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write_articles(tmp_path, {"plain.txt": "Plain text with no headings, about sleep and rest.\n"})
    code, out, _ = run(capsys, "--corpus", str(tmp_path), "topics")
    assert code == 1 and out.startswith("No FAQ topics:")
    code, out, _ = run(capsys, "--corpus", str(tmp_path), "topics", "--json")
    assert code == 1 and json.loads(out) == []


def test_answers_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    # Stems are kept in sets, whose order changes with PYTHONHASHSEED: ties must not follow it.
    # (This question's corroborating citations once did.)
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {
            **__import__("os").environ,
            "PYTHONHASHSEED": seed,
            "KETAMINE_TUI_CACHE_DIR": str(tmp_path / "cache"),
            "KETAMINE_TUI_DATA_DIR": str(tmp_path / "data"),
        }
        done = subprocess.run(
            [str(CONSOLE_SCRIPT), "ask", "Could I end up getting hooked on it?", "--json"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_an_internal_error_is_one_line_exit_3_and_a_traceback_only_with_debug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ketamine_tui import shell
    from ketamine_tui.answer import Answerer

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in the answer stage")

    monkeypatch.setattr(Answerer, "answer", broken)
    monkeypatch.setattr(shell, "DEBUG", False)
    code, out, err = run(capsys, "ask", "How quickly does ketamine work?")
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and "internal error: RuntimeError: a bug in the answer stage" in err
    assert "Traceback" not in err and "--debug" in err
    code, _, err = run(capsys, "--debug", "ask", "How quickly does ketamine work?")
    assert code == 3 and "Traceback (most recent call last)" in err and "in broken" in err


def test_eval_with_a_changed_setting_says_so_and_measures_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = str(DATA / "dev-questions.jsonl")
    code, out, _ = run(capsys, "eval", path, "--json")
    base = json.loads(out)
    code, out, _ = run(capsys, "eval", path, "--json", "--set", "min_support=1.5")
    changed = json.loads(out)
    assert code == 0 and changed["settings_changed"] == {"min_support": 1.5}
    # No sentence can carry 150% of a question: every answerable question is then missed.
    assert (
        changed["ask"]["answerable_said_not_covered"] > base["ask"]["answerable_said_not_covered"]
    )
    code, out, _ = run(capsys, "eval", path, "--set", "max_sentences=1")
    assert code == 0 and out.startswith("Settings changed: max_sentences 3 → 1")
    code, _, err = run(capsys, "eval", path, "--set", "no_such_setting=1")
    assert code == 2 and "no_such_setting" in err and "min_support" in err


def test_only_a_person_asking_in_a_terminal_writes_the_history(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for args in (
        ["ask", "What is glutamate?", "--json"],
        ["ask", "What is glutamate?", "--format", "markdown"],
        ["ask", "What is glutamate?"],  # into a pipe: a script
    ):
        assert run(capsys, *args)[0] == 0
    assert json.loads(run(capsys, "history", "--json")[1]) == []
    code, shown, _ = run_in_terminal(["ask", "What is glutamate?"])
    assert code == 0 and "Q: What is glutamate?" in shown
    assert json.loads(run(capsys, "history", "--json")[1]) == ["What is glutamate?"]


def test_sources_lists_each_article_with_its_sections(capsys: pytest.CaptureFixture[str]) -> None:
    articles = json.loads(run(capsys, "sources", "--json")[1])
    code, out, _ = run(capsys, "sources")
    lines = out.splitlines()
    total = sum(a["passages"] for a in articles)
    assert code == 0 and lines[0] == f"5 articles, {total} passages"
    for article in articles:
        head = lines.index(
            f"{article['source_id']}  {article['title']}"
            + (" (derived title)" if article["title_derived"] else "")
        )
        count = len(article["sections"])
        assert lines[head + 1] == (
            f"  {article['passages']} passages in {count} section{'s' * (count != 1)} · "
            f"{article['file']}"
        )
        assert lines[head + 2 : head + 2 + count] == [
            f"  • {s['title']}  ({s['passages']})" for s in article["sections"]
        ]


def test_every_command_has_its_short_help_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ketamine_tui.cli import cli

    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run(capsys, "--help")
    commands = out.split("Commands:")[1]
    assert code == 0 and "..." not in commands and "…" not in commands
    listed = " ".join(commands.split())
    context = click.Context(cli)
    names = cli.list_commands(context)
    assert {"search", "ask", "compare", "show", "serve", "bookmarks"} <= set(names)
    for name in names:
        command = cli.get_command(context, name)
        assert command is not None and command.name == name
        assert command.short_help, f"{name} has no short help of its own"
        assert f"{name} {command.short_help}" in listed


def _completions(args: list[str], incomplete: str) -> list[tuple[str, str | None]]:
    from click.shell_completion import ShellComplete

    from ketamine_tui.cli import cli

    complete = ShellComplete(cli, {}, "ketamine-tui", "_KETAMINE_TUI_COMPLETE")
    return [(item.value, item.help) for item in complete.get_completions(args, incomplete)]


def test_completion_offers_article_ids_without_building_an_index(
    capsys: pytest.CaptureFixture[str], private_dirs: Path
) -> None:
    ids = ["rapid-relief", "promising-solution", "what-is-ketamine-treatment"]
    ids += ["alleviate-symptoms", "right-option"]
    # Never indexed: the ids and titles come from the manifest, and nothing is built.
    offered = _completions(["show"], "")
    assert [value for value, _ in offered] == ids
    assert ("alleviate-symptoms", "How Ketamine Can Help Alleviate Depression Symptoms") in offered
    assert not (private_dirs / "cache" / "indexes").exists()
    assert _completions(["search", "ketamine", "--source"], "r") == [
        ("rapid-relief", "Ketamine for Treatment-Resistant Depression"),
        ("right-option", "Ketamine for Depression: Could It Be the Right Option for You?"),
    ]
    # Once indexed, from the index's state, sections too.
    assert run(capsys, "index")[0] == 0
    assert [value for value, _ in _completions(["show"], "a")] == ["alleviate-symptoms"]
    sections = _completions(["show", "alleviate-symptoms", "--section"], "side")
    assert sections == [("side-effects-and-safety-concerns", "Side Effects and Safety Concerns")]


def test_completion_follows_the_corpus_option(tmp_path: Path) -> None:
    corpus = write_articles(tmp_path / "notes", {"fish.md": "# Fish\n\nZebrafish swim.\n"})
    assert _completions(["--corpus", str(corpus), "show"], "") == []  # no manifest, no index
    assert main_status(["--corpus", str(corpus), "index"]) == 0
    assert [v for v, _ in _completions(["--corpus", str(corpus), "show"], "")] == ["fish"]


def main_status(args: list[str]) -> int:
    """Run the CLI in-process and return its exit status."""
    try:
        main(args)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 0
    return 0


def test_bash_completion_through_the_console_script() -> None:
    env = {
        **os.environ,
        "_KETAMINE_TUI_COMPLETE": "bash_complete",
        "COMP_WORDS": "ketamine-tui show al",
        "COMP_CWORD": "2",
    }
    done = subprocess.run(
        [str(CONSOLE_SCRIPT)], capture_output=True, text=True, env=env, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["plain,alleviate-symptoms"]
    env["_KETAMINE_TUI_COMPLETE"] = "bash_source"
    done = subprocess.run(
        [str(CONSOLE_SCRIPT)], capture_output=True, text=True, env=env, timeout=30, check=False
    )
    assert "complete -o nosort -F _ketamine_tui_completion ketamine-tui" in done.stdout


def _readme_examples() -> list[str]:
    """The command lines of the README's "Command line" block, comments removed.

    Left out: those that open the explorer or a server (test_app.py and test_serve.py).
    """
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Command line\n", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    lines = [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]
    opens = [
        line for line in lines if line == PROG or line.startswith((f"{PROG} -", f"{PROG} serve"))
    ]
    assert len(opens) == 3, opens  # `ketamine-tui`, `--query …`, `serve …`
    return [line for line in lines if line not in opens]


@pytest.mark.parametrize("line", _readme_examples())
def test_the_readme_command_line_examples_work_as_written(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    line: str,
) -> None:
    import shlex

    words = shlex.split(line)
    assert words[0] == PROG
    if "QUESTIONS.jsonl" in words:  # the README's placeholder for the reader's own file
        words[words.index("QUESTIONS.jsonl")] = str(DATA / "dev-questions.jsonl")
    # Optional parts shown as [--flag]: each form is run.
    forms = [[w for w in words if not w.startswith("[")]]
    forms += [[*forms[0], w.strip("[]")] for w in words if w.startswith("[")]
    monkeypatch.chdir(tmp_path)
    for form in forms:
        target = form[form.index(">") + 1] if ">" in form else None
        args = form[1 : form.index(">")] if target else form[1:]
        code, out, err = run(capsys, *args)
        assert code == 0, (form, err)
        assert "Traceback" not in out + err
        if target:
            Path(target).write_text(out, encoding="utf-8")
            assert out.startswith("# ")


# ---------------------------------------------------------------------------------------------
# Input nested far deeper than anything meaningful: Python's JSON and TOML parsers recurse.

DEEP_ARRAYS = "x = " + "[" * 1000 + "]" * 1000 + "\n"
DEEP_TABLES = "x = " + "{a = " * 1000 + "1" + "}" * 1000 + "\n"


@pytest.mark.parametrize("nested", [DEEP_ARRAYS, DEEP_TABLES], ids=["arrays", "tables"])
def test_a_deeply_nested_manifest_is_a_one_line_corpus_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, nested: str
) -> None:
    write_articles(tmp_path, {"a.txt": "A\n\nAlpha text about ketamine.\n"})
    (tmp_path / "sources.toml").write_text(nested, encoding="utf-8")
    code, _, err = run(capsys, "--corpus", str(tmp_path), "sources")
    assert code == 3
    assert err == (
        f"ketamine-tui: error: {tmp_path / 'sources.toml'}: invalid TOML: arrays or tables nested "
        "too deeply\n"
    )


@pytest.mark.parametrize("nested", [DEEP_ARRAYS, DEEP_TABLES], ids=["arrays", "tables"])
def test_deeply_nested_topics_or_synonyms_are_one_warning_each(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, nested: str
) -> None:
    write_articles(tmp_path, {"a.txt": "A\n\nKetamine\n\nAlpha text about ketamine.\n"})
    (tmp_path / "topics.toml").write_text(nested, encoding="utf-8")
    (tmp_path / "synonyms.toml").write_text(nested, encoding="utf-8")
    code, out, err = run(capsys, "--corpus", str(tmp_path), "topics")
    assert code == 0 and "Ketamine" in out
    why = "invalid TOML: arrays or tables nested too deeply"
    assert err.splitlines() == [
        f"ketamine-tui: warning: {tmp_path / 'synonyms.toml'}: {why}; searching without synonyms",
        f"ketamine-tui: warning: {tmp_path / 'topics.toml'}: {why}; using topics made from the "
        "headings",
    ]


@pytest.mark.parametrize("name", ["history.json", "bookmarks.json"])
def test_deeply_nested_history_or_bookmarks_are_set_aside_with_a_warning(
    capsys: pytest.CaptureFixture[str], private_dirs: Path, name: str
) -> None:
    data = private_dirs / "data"
    data.mkdir(parents=True, exist_ok=True)
    nested = "[" * 100_000 + "]" * 100_000
    (data / name).write_text(nested, encoding="utf-8")
    command = "history" if name == "history.json" else "bookmarks"
    code, _, err = run(capsys, command, "--json")
    assert code == 0
    assert err.count("\n") == 1 and "nested too deeply" in err and "kept as" in err
    kept = list(data.glob(f"{name}.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == nested
    code, _, err = run(capsys, "ask", "What is glutamate?")
    assert code == 0 and "warning" not in err  # a fresh history


def test_a_command_collects_garbage_rarely_and_the_app_at_the_defaults(tmp_path: Path) -> None:
    # The entry point collects cyclic garbage rarely while starting (imports walk the heap
    # dozens of times otherwise), and a one-shot command keeps that to its end; the app, which
    # runs for hours, gets the defaults back a second after its explorer is drawn.
    code = (
        "import gc, asyncio\n"
        "import ketamine_tui.shell\n"
        "from ketamine_tui import gc_policy\n"
        "print('COMMAND', gc.get_threshold()[0])\n"
        "from ketamine_tui.tui.app import make_app\n"
        "from pathlib import Path\n"
        f"app = make_app(corpus_dir=Path({str(DATA.parent.parent / 'corpus')!r}), "
        f"cache_dir=Path({str(tmp_path)!r}))\n"
        "async def main():\n"
        "    async with app.run_test() as pilot:\n"
        "        for _ in range(200):\n"
        "            await pilot.pause(0.05)\n"
        "            if gc.get_threshold() == gc_policy.DEFAULT_THRESHOLD:\n"
        "                break\n"
        "        print('STARTED', gc.get_threshold() == gc_policy.DEFAULT_THRESHOLD)\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "COMMAND 150000" in done.stdout
    assert "STARTED True" in done.stdout
