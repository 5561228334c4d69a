"""The app in a real terminal (tmux, 80×24): ask with the keyboard, read the answer, quit with q."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CONSOLE_SCRIPT

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed: the real-terminal check needs it"
)


class Tmux:
    """A private tmux server (its own socket) running one window."""

    def __init__(self) -> None:
        self.socket = f"ketamine-tui-test-{uuid.uuid4().hex[:8]}"

    def run(self, *args: str) -> str:
        """Run a tmux command on this server and return its output."""
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20
        )
        return done.stdout

    def screen(self) -> str:
        """The text the terminal shows."""
        return self.run("capture-pane", "-p", "-t", "main")

    def wait_for(self, found: Callable[[str], bool], seconds: float = 30) -> str:
        """The screen once `found(screen)` holds (or as it is after `seconds`)."""
        deadline = time.monotonic() + seconds
        screen = self.screen()
        while not found(screen) and time.monotonic() < deadline:
            time.sleep(0.2)
            screen = self.screen()
        return screen

    def close(self) -> None:
        """Stop this server (and the app, if still running)."""
        self.run("kill-server")


def test_ask_read_and_quit_in_tmux_at_80x24(private_dirs: Path, corpus_dir: Path) -> None:
    tmux = Tmux()
    env = {
        key: os.environ[key]
        for key in ("KETAMINE_TUI_CACHE_DIR", "KETAMINE_TUI_DATA_DIR", "KETAMINE_TUI_CONFIG_DIR")
    }
    exports = " ".join(f"{k}={v}" for k, v in env.items())
    command = f"env TERM=xterm-256color {exports} {CONSOLE_SCRIPT} --corpus {corpus_dir}; "
    command += "echo EXIT=$?; sleep 30"
    try:
        tmux.run("new-session", "-d", "-s", "main", "-x", "80", "-y", "24", command)
        screen = tmux.wait_for(lambda s: "Ask a question" in s and "^q Quit" in s)
        assert "Ask a question" in screen, screen
        tmux.run("send-keys", "-t", "main", "/")
        tmux.run("send-keys", "-t", "main", "-l", "What are the side effects of ketamine?")
        tmux.run("send-keys", "-t", "main", "Enter")
        screen = tmux.wait_for(lambda s: "[1] " in s and "Related: " in s and "q Quit" in s)
        lines = screen.splitlines()
        assert any(re.search(r"\[1\] \w", line) for line in lines), screen  # a source line
        assert any("→ Related: " in line for line in lines), screen
        assert "q Quit" in lines[-1] and "? Help" in lines[-1], screen
        assert "not medical advice" in screen
        tmux.run("send-keys", "-t", "main", "q")
        screen = tmux.wait_for(lambda s: "EXIT=" in s, seconds=10)
        assert "EXIT=0" in screen, screen
    finally:
        tmux.close()
