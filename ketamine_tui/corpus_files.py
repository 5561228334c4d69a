"""The files that make up a corpus folder: their names, how articles are found, a fingerprint.

Kept apart from `corpus.py` (which reads and segments articles) so that opening an existing index
— every CLI search — needs only this small module.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# Raise when the segmentation rules of corpus.py change: indexes built by older rules are rebuilt.
SEGMENTER_VERSION = 3

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
MANIFEST_NAME = "sources.toml"
TOPICS_NAME = "topics.toml"
SYNONYMS_NAME = "synonyms.toml"


def is_article_path(path: Path, root: Path) -> bool:
    """Whether a path can be an article: a `.txt`/`.md` file in `root`, not in a hidden folder."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    return path.suffix.lower() in ARTICLE_SUFFIXES and not any(p.startswith(".") for p in parts)


def _article_candidates(folder: Path, root: Path, readmes: bool) -> tuple[list[Path], list[Path]]:
    """The files below `folder` that can be articles, and the unreadable paths named like them.

    Unreadable: links to nothing, pipes, devices. Both lists are sorted.
    """
    files, unusable = [], []
    for path in folder.rglob("*"):
        if not is_article_path(path, root):
            continue
        if path.is_file():
            if readmes or path.name.lower() not in {"readme.md", "readme.txt"}:
                files.append(path)
        elif not path.is_dir():  # a folder named like an article is walked like any other
            unusable.append(path)
    return _sorted(files, root), _sorted(unusable, root)


def _sorted(paths: list[Path], root: Path) -> list[Path]:
    """Paths in the order of their names relative to `root` (the same on every system)."""
    return sorted(paths, key=lambda p: p.relative_to(root).as_posix())


def _text_files(folder: Path, root: Path, readmes: bool) -> list[Path]:
    """The files below `folder` that can be articles (READMEs too when `readmes`), sorted."""
    return _article_candidates(folder, root, readmes)[0]


def _article_folder(root: Path) -> Path:
    """Where a folder without a manifest keeps its articles: `articles/`, else the folder."""
    return root / "articles" if (root / "articles").is_dir() else root


def find_articles(root: Path) -> tuple[list[Path], list[Path]]:
    """A manifest-less folder's articles (in `articles/`, else the folder) and unreadable paths."""
    return _article_candidates(_article_folder(root), root, False)


def corpus_files(root: Path) -> list[Path]:
    """Every file whose bytes may define the corpus: the TOML files and every possible article.

    A manifest may only list such files, so none escapes the fingerprint.
    """
    named = [root / n for n in (MANIFEST_NAME, TOPICS_NAME, SYNONYMS_NAME)]
    return [p for p in named if p.is_file()] + _text_files(root, root, True)


def fingerprint(root: Path) -> str:
    """A hash of the corpus files' names and bytes (unreadable files count by their error)."""
    digest = hashlib.sha256()
    for path in corpus_files(root):
        digest.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError as exc:
            digest.update(f"error:{exc.errno}".encode())
        digest.update(b"\0")
    return digest.hexdigest()


def stat_signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    """The corpus files' names, sizes and modification times: a cheap check for a change.

    Reads no file: an open app compares it with the one taken when its engine opened.
    """
    signature = []
    for path in corpus_files(root):
        try:
            stat = path.stat()
            size, mtime = stat.st_size, stat.st_mtime_ns
        except OSError:
            size, mtime = -1, -1
        signature.append((path.relative_to(root).as_posix(), size, mtime))
    return tuple(signature)
