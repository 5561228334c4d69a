"""Where things live: the bundled corpus, the index cache, the user's data and settings."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "ketamine-tui"
CORPUS_ENV = "KETAMINE_TUI_CORPUS"
CACHE_ENV = "KETAMINE_TUI_CACHE_DIR"
DATA_ENV = "KETAMINE_TUI_DATA_DIR"
CONFIG_ENV = "KETAMINE_TUI_CONFIG_DIR"


def bundled_corpus() -> Path:
    """The corpus shipped with the package (inside the wheel, or the checkout's `corpus/`)."""
    package = Path(__file__).resolve().parent
    installed = package / "_corpus"
    return installed if installed.is_dir() else package.parent / "corpus"


def default_corpus() -> Path:
    """The corpus to use when none is given: `$KETAMINE_TUI_CORPUS`, else the bundled one."""
    configured = os.environ.get(CORPUS_ENV, "").strip()
    return Path(configured).expanduser() if configured else bundled_corpus()


def cache_dir() -> Path:
    """The folder for built indexes: `$KETAMINE_TUI_CACHE_DIR`, else the user cache folder."""
    configured = os.environ.get(CACHE_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return platformdirs.user_cache_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """The folder for bookmarks and history: `$KETAMINE_TUI_DATA_DIR`, else the user data folder."""
    configured = os.environ.get(DATA_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The folder for settings (the theme): `$KETAMINE_TUI_CONFIG_DIR`, else the user's config."""
    configured = os.environ.get(CONFIG_ENV, "").strip()
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False)
