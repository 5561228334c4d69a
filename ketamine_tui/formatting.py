"""Rich renderables for results, shared by the CLI and the app (never markup strings).

Every piece of article text or user input goes into `rich.text.Text` through `safetext.printable`,
so `[bold]` and escape sequences in an article are shown as the characters they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from ketamine_tui.export import cited_sections, said_by
from ketamine_tui.models import Article, Hit, Passage, Section, Snippet
from ketamine_tui.safetext import one_line, printable

if TYPE_CHECKING:  # a search prints no answer: it need not build these classes
    from ketamine_tui.answer_models import (
        Answer,
        AnswerSentence,
        RelatedQuestion,
    )
    from ketamine_tui.evaluation import EvalReport
    from ketamine_tui.topics import Topic
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


class Hanging:
    """Lines under a margin (the first one after a marker such as " 1. " or "• ").

    In a terminal, wrapped lines stay under the margin (a hanging indent); in soft-wrapped output
    (a pipe or a file) each line is written whole after the margin, for grep and friends.
    """

    def __init__(self, lines: Sequence[Text], indent: int, marker: Text | None = None) -> None:
        self.lines = lines
        self.indent = indent
        self.marker = marker

    def _prefix(self, number: int, console: Console) -> list[Segment]:
        margin = " " * self.indent
        if number == 0 and self.marker is not None:
            marker = self.marker.copy()
            marker.align("left", self.indent)
            return list(marker.render(console, end=""))
        return [Segment(margin)]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        if options.no_wrap:
            rendered = [list(line.render(console, end="")) for line in self.lines]
        else:
            width = max(options.max_width - self.indent, 8)
            rendered = console.render_lines(
                Group(*self.lines), options.update(width=width), pad=False
            )
        for number, line in enumerate(rendered):
            yield from self._prefix(number, console)
            yield from line
            yield Segment.line()


def hit_renderable(hit: Hit) -> RenderableType:
    """One search hit: rank and "title · section", the passage id (dim), the snippet."""
    return Hanging(
        [
            source_line(hit.title, hit.passage.section),
            Text(hit.passage.passage_id, style=DIM),
            highlighted_snippet(hit.snippet),
        ],
        indent=4,
        marker=Text(f"{hit.rank:>2}. ", style="bold"),
    )


def sentence_body(answer: Answer, sentence: AnswerSentence) -> Text:
    """ "sentence [1][2] (said by 2 of 5 articles)": a sentence of an answer, after its bullet."""
    numbers = {s.source_id: s.number for s in answer.sources}
    line = safe(one_line(sentence.text))
    marks = "".join(f"[{numbers[s]}]" for s in sentence.source_ids)
    line.append(f" {marks}", style=SOURCE_STYLE)
    note = said_by(len(sentence.source_ids), answer.article_count)
    if note:
        line.append(f" ({note})", style=DIM)
    return line


def related_label(answered: bool) -> Text:
    """ "Related: " next to an answer, "Try: " in place of one."""
    return Text("Related: " if answered else "Try: ", style=DIM)


def related_body(related: RelatedQuestion) -> Text:
    """A related question with its topic, after its label."""
    line = safe(one_line(related.question))
    line.append(f"  ({one_line(related.topic)})", style=DIM)
    return line


def answer_renderable(answer: Answer) -> RenderableType:
    """An answer: sentences with [n] markers and "said by N of M", then the numbered sources.

    The not-medical-advice notice is not part of it: the command line puts it below the answer
    in a terminal, and on standard error when the answer goes to a file or a pipe.
    """
    parts: list[RenderableType] = [Text.assemble(("Q: ", "bold"), safe(answer.question, "bold"))]
    if answer.corrected:
        parts.append(Text.assemble(("Showing results for ", DIM), safe(answer.corrected, "italic")))
    if not answer.answered:
        parts.append(safe(answer.reason, "yellow"))
    parts.extend(
        Hanging([sentence_body(answer, sentence)], indent=2, marker=Text("• "))
        for sentence in answer.sentences
    )
    if answer.sources:
        parts.append(Text("Sources", style="bold"))
        for number, citation in cited_sections(answer):
            marker = Text(f" [{number}] ", style=SOURCE_STYLE)
            parts.append(
                Hanging(
                    [source_line(citation.title, citation.section)],
                    indent=len(marker),
                    marker=marker,
                )
            )
    label = related_label(answer.answered)
    parts.extend(
        Hanging([related_body(r)], indent=len(label), marker=label) for r in answer.related
    )
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


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def sources_renderables(articles: Sequence[Article]) -> list[RenderableType]:
    """The articles: id and title, file, then each section with its passage count."""
    total = sum(s.passage_count for a in articles for s in a.sections)
    parts: list[RenderableType] = [
        Text(f"{_count(len(articles), 'article')}, {_count(total, 'passage')}", style="bold")
    ]
    for article in articles:
        passages = sum(s.passage_count for s in article.sections)
        parts.append(Text())
        parts.append(
            Text.assemble(
                safe(article.source_id, "bold " + SOURCE_STYLE), "  ", safe(article.display_title)
            )
        )
        counts = f"{_count(passages, 'passage')} in {_count(len(article.sections), 'section')} · "
        parts.append(Hanging([Text(counts, style=DIM) + safe(article.file, DIM)], indent=2))
        parts.extend(
            Hanging(
                [Text.assemble(safe(one_line(part.title)), (f"  ({part.passage_count})", DIM))],
                indent=4,
                marker=Text("  • "),
            )
            for part in article.sections
        )
    return parts


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


def settings_line(changes: Iterable[tuple[str, object, object]]) -> Text:
    """ "Settings changed: min_support 0.35 → 0.3, …" (what an evaluation ran with)."""
    line = Text("Settings changed: ", style="bold")
    line.append(", ".join(f"{name} {old} → {new}" for name, old, new in changes))
    return line


def eval_summary(reports: Sequence[tuple[str, EvalReport]]) -> RenderableType:
    """One row per question set: search, answers, answerability and both kinds of error."""
    from rich.box import SIMPLE_HEAD
    from rich.table import Table

    table = Table(
        box=SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        collapse_padding=True,  # fourteen sets with long names still fit in 80 columns
        title="Question sets",
        title_justify="left",
        caption="qs: questions (answerable) · S@k: search success at k · gold: answers with a gold "
        "phrase (1st: in their first sentence) · ans: answerability accuracy · miss: "
        "answerable, said not covered · false: not covered, answered anyway (of the uncovered)",
        caption_justify="left",
    )
    table.add_column("set", no_wrap=True)
    for name in ("qs", "S@1", "S@3", "MRR", "gold", "1st", "ans", "miss", "false"):
        table.add_column(name, justify="right", no_wrap=True)

    def share(value: float, report: EvalReport) -> str:
        return f"{value:.2f}" if report.answerable else "n/a"

    for name, r in reports:
        table.add_row(
            name.removesuffix("-questions"),
            f"{r.questions} ({r.answerable})",
            share(r.success_at[1], r),
            share(r.success_at[3], r),
            share(r.mrr, r),
            share(r.answer_gold_share, r),
            share(r.first_sentence_gold_share, r),
            f"{r.answerability_accuracy:.2f}",
            str(r.false_not_covered),
            f"{r.false_answered}/{r.questions - r.answerable}",
        )
    return table
