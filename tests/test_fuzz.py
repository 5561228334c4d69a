"""Property-based tests: any query gets results, "nothing found" or a one-line error — never a
traceback. `make test` runs a few hundred examples; `make fuzz` runs many thousands."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ketamine_tui.engine import Engine
from ketamine_tui.errors import QueryError
from ketamine_tui.query import MAX_QUERY_CHARS
from ketamine_tui.shell import main

SYNTAX = [
    "(",
    ")",
    '"',
    "*",
    "?",
    "~",
    "^",
    ":",
    "[",
    "]",
    "{",
    "}",
    "AND",
    "OR",
    "NOT",
    "-",
    "+",
    "\\",
    "/",
]
STOP_ONLY = ["the", "of", "and", "what", "is", "a", "how", "does", "it", "to"]
ODD = [
    "\x1b[31m",
    "\x1b]8;;file:///etc/passwd\x07",
    "\x00",
    "\u202e",
    "\ud800",
    "\udfff",
    "🧠",
    "שלום",
    "مرحبا",
    "\u200b",
    "[bold]",
    "[/x]",
    "\r\n",
    "\t",
    "ﬁ",
    "İ",
    "ß",
]
WORDS = ["ketamine", "side", "effects", "glutamate", "dose", "nasal", "spray", "efects", "ketamin"]

# Any code point, lone surrogates included.
any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)
tokens = st.lists(st.sampled_from(SYNTAX + STOP_ONLY + ODD + WORDS) | any_text, max_size=12)
queries = st.one_of(
    any_text,
    tokens.map(" ".join),
    tokens.map("".join),
    st.sampled_from(STOP_ONLY).map(lambda w: f"{w} {w} {w}"),
    st.text(st.sampled_from("!?.,;:()[]{}\"'*~^-"), min_size=1, max_size=40),
)


def _check_result_is_sound(result) -> None:  # type: ignore[no-untyped-def]
    for hit in result.hits:
        assert (
            Path(hit.file).read_text(encoding="utf-8")[hit.passage.start : hit.passage.end]
            == hit.passage.text
        )


@given(queries)
@example("x" * 10_000)
@example("")
@example("(((((((((((((((((((((")
@example('"unbalanced ( AND')
def test_search_never_fails_unexpectedly(engine: Engine, query: str) -> None:
    try:
        result = engine.search(query, limit=5)
    except QueryError as exc:
        assert exc.exit_code == 2 and "\n" not in exc.message
        assert exc.message.startswith(("empty query", "query too long"))
        assert (len(query) > MAX_QUERY_CHARS) == exc.message.startswith("query too long")
        return
    _check_result_is_sound(result)


@given(queries)
@example("What is " + "ketamine " * 200)
def test_ask_never_fails_unexpectedly(engine: Engine, question: str) -> None:
    try:
        answer = engine.ask(question)
    except QueryError as exc:
        assert exc.exit_code == 2 and "\n" not in exc.message
        assert exc.message.startswith(("empty query", "query too long"))
        return
    for sentence in answer.sentences:
        for citation in sentence.citations:
            assert (
                Path(citation.file).read_text(encoding="utf-8")[citation.start : citation.end]
                == citation.text
            )
    assert answer.answered == bool(answer.sentences)


@given(queries)
@example("x" * 10_000)
@example("ketamin sied efects")
def test_compare_and_explain_never_fail_unexpectedly(engine: Engine, question: str) -> None:
    try:
        comparison = engine.compare(question)
    except QueryError as exc:
        assert exc.exit_code == 2 and exc.message.startswith(("empty query", "query too long"))
        return
    quoted = [c for claim in comparison.claims for c in claim.citations]
    quoted += [s.citation for a in comparison.articles for s in a.sentences]
    for citation in quoted:
        text = Path(citation.file).read_text(encoding="utf-8")
        assert text[citation.start : citation.end] == citation.text
    assert comparison.covered == engine.ask(question).answered
    explained = engine.explain_search(question, limit=5)
    for hit, why in zip(explained.result.hits, explained.hits, strict=True):
        assert why.score == hit.score
        fields = {"title": hit.title, "section": hit.passage.section, "body": hit.passage.text}
        for match in why.matches:
            assert all(fields[match.field][a:b] in match.words for a, b in match.spans)


@given(question=queries, command=st.sampled_from(["compare", "search", "ask"]))
def test_cli_compare_and_explain_exit_cleanly(
    shared_cache: Path, question: str, command: str
) -> None:
    args = [command, *(["--explain"] if command != "compare" else []), "--", question]
    code, out, err = _run_cli(args, shared_cache)
    assert "Traceback" not in out + err and "\x1b" not in out + err
    (out + err).encode("utf-8")
    assert code in (0, 1, 2), (code, out, err)
    if code == 2:
        assert err.startswith("ketamine-tui: error: ") and err.count("\n") == 1


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-cache")


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _run_cli(args: list[str], cache: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with (
        _environment(KETAMINE_TUI_CACHE_DIR=str(cache)),
        redirect_stdout(out),
        redirect_stderr(err),
    ):
        try:
            main(args)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
    return code, out.getvalue(), err.getvalue()


@given(query=queries, as_json=st.booleans(), limit=st.integers(-5, 150))
@example(query="x" * 10_000, as_json=False, limit=10)
@example(query="side effects", as_json=True, limit=0)
def test_cli_search_exits_cleanly(
    shared_cache: Path, query: str, as_json: bool, limit: int
) -> None:
    # Options first, then "--": a query may itself start with "-".
    args = ["search", "--limit", str(limit), *(["--json"] if as_json else []), "--", query]
    code, out, err = _run_cli(args, shared_cache)
    assert "Traceback" not in out + err
    (out + err).encode("utf-8")  # printable: no lone surrogates reach the terminal
    assert "\x1b" not in out + err
    if code == 2:
        assert err.count("\n") == 1 and err.startswith("ketamine-tui: error: ")
        return
    assert code in (0, 1), (code, out, err)
    assert 1 <= limit <= 100
    if as_json:
        data = json.loads(out)
        assert len(data["hits"]) <= limit and (code == 0) == bool(data["hits"])


@given(question=queries)
def test_cli_ask_exits_cleanly(shared_cache: Path, question: str) -> None:
    code, out, err = _run_cli(["ask", "--json", "--", question], shared_cache)
    assert "Traceback" not in out + err and "\x1b" not in out + err
    assert code in (0, 1, 2)
    if code == 2:
        assert err.startswith("ketamine-tui: error: ") and err.count("\n") == 1
    else:
        assert json.loads(out)["answered"] == (code == 0)


def test_a_query_that_looks_like_an_option_is_a_usage_error(shared_cache: Path) -> None:
    code, _, err = _run_cli(["search", "--frobnicate"], shared_cache)
    assert code == 2 and err.count("\n") == 1 and "No such option" in err


def test_bounds_are_what_the_readme_says() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"{MAX_QUERY_CHARS} characters" in readme
    assert "--limit" in readme and "1–100" in readme
