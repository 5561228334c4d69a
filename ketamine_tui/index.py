"""The Whoosh index of a corpus: one schema, cached by content fingerprint, built safely.

An index lives in `<cache>/indexes/<key>/`, where the key hashes the corpus files' bytes and the
build rules (the schema, a hash of the segmenter's code, the analysis rules and the lexicon, the
Whoosh version): a changed corpus or a changed rule never opens a stale index.
Builds happen in a temporary folder under a file lock and are renamed into place, so readers see
either the old index or the new one, and concurrent processes build once. When an older index of the
same corpus folder exists, a build copies it and re-indexes only the articles that changed.
Beside the Whoosh files, `state.json` keeps what a search needs besides the index (article titles,
sections, synonyms), so a search never has to parse the corpus.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ketamine_tui import _whoosh
from ketamine_tui.atomic import write_json_atomic
from ketamine_tui.corpus_files import fingerprint, segmenter_signature
from ketamine_tui.errors import CorpusError, SearchIndexError
from ketamine_tui.index_build import (
    Progress,
    article_signature,
    lexicon_signature,
    relative,
    stemmed_synonyms,
    term_count,
    write,
)
from ketamine_tui.index_cache import (
    STATE_FILE,
    previous_state,
    remember,
    remove_stale_builds,
    swap_in,
)
from ketamine_tui.locking import FileLock, LockTimeout
from ketamine_tui.models import Article, Section, Synonyms, article_lookup
from ketamine_tui.topics import Topic, topics_from_json, topics_to_json

if TYPE_CHECKING:
    from ketamine_tui.backend import Backend
    from ketamine_tui.corpus import Corpus, SegmentedArticle
    from ketamine_tui.words import StemmedSynonyms

# Raise when the stored state, the segment layout (now compound files) or how its statistics are
# kept (now exact field lengths after updates) changes; the schema and the analysis rules are
# hashed into the key by themselves (schema and analysis signatures).
SCHEMA_VERSION = 9
LOCK_TIMEOUT_SECONDS = 300.0


class IndexStats(NamedTuple):
    """Counts shown after a build: articles, passages and distinct indexed terms."""

    articles: int
    passages: int
    terms: int


class BuildReport(NamedTuple):
    """What opening the index took: nothing, a full build, or an incremental update."""

    mode: str  # "opened" | "full" | "incremental" | "memory"
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    reused: tuple[str, ...] = ()
    seconds: float = 0.0


# ---------------------------------------------------------------------------------------------
# Fingerprints


def build_rules() -> str:
    """Versions of all that shapes indexed documents: schema, segmenter, analysis, Whoosh."""
    from ketamine_tui.schema import schema_signature
    from ketamine_tui.words import analysis_signature

    return "/".join(
        (
            str(SCHEMA_VERSION),
            schema_signature(),
            segmenter_signature(),
            analysis_signature(),
            lexicon_signature(),
            _whoosh.WHOOSH_VERSION,
        )
    )


def index_key(root: Path, content_fingerprint: str) -> str:
    """The cache key: the corpus folder, its content fingerprint and the build rules.

    The folder is part of the key: two folders with the same articles get indexes of their own,
    whose stored paths and warnings name their own files.
    """
    text = f"{build_rules()}/{root}/{content_fingerprint}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:24]


# ---------------------------------------------------------------------------------------------
# State kept beside the index


def _article_to_state(segmented: SegmentedArticle, root: Path) -> dict[str, Any]:
    article = segmented.article
    data = {**article._asdict(), "sections": [s._asdict() for s in article.sections]}
    data["file"] = relative(segmented.article.file, root)
    data["signature"] = article_signature(segmented, root)
    return data


def _article_from_state(data: dict[str, Any], root: Path) -> Article:
    sections = tuple(Section(**s) for s in data["sections"])
    return Article(
        source_id=data["source_id"],
        title=data["title"],
        file=str(root / data["file"]),
        origin=data.get("origin", ""),
        title_derived=data.get("title_derived", False),
        sections=sections,
    )


def _state_for(corpus: Corpus, key: str, terms: int) -> dict[str, Any]:
    return {
        "key": key,
        "schema": SCHEMA_VERSION,
        "build_rules": build_rules(),
        "corpus": str(corpus.root),
        "articles": [_article_to_state(a, corpus.root) for a in corpus.articles],
        "synonyms": corpus.synonyms.to_json(),
        "synonym_stems": stemmed_synonyms(corpus.synonyms),
        "problems": list(corpus.problems),
        "topics": topics_to_json(corpus.topics),
        "topic_problems": list(corpus.topic_problems),
        "passages": len(corpus.passages),
        "terms": terms,
        "built_at": time.time(),
        "built_by_pid": os.getpid(),
    }


def _as_tuples(value: Any) -> Any:
    """JSON lists back into the nested tuples they were written from."""
    return tuple(_as_tuples(v) for v in value) if isinstance(value, list) else value


# ---------------------------------------------------------------------------------------------
# The opened index


class CorpusIndex(NamedTuple):
    """An opened Whoosh index with the corpus metadata a search needs (built once, frozen).

    A named tuple, not a frozen dataclass (0.9 ms to create at every start); `articles_by_id`
    is given with `articles` (`models.article_lookup`).
    """

    index: Any
    root: Path
    articles: tuple[Article, ...]
    articles_by_id: Mapping[str, Article]
    synonyms: Synonyms
    synonym_stems: StemmedSynonyms
    problems: tuple[str, ...]
    stats: IndexStats
    report: BuildReport
    location: Path | None = None
    cache: Path | None = None
    warnings: tuple[str, ...] = ()
    topics: tuple[Topic, ...] = ()  # the FAQ tree, read with the corpus
    topic_problems: tuple[str, ...] = ()

    def article(self, source_id: str) -> Article | None:
        """The article with this id, or None."""
        return self.articles_by_id.get(source_id)

    def open_backend(self) -> Backend:
        """The product's backend over this index (the Whoosh one)."""
        from ketamine_tui.whoosh_backend import WhooshBackend

        return WhooshBackend(self.index)

    def rebuilt(self, progress: Progress | None = None) -> CorpusIndex:
        """A freshly built replacement for this index (after it turned out to be damaged)."""
        if self.location is None:
            from ketamine_tui.corpus import load_corpus

            return build_in_memory(load_corpus(self.root), progress)
        return open_or_build(self.root, self.cache, progress=progress, rebuild=True)


