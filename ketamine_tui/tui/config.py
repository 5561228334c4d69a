"""The app's settings file: which theme was chosen last (`config.json` in the config folder).

A file that cannot be read or holds something unexpected is a warning, never an error: the app
starts with its defaults and writes a good file the next time a setting changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ketamine_tui.atomic import write_json_atomic

CONFIG_FILE = "config.json"


@dataclass
class Config:
    """Settings kept between runs, and the problems met reading them."""

    path: Path
    theme: str = ""
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path | None = None, themes: tuple[str, ...] = ()) -> Config:
        """The settings in `folder` (the user config folder by default); defaults when missing.

        A theme not among `themes` is reported and ignored.
        """
        from ketamine_tui.paths import config_dir

        path = (folder or config_dir()) / CONFIG_FILE
        config = cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return config
        except (OSError, ValueError, RecursionError) as exc:
            config.warnings.append(f"{path} could not be read ({_reason(exc)}); using the defaults")
            return config
        theme = data.get("theme", "") if isinstance(data, dict) else None
        if not isinstance(theme, str) or (theme and themes and theme not in themes):
            config.warnings.append(f"{path}: unknown theme {theme!r}; using the default theme")
        else:
            config.theme = theme
        return config

    def save(self) -> str:
        """Write the settings; a one-line problem when they could not be written, else ""."""
        try:
            write_json_atomic(self.path, {"theme": self.theme})
        except OSError as exc:
            return f"cannot save {self.path}: {exc.strerror or exc}"
        return ""


def _reason(exc: Exception) -> str:
    """A short reason for a failed read."""
    if isinstance(exc, OSError):
        return str(exc.strerror or exc)
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return "not JSON" if isinstance(exc, json.JSONDecodeError) else str(exc)
