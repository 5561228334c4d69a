"""Machine-readable and shareable forms of results: the stable JSON of the README, and Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ketamine_tui.models import Article, SearchResult
from ketamine_tui.safetext import printable

if TYPE_CHECKING:  # a search prints no answer: it need not build these classes
    from ketamine_tui.answer_models import Answer, Citation
    from ketamine_tui.compare_models import Comparison
    from ketamine_tui.explain_models import (
        AnswerExplanation,
        HitExplanation,
        QueryExplanation,
        SearchExplanation,
        SentenceExplanation,
    )
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
                "citations": [citation_json(c) for c in sentence.citations],
            }
            for sentence in answer.sentences
        ],
        "sources": [
            {"source_id": s.source_id, "title": s.title, "file": s.file} for s in answer.sources
        ],
        "related": [{"topic": r.topic, "question": r.question} for r in answer.related],
    }


def citation_json(citation: Citation) -> dict[str, Any]:
    """A citation: its article, passage, file and offsets (`text == file_text[start:end]`)."""
    return {
        "source_id": citation.source_id,
        "passage_id": citation.passage_id,
        "file": citation.file,
        "start": citation.start,
        "end": citation.end,
        "text": citation.text,
    }


def compare_json(comparison: Comparison) -> dict[str, Any]:
    """`ketamine-tui compare --json`: the claims, then what each article says (or the reason).

    Every "text" is its file's text at `[start:end]`; "answers" tells a sentence that states
    what the question asks for from one that only mentions its subject.
    """
    analysis = comparison.analysis
    return {
        "question": comparison.question,
        "covered": comparison.covered,
        "reason": None if comparison.covered else comparison.reason,
        "corrected": comparison.corrected,
        "analysis": {
            "type": analysis.type,
            "focus": list(analysis.focus),
            "constraints": list(analysis.constraints),
        },
        "claims": [
            {
                "text": claim.text,
                "answers": claim.answers,
                "said_by": len(claim.source_ids),
                "source_ids": list(claim.source_ids),
                "citations": [citation_json(c) for c in claim.citations],
            }
            for claim in comparison.claims
        ],
        "articles": [
            {
                "source_id": article.source_id,
                "title": article.title,
                "file": article.file,
                "mentions": article.mentions,
                "sentences": [
                    {
                        "text": s.text,
                        "start": s.citation.start,
                        "end": s.citation.end,
                        "passage_id": s.citation.passage_id,
                        "section": s.citation.section,
                        "answers": s.answers,
                    }
                    for s in article.sentences
                ],
            }
            for article in comparison.articles
        ],
        "article_count": comparison.article_count,
        "not_compared": comparison.not_compared,
        "related": [{"topic": r.topic, "question": r.question} for r in comparison.related],
    }


def query_explanation_json(query: QueryExplanation) -> dict[str, Any]:
    """How a query was read: each word's weight and role, and the words no article contains."""
    return {
        "corrected": query.corrected,
        "concepts": [
            {
                "label": c.label,
                "weight": c.weight,
                "role": c.role,
                "in_articles": c.in_articles,
                "corrected_from": c.corrected_from,
            }
            for c in query.concepts
        ],
        "unknown": list(query.unknown),
    }


def hit_explanation_json(why: HitExplanation) -> dict[str, Any]:
    """Why a hit was found: scores per stage, matched words per field with their ranges."""
    return {
        "score": why.score,
        "backend_score": why.backend_score,
        "stages": [{"stage": s.stage, "factor": s.factor} for s in why.stages],
        "matches": [
            {
                "field": m.field,
                "concept": m.concept,
                "via": m.via,
                "words": list(m.words),
                "spans": [list(span) for span in m.spans],
                "corrected_from": m.corrected_from,
            }
            for m in why.matches
        ],
    }


def explained_search_json(explained: SearchExplanation) -> dict[str, Any]:
    """`search --json --explain`: the search's JSON, an "explain" object per hit and overall."""
    data = search_json(explained.result)
    for hit, why in zip(data["hits"], explained.hits, strict=True):
        hit["explain"] = hit_explanation_json(why)
    data["explain"] = query_explanation_json(explained.query)
    return data


def sentence_explanation_json(why: SentenceExplanation) -> dict[str, Any]:
    """A scored sentence: where it stands, its score and support, and each feature's points."""
    return {
        **citation_json(why.citation),
        "score": why.score,
        "support": why.support,
        "answers": why.answers,
        "features": [{"name": f.name, "value": f.value, "points": f.points} for f in why.features],
    }


def explained_answer_json(explained: AnswerExplanation) -> dict[str, Any]:
    """`ask --json --explain`: the answer's JSON and an "explain" object (features, query)."""
    first, runner_up = explained.first, explained.runner_up
    return {
        **answer_json(explained.answer),
        "explain": {
            "query": query_explanation_json(explained.query),
            "considered": explained.considered,
            "first": sentence_explanation_json(first) if first else None,
            "runner_up": sentence_explanation_json(runner_up) if runner_up else None,
        },
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
