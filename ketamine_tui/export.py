"""Machine-readable and shareable forms of results: the stable JSON of DESIGN.md, and Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ketamine_tui.models import Article, SearchResult
from ketamine_tui.safetext import printable

if TYPE_CHECKING:  # a search prints no answer: it need not build these classes
    from ketamine_tui.answer_models import Answer, Citation
    from ketamine_tui.topics import Topic

NOTICE = "Information from the articles, shown as written; not medical advice."


def snippet_text(result_snippet: Any) -> str:
    """A snippet as plain text, with "…" where the passage was clipped."""
    return (
        ("… " if result_snippet.clipped_start else "")
        + " ".join(result_snippet.text.split())
        + (" …" if result_snippet.clipped_end else "")
    )


def search_json(result: SearchResult) -> dict[str, Any]:
    """`ketamine-tui search --json`: query, correction and ranked hits."""
    return {
        "query": result.query,
        "corrected": result.corrected,
        "hits": [
            {
                "rank": hit.rank,
                "score": hit.score,
                "passage_id": hit.passage.passage_id,
                "source_id": hit.passage.source_id,
                "title": hit.title,
                "file": hit.file,
                "section": hit.passage.section,
                "start": hit.passage.start,
                "end": hit.passage.end,
                "text": hit.passage.text,
                "snippet": snippet_text(hit.snippet),
            }
            for hit in result.hits
        ],
    }


def answer_json(answer: Answer) -> dict[str, Any]:
    """`ketamine-tui ask --json`: sentences with citations, sources and related questions.

    Also how the question was read ("analysis"), why it is not covered ("reason", null when it
    is answered) and the corrected question when a word was misspelt ("corrected").
    """
    analysis = answer.analysis
    return {
        "question": answer.question,
        "answered": answer.answered,
        "analysis": {
            "type": analysis.type,
            "focus": list(analysis.focus),
            "constraints": list(analysis.constraints),
        },
        "reason": None if answer.answered else answer.reason,
        "corrected": answer.corrected,
        "answer": [
            {
                "text": sentence.text,
                "citations": [
                    {
                        "source_id": c.source_id,
                        "passage_id": c.passage_id,
                        "file": c.file,
                        "start": c.start,
                        "end": c.end,
                        "text": c.text,
                    }
                    for c in sentence.citations
                ],
            }
            for sentence in answer.sentences
        ],
        "sources": [
            {"source_id": s.source_id, "title": s.title, "file": s.file} for s in answer.sources
        ],
        "related": [{"topic": r.topic, "question": r.question} for r in answer.related],
    }


def sources_json(articles: Iterable[Article]) -> list[dict[str, Any]]:
    """`ketamine-tui sources --json`: the articles with their sections and passage counts."""
    return [
        {
            "source_id": a.source_id,
            "title": a.title,
            "title_derived": a.title_derived,
            "file": a.file,
            "origin": a.origin,
            "passages": sum(s.passage_count for s in a.sections),
            "sections": [
                {
                    "title": s.title,
                    "slug": s.slug,
                    "start": s.start,
                    "end": s.end,
                    "passages": s.passage_count,
                }
                for s in a.sections
            ],
        }
        for a in articles
    ]


def topics_json(topics: Iterable[Topic]) -> list[dict[str, Any]]:
    """`ketamine-tui topics --json`: the FAQ tree."""
    return [
        {"title": t.title, "questions": list(t.questions), "topics": topics_json(t.children)}
        for t in topics
    ]


def cited_sections(answer: Answer) -> list[tuple[int, Citation]]:
    """Each cited section once, with its article's source number, in order of first citation.

    An article cited in two sections is listed twice, with the same number.
    """
    numbers = {s.source_id: s.number for s in answer.sources}
    seen: dict[tuple[str, str], tuple[int, Citation]] = {}
    for sentence in answer.sentences:
        for citation in sentence.citations:
            key = (citation.source_id, citation.section)
            if key not in seen:
                seen[key] = (numbers[citation.source_id], citation)
    return sorted(seen.values(), key=lambda item: item[0])


def said_by(count: int, total: int) -> str:
    """ "said by 3 of 5 articles" (or "" when a single article says it)."""
    return f"said by {count} of {total} articles" if count > 1 else ""


def _markdown_escape(text: str) -> str:
    """Text that renders as itself in Markdown, control characters shown as escapes.

    No emphasis, links or footnotes can be made from it.
    """
    flat = " ".join(printable(text).split())
    return "".join("\\" + ch if ch in "\\`*_[]<>#|~" else ch for ch in flat)


def _code(text: str) -> str:
    """Inline code that shows `text` as it is, backticks and control characters included."""
    shown = printable(text)
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {shown} {fence}" if longest else f"`{shown}`"


def answer_markdown(answer: Answer) -> str:
    """An answer as Markdown: its sentences with footnote citations.

    Each footnote gives title, section, file and character offsets, so that every citation can
    be looked up in its file.
    """
    lines = [f"# {_markdown_escape(answer.question)}", ""]
    if answer.corrected:
        lines += [f"*Showing results for:* {_markdown_escape(answer.corrected)}", ""]
    if not answer.answered:
        lines += [_markdown_escape(answer.reason), ""]
    footnotes: list[str] = []
    for sentence in answer.sentences:
        marks = []
        for citation in sentence.citations:
            footnotes.append(
                f"[^{len(footnotes) + 1}]: *{_markdown_escape(citation.title)}*, section "
                f"“{_markdown_escape(citation.section)}” — {_code(citation.file)}, characters "
                f"{citation.start}–{citation.end} ({citation.passage_id}): "
                f"“{_markdown_escape(citation.text)}”"
            )
            marks.append(f"[^{len(footnotes)}]")
        note = said_by(len(sentence.source_ids), answer.article_count)
        suffix = f" *({note})*" if note else ""
        lines += [f"- {_markdown_escape(sentence.text)}{''.join(marks)}{suffix}"]
    if answer.related:
        lines += ["", "## Related questions", ""]
        lines += [
            f"- {_markdown_escape(r.question)} ({_markdown_escape(r.topic)})"
            for r in answer.related
        ]
    if footnotes:
        lines += ["", *footnotes]
    lines += ["", f"*{NOTICE}*", ""]
    return "\n".join(lines)
