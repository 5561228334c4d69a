"""Shared fixtures: the bundled corpus, engines over it, and a private cache and data folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

from ketamine_tui.engine import Engine
from ketamine_tui.paths import bundled_corpus

if TYPE_CHECKING:
    from ketamine_tui.tui.app import KetamineApp

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


_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def run_in_terminal(args: list[str], columns: int = 80) -> tuple[int, str, str]:
    """Run the console script on a pseudo-terminal (stdin and stdout), as a person would.

    Returns the exit status, what the terminal showed (escape codes removed, lines ending in
    "\\n") and standard error (a pipe).
    """
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {**os.environ, "COLUMNS": str(columns), "TERM": "xterm-256color"}
    env.pop("TEXTUAL_DRIVER", None)
    with subprocess.Popen(
        [str(CONSOLE_SCRIPT), *args], stdin=slave, stdout=slave, stderr=subprocess.PIPE, env=env
    ) as process:
        os.close(slave)
        shown = bytearray()
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the program ended and closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        os.close(master)
        assert process.stderr is not None
        err = process.stderr.read().decode("utf-8", "replace")
        code = process.wait(timeout=60)
    text = _ESCAPES.sub("", shown.decode("utf-8", "replace")).replace("\r\n", "\n")
    return code, text, err


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


async def settle(pilot, rounds: int = 2) -> None:  # type: ignore[no-untyped-def]
    """Let the search-as-you-type delay pass and the workers finish (`rounds` times over)."""
    from ketamine_tui.tui.screens.explorer import SEARCH_DELAY

    await pilot.pause(SEARCH_DELAY + 0.05)
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.fixture
def app(engine: Engine, tmp_path: Path) -> KetamineApp:
    """The app over the bundled corpus's engine, with its own empty user data."""
    from ketamine_tui.tui.app import make_app
    from ketamine_tui.userdata import UserData

    return make_app(engine=engine, userdata=UserData(tmp_path / "data"))
