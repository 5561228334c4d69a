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


def _text_files(folder: Path, root: Path, readmes: bool) -> list[Path]:
    """The files below `folder` that can be articles (READMEs too when `readmes`), sorted."""
    found = [
        p
        for p in folder.rglob("*")
        if is_article_path(p, root)
        and p.is_file()
        and (readmes or p.name.lower() not in {"readme.md", "readme.txt"})
    ]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _article_folder(root: Path) -> Path:
    """Where a folder without a manifest keeps its articles: `articles/`, else the folder."""
    return root / "articles" if (root / "articles").is_dir() else root


def find_article_files(root: Path) -> list[Path]:
    """The articles of a folder without a manifest: its `articles/` folder, else the folder."""
    return _text_files(_article_folder(root), root, False)


def find_unreadable_article_names(root: Path) -> list[Path]:
    """Paths named like articles that are no files: folders, and links to nothing."""
    return sorted(
        p
        for p in _article_folder(root).rglob("*")
        if is_article_path(p, root) and not p.is_file() and (p.is_dir() or p.is_symlink())
    )


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
