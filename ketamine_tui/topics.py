"""The FAQ topic tree: `topics.toml` when the corpus has one, else topics built from headings.

The tree is read with the corpus and kept with its index (as JSON), so that opening the index
needs neither the TOML parser nor the headings' analysis.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ketamine_tui.corpus_files import TOPICS_NAME, read_toml
from ketamine_tui.errors import CorpusError
from ketamine_tui.models import Article
from ketamine_tui.safetext import plain

MAX_TOPIC_DEPTH = 4
SYNTHETIC_SECTIONS = ("Introduction", "Main text")
HEADING_AGREEMENT = 0.6


class Topic(NamedTuple):
    """A node of the FAQ tree: a titled group of questions and sub-topics."""

    title: str
    questions: tuple[str, ...] = ()
    children: tuple[Topic, ...] = ()

    def walk(self) -> tuple[tuple[Topic, str], ...]:
        """Every (topic, question) pair in this topic and its sub-topics, depth first."""
        pairs = [(self, q) for q in self.questions]
        for child in self.children:
            pairs.extend(child.walk())
        return tuple(pairs)


def _parse_topic(data: object, where: str, depth: int) -> Topic:
    """One [[topic]] table (and its sub-topics), validated."""
    if not isinstance(data, dict):
        raise CorpusError(f"{where}: a topic must be a table")
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise CorpusError(f"{where}: a topic needs a 'title'")
    questions = data.get("questions", [])
    if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
        raise CorpusError(f"{where} ({title}): 'questions' must be a list of strings")
    children = data.get("topic", [])
    if not isinstance(children, list):
        raise CorpusError(f"{where} ({title}): sub-topics must be [[topic.topic]] tables")
    if depth >= MAX_TOPIC_DEPTH and children:
        raise CorpusError(f"{where} ({title}): topics nest at most {MAX_TOPIC_DEPTH} deep")
    return cleaned_topic(
        title=title,
        questions=questions,
        children=tuple(_parse_topic(child, f"{where} › {title}", depth + 1) for child in children),
    )


def cleaned_topic(title: str, questions: Iterable[str], children: tuple[Topic, ...] = ()) -> Topic:
    """A topic whose title and questions are cleaned of escape sequences and control characters.

    Questions are put in the search box, asked and kept in the history: text read from a file
    is cleaned here, once, as it is loaded. Questions that are left empty are dropped.
    """
    cleaned = tuple(q for q in (plain(q) for q in questions) if q)
    return Topic(title=plain(title), questions=cleaned, children=children)


def load_topics(root: Path) -> tuple[Topic, ...]:
    """The topics of `<root>/topics.toml`, or an empty tuple when the corpus has none."""
    path = Path(root) / TOPICS_NAME
    if not path.is_file():
        return ()
    data = read_toml(path)
    topics = data.get("topic", [])
    if not isinstance(topics, list):
        raise CorpusError(f"{path}: 'topic' must be an array of tables ([[topic]])")
    return tuple(_parse_topic(t, f"{path}: topic {n}", 1) for n, t in enumerate(topics, start=1))


def topics_from_headings(articles: Iterable[Article]) -> tuple[Topic, ...]:
    """Topics made from the articles' section headings, for a corpus without `topics.toml`.

    Headings that agree across articles — the same content words after stemming, or most of
    them ("What Is Ketamine?" and "What is ketamine") — form one topic, titled by its first
    heading, whose questions are the distinct headings of the group (choosing one asks it).
    Topics shared by more articles come first.
    """
    from ketamine_tui.words import stems

    groups: list[tuple[frozenset[str], list[str], set[str]]] = []
    for article in articles:
        for section in article.sections:
            if section.title in SYNTHETIC_SECTIONS:
                continue
            key = frozenset(stems(section.title))
            if not key:
                continue
            for words, headings, sources in groups:
                if len(key & words) / len(key | words) >= HEADING_AGREEMENT:
                    if section.title not in headings:
                        headings.append(section.title)
                    sources.add(article.source_id)
                    break
            else:
                groups.append((key, [section.title], {article.source_id}))
    ordered = sorted(enumerate(groups), key=lambda item: (-len(item[1][2]), item[0]))
    return tuple(cleaned_topic(headings[0], headings) for _, (_, headings, _) in ordered)


def read_topics(
    root: Path, articles: Sequence[Article]
) -> tuple[tuple[Topic, ...], tuple[str, ...]]:
    """The FAQ topics (`topics.toml`, or made from the headings) and why the file was not used.

    `topics.toml` is optional, so a malformed one is a warning: the articles stay usable, with
    topics made from their headings.
    """
    try:
        loaded = load_topics(root)
        problems: tuple[str, ...] = ()
    except CorpusError as exc:
        loaded, problems = (), (f"{exc.message}; using topics made from the headings",)
    return loaded or topics_from_headings(articles), problems


def topics_to_json(topics: Iterable[Topic]) -> list[dict[str, Any]]:
    """The topics in a JSON-ready form (kept with the index)."""
    return [
        {"title": t.title, "questions": list(t.questions), "children": topics_to_json(t.children)}
        for t in topics
    ]


def topics_from_json(data: Iterable[dict[str, Any]]) -> tuple[Topic, ...]:
    """The topics from their JSON form (already cleaned when they were read)."""
    return tuple(
        Topic(t["title"], tuple(t["questions"]), topics_from_json(t["children"])) for t in data
    )
