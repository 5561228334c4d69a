"""Read a corpus folder's TOML files: the manifest (`sources.toml`) and the synonyms.

Without a manifest every article file of the folder is an article, its id made from its name.
Every problem with an entry is reported by the entry's number and id; a manifest that cannot be
parsed is a `CorpusError` naming the file and line, as is one whose shape is wrong.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ketamine_tui.corpus_files import (
    ARTICLE_SUFFIXES,
    MANIFEST_NAME,
    MAX_FOLDER_DEPTH,
    SYNONYMS_NAME,
    find_articles,
    is_article_path,
    read_toml,
)
from ketamine_tui.errors import CorpusError
from ketamine_tui.models import Synonyms

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class ArticleSource:
    """A manifest entry (or a file found without a manifest) before its text is read."""

    source_id: str
    path: Path
    title: str = ""
    title_derived: bool = False
    origin: str = ""


def slugify(text: str, fallback: str = "section") -> str:
    """A lower-case ASCII slug of `text` (letters, digits and single hyphens)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].rstrip("-") or fallback


def read_manifest(root: Path) -> tuple[list[ArticleSource], list[str]]:
    """The article entries of `sources.toml`, or of the folder's files when there is none."""
    manifest = root / MANIFEST_NAME
    problems: list[str] = []
    if not manifest.is_file():
        sources: list[ArticleSource] = []
        used: set[str] = set()
        files, unusable, problems = find_articles(root)
        for path in unusable:
            problems.append(f"{path}: not a readable file (a link to nothing, a pipe); skipped")
        for path in files:
            if not path.resolve().is_relative_to(root.resolve()):
                problems.append(f"{path}: links outside the corpus folder; skipped")
                continue
            source_id = slugify(path.stem, "article")
            base, n = source_id, 2
            while source_id in used:
                source_id, n = f"{base}-{n}", n + 1
            used.add(source_id)
            sources.append(ArticleSource(source_id, path, origin=path.name))
        return sources, problems

    data = read_toml(manifest)
    entries = data.get("article", [])
    if not isinstance(entries, list):
        raise CorpusError(f"{manifest}: 'article' must be an array of tables ([[article]])")
    sources = []
    seen: set[str] = set()
    listed: set[Path] = set()
    for number, entry in enumerate(entries, start=1):
        where = f"{manifest}: article {number}"
        if not isinstance(entry, dict):
            raise CorpusError(f"{where}: must be a table")
        raw_id, file_name = entry.get("id"), entry.get("file")
        if not isinstance(raw_id, str) or not _ID_PATTERN.match(raw_id):
            raise CorpusError(
                f"{where}: 'id' must be lower-case letters, digits, '.', '-' or '_' "
                f"(got {raw_id!r})"
            )
        source_id = raw_id
        if not isinstance(file_name, str) or not file_name.strip():
            raise CorpusError(f"{where} ({source_id}): 'file' must be a path")
        title = entry.get("title", "")
        if not isinstance(title, str):
            raise CorpusError(f"{where} ({source_id}): 'title' must be a string")
        unknown = set(entry) - {"id", "file", "title", "title_derived", "origin"}
        if unknown:
            problems.append(
                f"{where} ({source_id}): unknown keys ignored: {', '.join(sorted(unknown))}"
            )
        if source_id in seen:
            problems.append(f"{where}: duplicate id {source_id!r} skipped (the first one is kept)")
            continue
        seen.add(source_id)
        path = Path(os.path.normpath(root / file_name))
        if not path.resolve().is_relative_to(root.resolve()):
            problems.append(f"{where} ({source_id}): {file_name} is outside the corpus; skipped")
            continue
        if not is_article_path(path, root):
            suffixes = "/".join(ARTICLE_SUFFIXES)
            problems.append(
                f"{where} ({source_id}): {file_name} must be a {suffixes} file outside hidden "
                f"folders, at most {MAX_FOLDER_DEPTH} folders deep; skipped"
            )
            continue
        if path.resolve() in listed:
            problems.append(f"{where} ({source_id}): {file_name} is already listed; skipped")
            continue
        listed.add(path.resolve())
        sources.append(
            ArticleSource(
                source_id,
                path,
                title=" ".join(title.split()),
                title_derived=bool(entry.get("title_derived", False)),
                origin=str(entry.get("origin", "")),
            )
        )
    return sources, problems


def _string_lists(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(w, str) for w in value)


def _normalised(terms: list[str]) -> tuple[str, ...]:
    return tuple(" ".join(w.lower().split()) for w in terms if w.strip())


def read_synonyms(root: Path) -> Synonyms:
    """The synonym groups and question cues of `synonyms.toml` (empty when the file is absent)."""
    path = root / SYNONYMS_NAME
    if not path.is_file():
        return Synonyms()
    data = read_toml(path)
    groups, cues = data.get("groups", []), data.get("cues", {})
    if not isinstance(groups, list) or not all(_string_lists(g) for g in groups):
        raise CorpusError(f"{path}: 'groups' must be a list of lists of strings")
    if not isinstance(cues, dict) or not all(_string_lists(v) for v in cues.values()):
        raise CorpusError(f"{path}: [cues] must map question words to lists of strings")
    return Synonyms(
        tuple(_normalised(g) for g in groups if _normalised(g)),
        tuple((k.lower(), _normalised(v)) for k, v in cues.items() if _normalised(v)),
    )
