"""Rich renderables for results, shared by the CLI and the app (never markup strings).

Every piece of article text or user input goes into `rich.text.Text` through `safetext.printable`,
so `[bold]` and escape sequences in an article are shown as the characters they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text

from ketamine_tui.export import NOTICE, cited_sections, said_by
from ketamine_tui.models import Article, Hit, Passage, Section, Snippet
from ketamine_tui.safetext import one_line, printable

if TYPE_CHECKING:  # a search prints no answer: it need not build these classes
    from ketamine_tui.answer_models import (
        Answer,
        AnswerSentence,
        Citation,
        RelatedQuestion,
        Topic,
    )
    from ketamine_tui.evaluation import EvalReport
    from ketamine_tui.userdata import Bookmark

MATCH_STYLE = "bold reverse"
SOURCE_STYLE = "cyan"
DIM = "dim"


def safe(text: str, style: str | Style = "") -> Text:
    """Untrusted text as a Text object: literal, with control characters made visible."""
    return Text(printable(text), style=style)


def highlighted_snippet(snippet: Snippet, match_style: str = MATCH_STYLE) -> Text:
    """A snippet on one line with its query matches styled and "…" where it was clipped."""
    text = Text()
    if snippet.clipped_start:
        text.append("… ", style=DIM)
    position = 0
    for span in snippet.matches:
        text.append(one_line_preserving(snippet.text[position : span.start]))
        text.append(one_line_preserving(snippet.text[span.start : span.end]), style=match_style)
        position = span.end
    text.append(one_line_preserving(snippet.text[position:]))
    if snippet.clipped_end:
        text.append(" …", style=DIM)
    return text


def one_line_preserving(piece: str) -> str:
    """A piece of a snippet with line breaks as spaces (inner spacing of matches kept intact)."""
    return printable(piece).replace("\n", " ").replace("\t", " ")


def source_line(title: str, section: str) -> Text:
    """ "title · section", literal."""
    return Text.assemble(
        (one_line(title), SOURCE_STYLE), (" · ", DIM), (one_line(section), "italic")
    )


def hit_renderable(hit: Hit) -> RenderableType:
    """One search hit: rank, "title · section", then the highlighted snippet."""
    head = Text.assemble((f"{hit.rank:>2}. ", "bold"), source_line(hit.title, hit.passage.section))
    head.append(f"  {hit.passage.passage_id}", style=DIM)
    body = highlighted_snippet(hit.snippet)
    body.pad_left(4)
    return Group(head, body)


def sentence_line(answer: Answer, sentence: AnswerSentence) -> Text:
    """ "• sentence [1][2] (said by 2 of 5 articles)"."""
    numbers = {s.source_id: s.number for s in answer.sources}
    line = Text("• ") + safe(one_line(sentence.text))
    marks = "".join(f"[{numbers[s]}]" for s in sentence.source_ids)
    line.append(f" {marks}", style=SOURCE_STYLE)
    note = said_by(len(sentence.source_ids), answer.article_count)
    if note:
        line.append(f" ({note})", style=DIM)
    return line


def source_entry(number: int, citation: Citation) -> Text:
    """ "[1] title · section" for a cited section of an article."""
    return Text(f"[{number}] ", style=SOURCE_STYLE) + source_line(citation.title, citation.section)


def related_line(related: RelatedQuestion, answered: bool) -> Text:
    """A related question with its topic ("Related:" next to an answer, "Try:" instead of one)."""
    line = Text("Related: " if answered else "Try: ", style=DIM) + safe(one_line(related.question))
    line.append(f"  ({one_line(related.topic)})", style=DIM)
    return line


def answer_renderable(answer: Answer) -> RenderableType:
    """An answer: sentences with [n] markers and "said by N of M", then the numbered sources."""
    parts: list[RenderableType] = [Text.assemble(("Q: ", "bold"), safe(answer.question, "bold"))]
    if answer.corrected:
        parts.append(Text.assemble(("Showing results for ", DIM), safe(answer.corrected, "italic")))
    if not answer.answered:
        parts.append(safe(answer.reason, "yellow"))
    parts.extend(sentence_line(answer, sentence) for sentence in answer.sentences)
    if answer.sources:
        parts.append(Text("Sources", style="bold"))
        parts.extend(Text(" ") + source_entry(n, c) for n, c in cited_sections(answer))
    parts.extend(related_line(r, answer.answered) for r in answer.related)
    parts.append(Text(NOTICE, style=DIM))
    return Group(*parts)


def topics_tree(topics: Iterable[Topic]) -> RenderableType:
    """The FAQ topics and their questions as a tree."""
    from rich.tree import Tree

    def add(branch: Tree, topic: Topic) -> None:
        node = branch.add(safe(topic.title, "bold"))
        for question in topic.questions:
            node.add(safe(question))
        for child in topic.children:
            add(node, child)

    root = Tree("FAQ topics")
    for topic in topics:
        add(root, topic)
    return root


def sources_table(articles: Sequence[Article]) -> RenderableType:
    """The articles: id, title, how many sections and passages."""
    from rich.table import Table

    table = Table(title=f"{len(articles)} articles", title_justify="left")
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("title")
    table.add_column("sections", justify="right")
    table.add_column("passages", justify="right")
    for article in articles:
        table.add_row(
            safe(article.source_id),
            safe(article.display_title),
            str(len(article.sections)),
            str(sum(s.passage_count for s in article.sections)),
        )
    return table


def article_renderables(
    article: Article, sections: Iterable[Section], passages: Sequence[Passage]
) -> list[RenderableType]:
    """An article's title and file, then each section's heading and passages with their ids."""
    from rich.rule import Rule

    parts: list[RenderableType] = [safe(article.display_title, "bold"), safe(article.file, DIM)]
    for part in sections:
        parts.append(Rule(safe(part.title), align="left", style=DIM))
        for passage in (p for p in passages if p.section_slug == part.slug):
            parts += [safe(passage.passage_id, DIM), safe(passage.text), Text()]
    return parts


def history_lines(questions: Iterable[str]) -> list[Text]:
    """The asked questions, numbered."""
    return [
        Text.assemble((f"{number:>3}. ", "dim"), safe(one_line(question)))
        for number, question in enumerate(questions, start=1)
    ]


def bookmark_lines(marks: Iterable[Bookmark]) -> list[Text]:
    """Bookmarked questions ("? …") and passages ("¶ label"), each with its id on a dim line."""
    lines = []
    for mark in marks:
        if mark.kind == "question":
            lines.append(Text.assemble(("? ", DIM), safe(one_line(mark.question))))
        else:
            lines.append(Text.assemble(("¶ ", DIM), safe(one_line(mark.label))))
        lines.append(Text.assemble(("  id: ", DIM), safe(mark.id, DIM)))
    return lines


def eval_renderables(report: EvalReport) -> list[RenderableType]:
    """The metrics table of an evaluation, then one line per question it got wrong."""
    from rich.table import Table

    summary = report.to_json()
    table = Table(
        title=f"{report.questions} questions, {report.answerable} answerable", title_justify="left"
    )
    table.add_column("measure")
    table.add_column("value", justify="right")

    def shown(value: float | int | None) -> str:
        return (
            "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
        )

    for name, value in summary["search"].items():
        table.add_row(f"search {name}", shown(value))
    for name, value in summary["ask"].items():
        table.add_row(f"ask {name.replace('_', ' ')}", shown(value))
    parts: list[RenderableType] = [table]
    for outcome in report.outcomes:
        if outcome.miss:
            parts.append(
                Text.assemble("  miss: ", safe(outcome.question), (f" — {outcome.miss}", "dim"))
            )
    return parts
