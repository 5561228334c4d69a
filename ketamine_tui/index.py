"""The Whoosh index of a corpus: one schema, cached by content fingerprint, built safely.

An index lives in `<cache>/indexes/<key>/`, where the key hashes the corpus files' bytes, the schema
version, the segmenter version and the Whoosh version: a changed corpus never opens a stale index.
Builds happen in a temporary folder under a file lock and are renamed into place, so readers see
either the old index or the new one, and concurrent processes build once. When an older index of the
same corpus folder exists, a build copies it and re-indexes only the articles that changed.
Beside the Whoosh files, `state.json` keeps what a search needs besides the index (article titles,
sections, synonyms), so a search never has to parse the corpus.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ketamine_tui import _whoosh
from ketamine_tui.atomic import write_json_atomic
from ketamine_tui.corpus_files import SEGMENTER_VERSION, fingerprint
from ketamine_tui.errors import CorpusError, SearchIndexError
from ketamine_tui.locking import FileLock, LockTimeout
from ketamine_tui.models import Article, Section, Synonyms

if TYPE_CHECKING:
    from ketamine_tui.backend import Backend
    from ketamine_tui.corpus import Corpus, SegmentedArticle
    from ketamine_tui.words import StemmedSynonyms

# Raise when the stored state, the segment layout (now compound files) or how its statistics are
# kept (now exact field lengths after updates) changes; the schema and the analysis rules are
# hashed into the key by themselves (schema and analysis signatures).
SCHEMA_VERSION = 8
STATE_FILE = "state.json"
KEEP_INDEXES_PER_CORPUS = 3
LOCK_TIMEOUT_SECONDS = 300.0
PARALLEL_FROM = 5_000

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class IndexStats:
    """Counts shown after a build: articles, passages and distinct indexed terms."""

    articles: int
    passages: int
    terms: int


@dataclass(frozen=True)
class BuildReport:
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
            str(SEGMENTER_VERSION),
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


def _article_signature(segmented: SegmentedArticle, root: Path) -> str:
    """What must be equal for an article's indexed documents to be reused as they are."""
    article = segmented.article
    parts = (
        article.source_id,
        article.title,
        _relative(article.file, root),
        segmented.content_hash,
    )
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _relative(file: str, root: Path) -> str:
    """`file` relative to the corpus root, as stored in state.json (a link stays a link)."""
    return Path(os.path.relpath(file, root)).as_posix()


# ---------------------------------------------------------------------------------------------
# State kept beside the index


def _article_to_state(segmented: SegmentedArticle, root: Path) -> dict[str, Any]:
    data = asdict(segmented.article)
    data["file"] = _relative(segmented.article.file, root)
    data["signature"] = _article_signature(segmented, root)
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
        "synonym_stems": _stemmed(corpus.synonyms),
        "problems": list(corpus.problems),
        "passages": len(corpus.passages),
        "terms": terms,
        "built_at": time.time(),
        "built_by_pid": os.getpid(),
    }


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


def _stemmed(synonyms: Synonyms) -> StemmedSynonyms:
    """The corpus's synonyms and the general lexicon, as stem sequences (at build time)."""
    from ketamine_tui.words import stem_synonyms

    groups = (*synonyms.groups, *lexicon_groups())
    return stem_synonyms(groups, synonyms.cues)


def _as_tuples(value: Any) -> Any:
    """JSON lists back into the nested tuples they were written from."""
    return tuple(_as_tuples(v) for v in value) if isinstance(value, list) else value


# ---------------------------------------------------------------------------------------------
# The opened index


@dataclass(frozen=True)
class CorpusIndex:
    """An opened Whoosh index with the corpus metadata a search needs (built once, frozen)."""

    index: Any
    root: Path
    articles: tuple[Article, ...]
    synonyms: Synonyms
    synonym_stems: StemmedSynonyms
    problems: tuple[str, ...]
    stats: IndexStats
    report: BuildReport
    location: Path | None = None
    cache: Path | None = None
    warnings: tuple[str, ...] = ()
    _articles_by_id: dict[str, Article] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_articles_by_id", {a.source_id: a for a in self.articles})

    def article(self, source_id: str) -> Article | None:
        """The article with this id, or None."""
        return self._articles_by_id.get(source_id)

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
        opened = CorpusIndex(
            index=index,
            root=root,
            articles=tuple(_article_from_state(a, root) for a in state["articles"]),
            synonyms=Synonyms.from_json(state["synonyms"]),
            synonym_stems=_as_tuples(state["synonym_stems"]),
            problems=tuple(state.get("problems", ())),
            stats=IndexStats(len(state["articles"]), state["passages"], state["terms"]),
            report=BuildReport("opened"),
            location=location,
        )
        return opened
    except Exception:
        return None


# ---------------------------------------------------------------------------------------------
# Building


def _documents(segmented: SegmentedArticle) -> Iterator[dict[str, Any]]:
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