def _open_existing(location: Path, root: Path, key: str) -> CorpusIndex | None:
    """Open a built index when it is complete and sound; None when it must be (re)built."""
    from whoosh.index import open_dir

    state_path = location / STATE_FILE
    if not state_path.is_file():
        return None
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
        if state.get("key") != key or state.get("schema") != SCHEMA_VERSION:
            return None
        index = open_dir(str(location), readonly=True)
        if index.doc_count() != state["passages"]:
            return None
        articles = tuple(_article_from_state(a, root) for a in state["articles"])
        opened = CorpusIndex(
            index=index,
            root=root,
            articles=articles,
            articles_by_id=article_lookup(articles),
            synonyms=Synonyms.from_json(state["synonyms"]),
            synonym_stems=_as_tuples(state["synonym_stems"]),
            problems=tuple(state.get("problems", ())),
            stats=IndexStats(len(state["articles"]), state["passages"], state["terms"]),
            report=BuildReport("opened"),
            location=location,
            topics=topics_from_json(state["topics"]),
            topic_problems=tuple(state["topic_problems"]),
        )
        return opened
    except Exception:
        return None


# ---------------------------------------------------------------------------------------------
# Building


def build_in_memory(
    corpus: Corpus, progress: Progress | None = None, started: float | None = None
) -> CorpusIndex:
    """Index a loaded corpus in memory (tests, and the fallback when no cache can be written).

    The seconds reported count from `started` (when the corpus began to be read), else from now.
    """
    from ketamine_tui.schema import make_schema
    from ketamine_tui.writers import MemoryStorage

    started = time.perf_counter() if started is None else started
    index = MemoryStorage().create_index(make_schema())
    write(index, corpus, list(corpus.articles), [], progress, options={})
    ids = tuple(a.article.source_id for a in corpus.articles)
    articles = tuple(a.article for a in corpus.articles)
    return CorpusIndex(
        index=index,
        root=corpus.root,
        articles=articles,
        articles_by_id=article_lookup(articles),
        synonyms=corpus.synonyms,
        synonym_stems=stemmed_synonyms(corpus.synonyms),
        problems=corpus.problems,
        stats=IndexStats(len(corpus.articles), len(corpus.passages), term_count(index)),
        report=BuildReport("memory", added=ids, seconds=time.perf_counter() - started),
        topics=corpus.topics,
        topic_problems=corpus.topic_problems,
    )


