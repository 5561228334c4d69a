"""What shell completion offers: article ids and section slugs, read without building anything.

From the state kept beside the newest index of the corpus folder (exact ids and sections); for a
corpus never indexed, from its manifest (ids and titles only). Anything unreadable offers nothing:
completion never prints an error or starts a build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ketamine_tui.corpus_files import MANIFEST_NAME


@dataclass(frozen=True)
class KnownArticle:
    """An article as completion shows it: id, title, and its sections' (slug, title)."""

    source_id: str
    title: str
    sections: tuple[tuple[str, str], ...] = ()


def known_articles(corpus: Path | None, cache: Path | None) -> list[KnownArticle]:
    """The articles of a corpus folder (the default one when None), as cheaply as they are known."""
    from ketamine_tui.paths import default_corpus

    root = Path(corpus or default_corpus()).expanduser()
    try:
        root = root.resolve()
        from ketamine_tui.index_cache import recent_articles

        state = recent_articles(root, cache)
    except (OSError, RuntimeError):
        return []
    if state:
        return [
            KnownArticle(
                str(a.get("source_id", "")),
                str(a.get("title", "")),
                tuple(
                    (str(s.get("slug", "")), str(s.get("title", "")))
                    for s in a.get("sections", ())
                    if isinstance(s, dict)
                ),
            )
            for a in state
            if a.get("source_id")
        ]
    return _from_manifest(root / MANIFEST_NAME)


def _from_manifest(path: Path) -> list[KnownArticle]:
    """The `[[article]]` ids and titles of a manifest ([] when it is missing or malformed)."""
    import tomllib

    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("article", [])
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    return [
        KnownArticle(e["id"], str(e.get("title", "")))
        for e in entries
        if isinstance(e, dict) and isinstance(e.get("id"), str) and e["id"]
    ]
