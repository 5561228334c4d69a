"""The real-browser check: headless Chromium draws the served app (skipped without Chromium)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from browser_check import QUESTION, find_chromium  # noqa: E402

CHROMIUM = find_chromium(None)


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on this machine: `make browser-check` installs Debian's chromium package",
)
def test_headless_chromium_draws_the_served_app(tmp_path: Path) -> None:
    shot = tmp_path / "browser-check.png"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "browser_check.py"), "--output", str(shot)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("browser-check: passed:"), done.stdout
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    screens = shot.with_suffix(".txt").read_text(encoding="utf-8")
    assert "articles · " in screens and "not medical advice" in screens
    assert f"Q: {QUESTION}" in screens and "[1] " in screens
