"""The files that make up a corpus folder: names, how articles are found, a fingerprint, TOML.

Kept apart from `corpus.py` (which reads and segments articles) so that opening an existing index
— every CLI search — needs only this small module. `read_toml`, the reader of the manifest, the
synonyms and the FAQ topics, lives here too: an answer reads `topics.toml` without loading the
manifest's module.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Any

from ketamine_tui.errors import CorpusError

# The modules whose code decides what an index holds besides the words: articles, titles,
# sections, passages and their offsets, and the FAQ tree kept beside them (`topics.py`). Their
# source is hashed into the index key.
SEGMENTER_MODULES = ("manifest.py", "boilerplate.py", "sentences.py", "corpus.py", "topics.py")

MAX_FILE_BYTES = 20 * 1024 * 1024
# How many folders deep below the corpus folder articles are looked for (the walk is bounded, and
# iterative: a recursive one fails on folders nested a thousand deep).
MAX_FOLDER_DEPTH = 32

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")
MANIFEST_NAME = "sources.toml"
TOPICS_NAME = "topics.toml"
SYNONYMS_NAME = "synonyms.toml"


def segmenter_signature(package: Path = Path(__file__).parent) -> str:
    """A short hash of the segmenter's source: a change to how articles are read rebuilds.

    Hashing the code itself rather than a version number kept by hand means no change to the
    segmentation can forget to invalidate the indexes it made (a comment edit rebuilds too,
    once: a fraction of a second for the bundled corpus). Without the source files (a frozen
    install) the package version stands in.
    """
    digest = hashlib.sha256()
    try:
        for name in SEGMENTER_MODULES:
            digest.update((package / name).read_bytes())
    except OSError:
        from ketamine_tui import __version__

        return f"version-{__version__}"
    return digest.hexdigest()[:12]


class UnusableFile(Exception):
    """A corpus file that is not read: not a regular file (a pipe, a device), or too large."""


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, else UnusableFile (or OSError).

    The kind is checked before the file is opened (opening a named pipe waits for a writer,
    forever) and again on the opened file, which is read no further than the limit.
    """
    if not stat.S_ISREG(path.stat().st_mode):
        raise UnusableFile("not a regular file (a pipe, a device or a folder)")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UnusableFile("not a regular file (a pipe, a device or a folder)")
        data = handle.read(limit + 1) if info.st_size <= limit else b""
    if info.st_size > limit or len(data) > limit:
        raise UnusableFile(f"larger than {limit // (1024 * 1024)} MB")
    return data


def is_article_path(path: Path, root: Path) -> bool:
    """Whether a path can be an article: a `.txt`/`.md` file in `root`, not in a hidden folder.

    Nor in a folder more than MAX_FOLDER_DEPTH deep, where the walk does not look.
    """
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    return (
        path.suffix.lower() in ARTICLE_SUFFIXES
        and not any(p.startswith(".") for p in parts)
        and len(parts) <= MAX_FOLDER_DEPTH + 1
    )


def check_corpus_folder(root: Path) -> None:
    """Raise CorpusError when the corpus folder cannot be listed (permissions, a failing disk)."""
    try:
        with os.scandir(root):
            pass
    except OSError as exc:
        from ketamine_tui.errors import CorpusError

        raise CorpusError(f"cannot read the corpus folder {root}: {exc.strerror or exc}") from exc


def _walk(folder: Path, root: Path) -> tuple[list[Path], list[str]]:
    """Everything below `folder` but the folders walked into, and problems with folders.

    Iterative and bounded: folders more than MAX_FOLDER_DEPTH below `root` are not walked (a
    problem says so), nor hidden folders (no article is in one) or links to folders (a link can
    make a loop). A folder that cannot be listed is a problem too, never passed over in silence.
    """
    found: list[Path] = []
    problems: list[str] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as scan:
                entries = list(scan)
        except OSError as exc:
            problems.append(
                f"{current}: cannot read the folder ({exc.strerror or exc}); articles in it are "
                "skipped"
            )
            continue
        for entry in entries:
            path = current / entry.name
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if not is_folder:
                found.append(path)
            elif entry.name.startswith("."):
                continue
            elif len(path.relative_to(root).parts) > MAX_FOLDER_DEPTH:
                problems.append(
                    f"{path}: more than {MAX_FOLDER_DEPTH} folders deep; not searched for articles"
                )
            else:
                stack.append(path)
    return found, problems


