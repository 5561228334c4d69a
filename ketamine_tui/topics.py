"""The FAQ topic tree: `topics.toml` when the corpus has one, else topics built from headings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ketamine_tui.corpus import read_toml
from ketamine_tui.errors import CorpusError
from ketamine_tui.layout import TOPICS_NAME
from ketamine_tui.models import Article, Topic

MAX_TOPIC_DEPTH = 4


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
    return Topic(
        title=" ".join(title.split()),
        questions=tuple(" ".join(q.split()) for q in questions if q.strip()),
        children=tuple(_parse_topic(child, f"{where} › {title}", depth + 1) for child in children),
    )


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
    """Topics made from section headings, one per heading, grouped where articles agree.

    Each heading becomes a question-like entry (the heading itself); headings shared by several
    articles (compared case- and punctuation-insensitively) appear once.
    """
    groups: dict[str, list[str]] = {}
    for article in articles:
        for section in article.sections:
            if section.title in ("Introduction", "Main text"):
                continue
            key = " ".join(
                "".join(ch for ch in section.title.lower() if ch.isalnum() or ch == " ").split()
            )
            groups.setdefault(key, []).append(section.title)
    shared = [titles[0] for titles in groups.values() if len(titles) > 1]
    single = [titles[0] for titles in groups.values() if len(titles) == 1]
    topics = []
    if shared:
        topics.append(Topic("Headings shared by several articles", tuple(shared)))
    if single:
        topics.append(Topic("Other headings", tuple(single)))
    return tuple(topics)