def _build_into(
    tmp: Path,
    corpus: Corpus,
    key: str,
    previous: tuple[Path, dict[str, Any]] | None,
    progress: Progress | None,
) -> BuildReport:
    """Build (or update a copy of `previous`) into `tmp`; returns what was re-indexed."""
    from whoosh.index import create_in, open_dir

    from ketamine_tui.schema import make_schema

    signatures = {a.article.source_id: article_signature(a, corpus.root) for a in corpus.articles}
    if previous is not None:
        try:
            old_location, old_state = previous
            shutil.copytree(old_location, tmp)
            (tmp / STATE_FILE).unlink()
            old = {a["source_id"]: a.get("signature") for a in old_state["articles"]}
            changed = [
                a
                for a in corpus.articles
                if old.get(a.article.source_id) != signatures[a.article.source_id]
            ]
            removed = sorted(set(old) - set(signatures))
            stale = sorted({a.article.source_id for a in changed} & set(old))
            index = open_dir(str(tmp))
            titles = {a["source_id"]: a["title"] for a in old_state["articles"]}
            write(index, corpus, changed, removed + stale, progress, old_titles=titles)
            terms = term_count(index)
            write_json_atomic(tmp / STATE_FILE, _state_for(corpus, key, terms))
            return BuildReport(
                "incremental",
                added=tuple(a.article.source_id for a in changed),
                removed=tuple(removed),
                reused=tuple(s for s in signatures if s in old and s not in stale),
            )
        except Exception:
            shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    index = create_in(str(tmp), make_schema())
    write(index, corpus, list(corpus.articles), [], progress)
    terms = term_count(index)
    write_json_atomic(tmp / STATE_FILE, _state_for(corpus, key, terms))
    return BuildReport("full", added=tuple(signatures))


def open_or_build(
    root: Path | str,
    cache: Path | None = None,
    progress: Progress | None = None,
    rebuild: bool = False,
) -> CorpusIndex:
    """Open the cached index of a corpus folder, building or updating it when missing or stale.

    Falls back to an in-memory index, with a warning, when the cache folder cannot be written.
    """
    from ketamine_tui.paths import cache_dir

    root = Path(root).expanduser()
    if not root.is_dir():
        raise CorpusError(f"corpus folder not found: {root}")
    root = root.resolve()
    key = index_key(root, fingerprint(root))
    indexes = (cache or cache_dir()) / "indexes"
    final = indexes / key
    if not rebuild and (opened := _open_existing(final, root, key)) is not None:
        return _with_cache(opened, cache)
    lock = FileLock(indexes / f"{key}.lock", LOCK_TIMEOUT_SECONDS)
    try:
        indexes.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except OSError as exc:
        return _in_memory_fallback(
            root,
            progress,
            f"cannot write the index cache {indexes} "
            f"({exc.strerror or exc}); using an in-memory index",
        )
    except LockTimeout as exc:
        raise SearchIndexError(
            f"another ketamine-tui process has been building the index for over "
            f"{int(LOCK_TIMEOUT_SECONDS)} s (lock {lock.path}); try again later"
        ) from exc
    try:
        if not rebuild and (opened := _open_existing(final, root, key)) is not None:
            return _with_cache(opened, cache)  # another process built it while we waited
        remove_stale_builds(indexes, key)
        from ketamine_tui.corpus import load_corpus

        started = time.perf_counter()  # reading and segmenting the corpus is part of a build
        corpus = load_corpus(root)
        tmp = indexes / f".tmp-{key}-{os.getpid()}-{os.urandom(4).hex()}"
        try:
            previous = None if rebuild else previous_state(indexes, root, key, build_rules())
            report = _build_into(tmp, corpus, key, previous, progress)
            swap_in(tmp, final)
            remember(indexes, root, key)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            return _in_memory_fallback(
                root,
                progress,
                f"cannot write the index cache {indexes} "
                f"({exc.strerror or exc}); using an in-memory index",
                corpus,
                started,
            )
        except BaseException:  # Ctrl+C, or a build that failed otherwise: leave nothing behind
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        opened = _open_existing(final, root, key)
        if opened is None:
            raise SearchIndexError(f"the index built in {final} cannot be opened")
        report = report._replace(seconds=time.perf_counter() - started)
        return _with_cache(opened._replace(report=report), cache)
    finally:
        lock.release()


def _with_cache(opened: CorpusIndex, cache: Path | None) -> CorpusIndex:
    return opened._replace(cache=cache)


def _in_memory_fallback(
    root: Path,
    progress: Progress | None,
    warning: str,
    corpus: Corpus | None = None,
    started: float | None = None,
) -> CorpusIndex:
    from ketamine_tui.corpus import load_corpus

    started = time.perf_counter() if started is None else started
    built = build_in_memory(corpus or load_corpus(root), progress, started)
    return built._replace(warnings=(*built.warnings, warning))
