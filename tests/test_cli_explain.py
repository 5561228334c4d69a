"""The command line of `compare`, `search --explain` and `ask --explain`: JSON, text, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_in_terminal
from rich.console import Console
from test_cli import run

from ketamine_tui.compare_format import NOT_MENTIONED, comparison_renderable
from ketamine_tui.engine import Engine

COVERED = "How quickly does ketamine work?"


def file_text(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def test_compare_json_quotes_every_sentence_verbatim(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "compare", COVERED, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert {"question", "claims", "articles"} <= set(data)
    assert data["question"] == COVERED and data["covered"] is True and data["reason"] is None
    assert len(data["articles"]) == 5
    for claim in data["claims"]:
        assert {"text", "citations", "source_ids"} <= set(claim)
        assert claim["text"] == claim["citations"][0]["text"]
        assert claim["source_ids"] == list(
            dict.fromkeys(c["source_id"] for c in claim["citations"])
        )
        for citation in claim["citations"]:
            text = file_text(citation["file"])[citation["start"] : citation["end"]]
            assert text == citation["text"]
    assert any(len(c["source_ids"]) >= 2 for c in data["claims"])
    for article in data["articles"]:
        assert {"source_id", "title", "sentences"} <= set(article)
        assert article["mentions"] == bool(article["sentences"])
        for sentence in article["sentences"]:
            assert {"text", "start", "end"} <= set(sentence)
            assert sentence["passage_id"].startswith(article["source_id"] + ":")
            text = file_text(article["file"])[sentence["start"] : sentence["end"]]
            assert text == sentence["text"]


@pytest.mark.parametrize(
    "question", ["How much does it cost?", "Is ketamine safe during pregnancy?"]
)
def test_compare_says_not_covered_as_ask_does(
    capsys: pytest.CaptureFixture[str], question: str
) -> None:
    code, out, _ = run(capsys, "compare", question, "--json")
    ask_code, ask_out, _ = run(capsys, "ask", question, "--json")
    assert code == ask_code == 1
    data, answer = json.loads(out), json.loads(ask_out)
    assert data["covered"] is False and data["reason"] == answer["reason"]
    assert data["claims"] == [] and data["articles"] == []
    code, out, _ = run(capsys, "compare", question)
    assert code == 1 and answer["reason"] in " ".join(out.split())


def test_compare_into_a_pipe_stacks_whole_lines(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "What is glutamate?")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Q: What is glutamate?" and lines[1] == "Claims"
    assert "[1] Ketamine for Treatment-Resistant Depression" in lines
    heading = lines.index("[1] Ketamine for Treatment-Resistant Depression")
    assert lines[heading + 1] == f"  {NOT_MENTIONED}"
    assert any(
        line.startswith(" • Glutamate is a neurotransmitter") and "(only one article says" in line
        for line in lines
    )
    assert "╭" not in out


def render(engine: Engine, question: str, width: int) -> list[str]:
    console = Console(width=width, record=True, force_terminal=False, color_system=None)
    console.print(comparison_renderable(engine.compare(question)))
    return console.export_text().splitlines()


def test_at_80_columns_the_article_blocks_stack(engine: Engine) -> None:
    lines = render(engine, COVERED, 80)
    assert all(len(line) <= 80 for line in lines)
    headings = [line for line in lines if line.startswith(("[1] ", "[2] ", "[3] ", "[4] ", "[5] "))]
    assert len(headings) == 5  # each block under its own heading, one after the other
    assert not any(ch in "".join(lines) for ch in "╭│╰")


def test_from_120_columns_the_article_blocks_stand_side_by_side(engine: Engine) -> None:
    for width, per_row in ((120, 3), (200, 5)):
        lines = render(engine, COVERED, width)
        assert all(len(line) <= width for line in lines)
        tops = [line for line in lines if line.startswith("╭")]
        assert len(tops) == -(-5 // per_row)
        row = next(line for line in lines if line.startswith("│ [1] "))
        for number in range(2, per_row + 1):
            assert f"│ [{number}] " in row  # the first row's blocks beside each other
    # Each block holds its article's sentences whole, read down its column.
    columns: list[list[str]] = []
    for line in render(engine, COVERED, 200):
        if line.startswith("╭"):
            columns.append([])
        elif line.startswith("│"):
            cells = line.split("│")[1:-1]
            block = columns[-1]
            block += [""] * (len(cells) - len(block))
            for number, cell in enumerate(cells):
                block[number] += " " + cell
    blocks = [" ".join(block.split()) for row in columns for block in row]
    comparison = engine.compare(COVERED)
    for article, block in zip(comparison.articles, blocks, strict=True):
        assert block.startswith(f"[{comparison.number_of(article.source_id)}] ")
        for sentence in article.sentences:
            assert " ".join(sentence.text.split()) in block


def test_compare_in_a_terminal_wraps_to_its_width() -> None:
    code, shown, err = run_in_terminal(["compare", COVERED], columns=80)
    assert code == 0, err
    lines = shown.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert "said by" in shown and "not medical advice" in shown
    code, shown, _ = run_in_terminal(["compare", COVERED], columns=130)
    assert code == 0 and "╭" in shown


def field_of(hit: dict[str, object], field: str) -> str:
    key = {"title": "title", "section": "section", "body": "text"}[field]
    value = hit[key]
    assert isinstance(value, str)
    return value


@pytest.mark.parametrize("query", ["side effects", "ketamin efects", "How long does it last?"])
def test_search_json_explain_reports_what_the_fields_hold(
    capsys: pytest.CaptureFixture[str], query: str
) -> None:
    code, out, _ = run(capsys, "search", query, "--json", "--explain", "--limit", "5")
    assert code == 0
    data = json.loads(out)
    plain = json.loads(run(capsys, "search", query, "--json", "--limit", "5")[1])
    assert set(plain) == {"query", "corrected", "hits"}
    assert all("explain" not in hit for hit in plain["hits"])
    assert [h["passage_id"] for h in data["hits"]] == [h["passage_id"] for h in plain["hits"]]
    assert set(data["explain"]) == {"corrected", "concepts", "unknown"}
    for hit in data["hits"]:
        why = hit["explain"]
        assert set(why) == {"score", "backend_score", "stages", "matches"}
        assert why["score"] == hit["score"]
        stages = [s["stage"] for s in why["stages"]]
        # a question's search leads with what its answer quotes ("How long does it last?")
        lead = ["answer lead"] if query.endswith("?") else []
        assert stages == ["required phrases", "coverage", "evidence", *lead]
        assert why["matches"]
        for match in why["matches"]:
            text = field_of(hit, match["field"])
            for start, end in match["spans"]:
                assert text[start:end] in match["words"]
            for word in match["words"]:
                assert word in text


def test_search_explain_prints_why_under_each_hit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "side effects", "--explain", "--limit", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("  Query words: side effects (weight")
    why = [line for line in lines if line.startswith("    why: score ")]
    scores = [h["score"] for h in json.loads(run(capsys, "search", "side effects", "--json",
                                                    "--limit", "3")[1])["hits"]]  # fmt: skip
    assert [line.split()[2] for line in why] == [f"{s:g}" for s in scores]
    assert any(line.startswith("    text: “side effects”") for line in lines)
    code, out, _ = run(capsys, "search", "zzqqxx", "--explain")
    assert code == 1 and "zzqqxx (weight" in out and "in no article" in out


def test_ask_json_explain_names_the_features_of_the_first_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "ask", "How long do the effects last?", "--json", "--explain")
    assert code == 0
    data = json.loads(out)
    plain = json.loads(run(capsys, "ask", "How long do the effects last?", "--json")[1])
    assert {k: v for k, v in data.items() if k != "explain"} == plain
    first = data["explain"]["first"]
    assert first["text"] == data["answer"][0]["text"]
    assert file_text(first["file"])[first["start"] : first["end"]] == first["text"]
    assert sum(f["points"] for f in first["features"]) == pytest.approx(first["score"], abs=1e-3)
    assert first["answers"] is True
    assert data["explain"]["runner_up"]["score"] <= first["score"]

    code, out, _ = run(capsys, "ask", "Is ketamine safe during pregnancy?", "--json", "--explain")
    assert code == 1
    why = json.loads(out)["explain"]
    assert why["first"] is None and "pregnancy" in why["query"]["unknown"]


def test_ask_explain_in_a_terminal_fits_80_columns() -> None:
    code, shown, err = run_in_terminal(["ask", "How long do the effects last?", "--explain"])
    assert code == 0, err
    assert "Why this first sentence" in shown and "shows the evidence asked for" in shown
    assert all(len(line) <= 80 for line in shown.splitlines())
    code, shown, _ = run_in_terminal(["ask", "Is ketamine safe during pregnancy?", "--explain"])
    assert code == 1 and "No article contains “pregnancy”." in shown


def test_ask_explain_does_not_go_with_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "ask", "What is glutamate?", "--explain", "--format", "markdown")
    assert code == 2 and "--explain goes with text or --json" in err
