"""The index cache folder: which indexes a corpus folder has, stale builds, the swap into place.

`<cache>/indexes/<key>/` holds one built index and its `state.json`; `recent-<folder>.json` lists
the newest keys built for a corpus folder (the newest is updated, not rebuilt, when the corpus
changes; the oldest are removed). A build writes into `.tmp-<key>-…` and is renamed into place;
folders left by killed builds are removed under the lock of their key.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from ketamine_tui.atomic import write_json_atomic
from ketamine_tui.locking import FileLock

STATE_FILE = "state.json"
KEEP_INDEXES_PER_CORPUS = 3


def pointer_path(indexes: Path, root: Path) -> Path:
    """The file that lists the recent index keys built for one corpus folder."""
    folder_hash = hashlib.sha256(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return indexes / f"recent-{folder_hash}.json"


def recent_keys(indexes: Path, root: Path) -> list[str]:
    """The keys of the indexes built for a corpus folder, newest first."""
    try:
        keys = json.loads(pointer_path(indexes, root).read_text(encoding="utf-8"))
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
    for key in recent_keys(indexes, root):
        try:
            articles = json.loads((indexes / key / STATE_FILE).read_text(encoding="utf-8"))[
                "articles"
            ]
        except (OSError, ValueError, TypeError, KeyError):
            continue
        if isinstance(articles, list):
            return [a for a in articles if isinstance(a, dict)]
    return []


def remember(indexes: Path, root: Path, key: str) -> None:
    """Record `key` as the newest index of this corpus folder and drop the oldest ones."""
    keys = [key, *(k for k in recent_keys(indexes, root) if k != key)]
    write_json_atomic(pointer_path(indexes, root), keys[:KEEP_INDEXES_PER_CORPUS])
    for old in keys[KEEP_INDEXES_PER_CORPUS:]:
        shutil.rmtree(indexes / old, ignore_errors=True)
        (indexes / f"{old}.lock").unlink(missing_ok=True)


def previous_state(
    indexes: Path, root: Path, key: str, rules: str
) -> tuple[Path, dict[str, Any]] | None:
    """The newest sound index of the same corpus folder built by `rules`, to update."""
    for old in recent_keys(indexes, root):
        location = indexes / old
        if old == key or not (location / STATE_FILE).is_file():
            continue
        try:
            state = json.loads((location / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        # Documents can be reused only when they were made by the same rules.
        if state.get("build_rules") == rules and state.get("corpus") == str(root):
            return location, state
    return None


def remove_stale_builds(indexes: Path, key: str) -> None:
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


def swap_in(tmp: Path, final: Path) -> None:
    """Move a finished build into place; an old folder at `final` is moved aside first."""
    if final.exists():
        trash = final.with_name(f".trash-{final.name}-{os.urandom(4).hex()}")
        os.replace(final, trash)
        os.replace(tmp, final)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.replace(tmp, final)
