"""Writing an index: one Whoosh document per passage, the writer, the lexicon's stems.

Index building is the one place besides the backend that knows Whoosh's writers: `index.py`
decides what to build and where, this module writes the documents (in one process or, for a large
corpus, through `writers.py`'s parallel writer) and says what a build's documents depend on.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketamine_tui.models import Synonyms

if TYPE_CHECKING:
    from ketamine_tui.corpus import Corpus, SegmentedArticle
    from ketamine_tui.words import StemmedSynonyms

PARALLEL_FROM = 5_000

Progress = Callable[[int, int, str], None]


def article_signature(segmented: SegmentedArticle, root: Path) -> str:
    """What must be equal for an article's indexed documents to be reused as they are."""
    article = segmented.article
    parts = (
        article.source_id,
        article.title,
        relative(article.file, root),
        segmented.content_hash,
    )
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def relative(file: str, root: Path) -> str:
    """`file` relative to the corpus root, as stored in state.json (a link stays a link)."""
    return Path(os.path.relpath(file, root)).as_posix()


LEXICON = Path(__file__).parent / "data" / "lexicon.toml"


def lexicon_groups() -> tuple[tuple[str, ...], ...]:
    """The general lay-vocabulary groups of `data/lexicon.toml` (none when it cannot be read)."""
    import tomllib

    try:
        groups = tomllib.loads(LEXICON.read_text(encoding="utf-8")).get("groups", [])
    except (OSError, ValueError):
        return ()
    return tuple(tuple(str(w).lower() for w in g) for g in groups if isinstance(g, list))


def lexicon_signature() -> str:
    """A short hash of the lexicon file (part of the build rules: its stems are in the index)."""
    try:
        return hashlib.sha256(LEXICON.read_bytes()).hexdigest()[:12]
    except OSError:
        return "none"


def stemmed_synonyms(synonyms: Synonyms) -> StemmedSynonyms:
    """The corpus's synonyms and the general lexicon, as stem sequences (at build time)."""
    from ketamine_tui.words import stem_synonyms

    groups = (*synonyms.groups, *lexicon_groups())
    return stem_synonyms(groups, synonyms.cues)


def documents(segmented: SegmentedArticle) -> Iterator[dict[str, Any]]:
    """The Whoosh documents of one article: one per passage."""
    for p in segmented.passages:
        yield {
            "passage_id": p.passage_id,
            "source_id": p.source_id,
            "title": segmented.article.title,
            "section": p.section,
            "body": p.text,
            "section_slug": p.section_slug,
            "ordinal": p.ordinal,
            "start": p.start,
            "end": p.end,
        }


def writer_options(passages: int) -> dict[str, Any]:
    """Whoosh writer settings for a build of this many passages.

    Each segment is one compound file, which searchers memory-map and read as a buffer (separate
    files are read through file objects: searches took 10-25% longer). From a few thousand
    passages up, two writer processes pay for their start-up.
    """
    options: dict[str, Any] = {"limitmb": 128, "compound": True}
    procs = min(2, os.cpu_count() or 1)
    if passages < PARALLEL_FROM or procs < 2:
        return options
    # Whoosh forks its helper processes; forking a process that runs other threads (the app's
    # worker) can deadlock the child, so only a single-threaded process builds in parallel,
    # and only where the helpers can be made to die with it.
    from ketamine_tui.writers import parallel_supported

    if threading.active_count() == 1 and parallel_supported():
        options.update(limitmb=256, procs=procs, multisegment=True)
    return options


def _open_writer(index: Any, options: dict[str, Any]) -> Any:
    """A Whoosh writer with these options (several processes when `procs` asks for them)."""
    from ketamine_tui.writers import ExactLengthWriter, ParallelWriter

    if options.get("procs", 1) > 1:
        return ParallelWriter(index, **options)
    return ExactLengthWriter(index, **options)


def write(
    index: Any,
    corpus: Corpus,
    articles: list[SegmentedArticle],
    removed: list[str],
    progress: Progress | None,
    options: dict[str, Any] | None = None,
    old_titles: dict[str, str] | None = None,
) -> None:
    """Delete the removed articles' documents and add the given articles' documents.

    `old_titles`: the titles of the removed articles (their documents' title is not stored).
    """
    total = sum(len(a.passages) for a in articles)
    writer = _open_writer(index, options if options is not None else writer_options(total))
    titles = old_titles or {}
    writer.deleted_values = lambda stored: {
        "body": stored.get("body"),
        "section": stored.get("section"),
        "title": titles[stored["source_id"]],
    }
    try:
        for source_id in removed:
            writer.delete_by_term("source_id", source_id)
        done = 0
        step = max(1, total // 100)
        for segmented in articles:
            for doc in documents(segmented):
                writer.add_document(**doc)
                done += 1
                if progress and (done % step == 0 or done == total):
                    progress(done, total, "indexing passages")
        if progress:
            progress(total, total, "writing index")
        # Deleted documents linger in term statistics (document frequencies, the vocabulary of
        # typo correction) until segments are merged: merge whenever anything was deleted.
        writer.commit(optimize=bool(removed))
    except BaseException:
        # What went wrong is the error to report; a cancel that fails too (a full disk) is not.
        with contextlib.suppress(Exception):
            writer.cancel()
        raise


def term_count(index: Any) -> int:
    """The number of distinct words in the index's body field."""
    with index.reader() as reader:
        return sum(1 for _ in reader.lexicon("body"))
