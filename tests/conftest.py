"""Shared fixtures: the bundled corpus, engines over it, and a private cache and data folder."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from ketamine_tui.engine import Engine
from ketamine_tui.paths import bundled_corpus

DATA = Path(__file__).parent / "data"
# The installed `ketamine-tui` console script, beside the interpreter running the tests.
CONSOLE_SCRIPT = Path(sys.executable).with_name("ketamine-tui")

# Property-based tests: a few hundred examples in `make test` (CI), many thousands in `make fuzz`.
settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache, data and config folders: nothing touches the user's."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("KETAMINE_TUI_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("KETAMINE_TUI_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("KETAMINE_TUI_CONFIG_DIR", str(base / "config"))
    monkeypatch.delenv("KETAMINE_TUI_CORPUS", raising=False)
    return base


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The bundled corpus (read only: tests that change a corpus copy it first)."""
    return bundled_corpus()


@pytest.fixture(scope="session")
def engine(corpus_dir: Path) -> Engine:
    """An in-memory engine over the bundled corpus, shared by the tests that only read."""
    return Engine.in_memory(corpus_dir)


@pytest.fixture
def corpus_copy(tmp_path: Path, corpus_dir: Path) -> Path:
    """A writable copy of the bundled corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(corpus_dir, target)
    return target


def write_articles(folder: Path, articles: dict[str, str]) -> Path:
    """Write `{relative name: text}` under `folder` and return the folder."""
    for name, text in articles.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def prompt_text(prompt: object) -> str:
    """The plain text of an option's prompt (a Text, or a grid with a hanging indent).

    Rendered wide, so that nothing wraps: the lines of a grid come out as they were built.
    """
    import io

    from rich.console import Console

    if isinstance(prompt, str):
        return prompt
    console = Console(width=1000, record=True, file=io.StringIO(), color_system=None)
    console.print(prompt)
    return "\n".join(line.rstrip() for line in console.export_text().rstrip("\n").split("\n"))
