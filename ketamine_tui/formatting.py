"""Rich renderables for results, shared by the CLI and the app (never markup strings).

Every piece of article text or user input goes into `rich.text.Text` through `safetext.printable`,
so `[bold]` and escape sequences in an article are shown as the characters they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from ketamine_tui.export import NOTICE, cited_sections, said_by
from ketamine_tui.models import Hit, Snippet
from ketamine_tui.safetext import one_line, printable

if TYPE_CHECKING:  # a search prints no answer: it need not build these classes
    from ketamine_tui.answer_models import Answer, AnswerSentence, Citation, RelatedQuestion

MATCH_STYLE = "bold reverse"
SOURCE_STYLE = "cyan"
DIM = "dim"


def safe(text: str, style: str = "") -> Text:
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