def _write(
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
            for doc in _documents(segmented):
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


def _term_count(index: Any) -> int:
    with index.reader() as reader:
        return sum(1 for _ in reader.lexicon("body"))


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
    _write(index, corpus, list(corpus.articles), [], progress, options={})
    ids = tuple(a.article.source_id for a in corpus.articles)
    return CorpusIndex(
        index=index,
        root=corpus.root,
        articles=tuple(a.article for a in corpus.articles),
        synonyms=corpus.synonyms,
        synonym_stems=_stemmed(corpus.synonyms),
        problems=corpus.problems,
        stats=IndexStats(len(corpus.articles), len(corpus.passages), _term_count(index)),
        report=BuildReport("memory", added=ids, seconds=time.perf_counter() - started),
    )


def _pointer_path(indexes: Path, root: Path) -> Path:
    """The file that lists the recent index keys built for one corpus folder."""
    folder_hash = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return indexes / f"recent-{folder_hash}.json"


def _recent_keys(indexes: Path, root: Path) -> list[str]:
    try:
        keys = json.loads(_pointer_path(indexes, root).read_text(encoding="utf-8"))
        return [k for k in keys if isinstance(k, str) and k.isalnum()]
    except (OSError, ValueError, TypeError):
        return []


def recent_articles(root: Path, cache: Path | None = None) -> list[dict[str, Any]]:
    """The articles in the state of the newest index built for a corpus folder ([] if none).

    Reads two small JSON files and opens no index (shell completion uses it); the corpus may
    have changed since that index was built.
    """
    from ketamine_tui.paths import cache_dir

    root = Path(root).expanduser().resolve()
    indexes = (cache or cache_dir()) / "indexes"
    for key in _recent_keys(indexes, root):
        try:
            articles = json.loads((indexes / key / STATE_FILE).read_text(encoding="utf-8"))[
                "articles"
            ]
        except (OSError, ValueError, TypeError, KeyError):
            continue
        if isinstance(articles, list):
            return [a for a in articles if isinstance(a, dict)]
    return []


def _remember(indexes: Path, root: Path, key: str) -> None:
    """Record `key` as the newest index of this corpus folder and drop the oldest ones."""
    keys = [key, *(k for k in _recent_keys(indexes, root) if k != key)]
    write_json_atomic(_pointer_path(indexes, root), keys[:KEEP_INDEXES_PER_CORPUS])
    for old in keys[KEEP_INDEXES_PER_CORPUS:]:
        shutil.rmtree(indexes / old, ignore_errors=True)
        (indexes / f"{old}.lock").unlink(missing_ok=True)


def _previous_state(indexes: Path, root: Path, key: str) -> tuple[Path, dict[str, Any]] | None:
    """The newest sound index of the same corpus folder, to update instead of rebuilding."""
    for old in _recent_keys(indexes, root):
        location = indexes / old
        if old == key or not (location / STATE_FILE).is_file():
            continue
        try:
            state = json.loads((location / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        # Documents can be reused only when they were made by the same rules.
        if state.get("build_rules") == build_rules() and state.get("corpus") == str(root):
            return location, state
    return None


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

    signatures = {a.article.source_id: _article_signature(a, corpus.root) for a in corpus.articles}
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
            _write(index, corpus, changed, removed + stale, progress, old_titles=titles)
            terms = _term_count(index)
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
    _write(index, corpus, list(corpus.articles), [], progress)
    terms = _term_count(index)
    write_json_atomic(tmp / STATE_FILE, _state_for(corpus, key, terms))
    return BuildReport("full", added=tuple(signatures))


def _remove_stale_builds(indexes: Path, key: str) -> None:
    """Remove the temporary and trash folders that killed builds left behind.

    Called with the lock of `key` held, so no one else is building that key: its folders are
    stale. Another key's folders are stale when no process holds that key's lock (a builder
    holds it as long as its folders exist), or when its lock file is gone.
    """
    try:
        entries = [e for e in indexes.iterdir() if e.name.startswith((".tmp-", ".trash-"))]
    except OSError:
        return
    by_key: dict[str, list[Path]] = {}
    for entry in entries:
        # .tmp-<key>-<pid>-<random> and .trash-<key>-<random>
        by_key.setdefault(entry.name.split("-")[1], []).append(entry)
    for other, folders in by_key.items():
        if other == key:
            _remove_all(folders)
            continue
        lock_path = indexes / f"{other}.lock"
        if not lock_path.exists():
            _remove_all(folders)
            continue
        other_lock = FileLock(lock_path, 0.0)
        try:
            if other_lock.acquire(blocking=False):
                try:
                    _remove_all(folders)
                finally:
                    other_lock.release()
        except OSError:
            continue


def _remove_all(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def _swap_in(tmp: Path, final: Path) -> None:
    """Move a finished build into place; an old folder at `final` is moved aside first."""
    if final.exists():
        trash = final.with_name(f".trash-{final.name}-{os.urandom(4).hex()}")
        os.replace(final, trash)
        os.replace(tmp, final)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.replace(tmp, final)


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
        _remove_stale_builds(indexes, key)
        from ketamine_tui.corpus import load_corpus

        started = time.perf_counter()  # reading and segmenting the corpus is part of a build
        corpus = load_corpus(root)
        tmp = indexes / f".tmp-{key}-{os.getpid()}-{os.urandom(4).hex()}"
        try:
            previous = None if rebuild else _previous_state(indexes, root, key)
            report = _build_into(tmp, corpus, key, previous, progress)
            _swap_in(tmp, final)
            _remember(indexes, root, key)
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
        report = replace(report, seconds=time.perf_counter() - started)
        return _with_cache(replace(opened, report=report), cache)
    finally:
        lock.release()


def _with_cache(opened: CorpusIndex, cache: Path | None) -> CorpusIndex:
    return replace(opened, cache=cache)


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
    return replace(built, warnings=(*built.warnings, warning))