def _article_candidates(
    folder: Path, root: Path, readmes: bool
) -> tuple[list[Path], list[Path], list[str]]:
    """Files below `folder` that can be articles, unreadable paths named so, folder problems.

    Unreadable: links to nothing, pipes, devices. Both lists of paths are sorted.
    """
    files, unusable = [], []
    found, problems = _walk(folder, root)
    for path in found:
        if not is_article_path(path, root):
            continue
        if path.is_file():
            if readmes or path.name.lower() not in {"readme.md", "readme.txt"}:
                files.append(path)
        elif not path.is_dir():  # a folder named like an article is walked like any other
            unusable.append(path)
    return _sorted(files, root), _sorted(unusable, root), sorted(problems)


def _sorted(paths: list[Path], root: Path) -> list[Path]:
    """Paths in the order of their names relative to `root` (the same on every system)."""
    return sorted(paths, key=lambda p: p.relative_to(root).as_posix())


def _text_files(folder: Path, root: Path, readmes: bool) -> list[Path]:
    """The files below `folder` that can be articles (READMEs too when `readmes`), sorted."""
    return _article_candidates(folder, root, readmes)[0]


def _article_folder(root: Path) -> Path:
    """Where a folder without a manifest keeps its articles: `articles/`, else the folder."""
    return root / "articles" if (root / "articles").is_dir() else root


def find_articles(root: Path) -> tuple[list[Path], list[Path], list[str]]:
    """A manifest-less folder's articles, unreadable paths and problems with folders.

    The articles are in `articles/`, else in the folder itself.
    """
    return _article_candidates(_article_folder(root), root, False)


def corpus_files(root: Path) -> list[Path]:
    """Every file whose bytes may define the corpus: the TOML files and every possible article.

    A manifest may only list such files, so none escapes the fingerprint.
    """
    named = [root / n for n in (MANIFEST_NAME, TOPICS_NAME, SYNONYMS_NAME)]
    return [p for p in named if p.is_file()] + _text_files(root, root, True)


def fingerprint(root: Path) -> str:
    """A hash of the corpus files' names and bytes (unreadable files count by their error).

    Only files that loading reads are read: one that loading skips unread (larger than the
    limit, a link to a file outside the corpus, not a regular file) counts by what identifies
    it (size, modification time, inode), so that it costs next to nothing on every run.
    """
    check_corpus_folder(root)
    digest = hashlib.sha256()
    named = [root / n for n in (MANIFEST_NAME, TOPICS_NAME, SYNONYMS_NAME)]
    files = [(p, False) for p in named if p.is_file()]
    files += [(p, True) for p in _text_files(root, root, True)]  # what corpus_files() lists
    for path, article in files:
        digest.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        try:
            unread = _left_unread(path, root, article)
            if unread:
                digest.update(unread.encode())
            else:
                digest.update(hashlib.sha256(read_regular_file(path)).digest())
        except UnusableFile as exc:  # it changed kind or size meanwhile
            digest.update(f"unusable:{exc}".encode())
        except OSError as exc:
            digest.update(f"error:{exc.errno}".encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _left_unread(path: Path, root: Path, article: bool) -> str:
    """What identifies a file that loading skips without reading it; "" for one it reads."""
    info = path.stat()
    identity = f"{info.st_size}:{info.st_mtime_ns}:{info.st_ino}:{info.st_dev}"
    if not stat.S_ISREG(info.st_mode):
        return f"not-regular:{stat.S_IFMT(info.st_mode)}:{identity}"
    if info.st_size > MAX_FILE_BYTES:
        return f"too-large:{identity}"
    if article and path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        return f"outside:{path.resolve()}:{identity}"
    return ""


def stat_signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    """The corpus files' names, sizes and modification times: a cheap check for a change.

    Reads no file: an open app compares it with the one taken when its engine opened.
    """
    signature = []
    for path in corpus_files(root):
        try:
            info = path.stat()
            size, mtime = info.st_size, info.st_mtime_ns
        except OSError:
            size, mtime = -1, -1
        signature.append((path.relative_to(root).as_posix(), size, mtime))
    return tuple(signature)


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a syntax error becomes a CorpusError naming the file and line."""
    import tomllib

    try:
        raw = read_regular_file(path)
    except UnusableFile as exc:
        raise CorpusError(f"{path}: {exc}") from exc
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
        return tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except RecursionError as exc:  # tomllib parses nested arrays and tables recursively
        raise CorpusError(f"{path}: invalid TOML: arrays or tables nested too deeply") from exc
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        if "at end of document" in message:  # tomllib names no line there: the last one it is
            last_line = len(text.rstrip("\n").splitlines()) or 1
            message = message.replace("at end of document", f"at the end, line {last_line}")
        raise CorpusError(f"{path}: invalid TOML: {message}") from exc
