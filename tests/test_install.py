"""`make install`: which installer it picks, and a real user install into a temporary HOME."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BASE_PYTHON = getattr(sys, "_base_executable", sys.executable)

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def dry_run(*variables: str, path: str | None = None) -> list[str]:
    """The commands `make -n install VARIABLES` would run (nothing is installed)."""
    env = {**os.environ, "PATH": path or os.environ["PATH"]}
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", "install", *variables],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()


def test_pipx_is_used_when_it_is_on_the_path(tmp_path: Path) -> None:
    # A file named pipx, never run (`make -n`): only how the Makefile finds it is tested.
    found = tmp_path / "pipx"
    found.write_text("#!/bin/sh\nexit 99\n")
    found.chmod(0o755)
    commands = dry_run(path=f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert commands[0] == f"{found} install --force ."
    assert "ensurepath" in commands[1]
    assert not any("pip install" in c for c in commands)


def test_without_pipx_pip_installs_for_the_user_with_a_base_interpreter() -> None:
    # PYTHON names this test run's virtual environment: pip refuses --user there, so the
    # Makefile takes that environment's base interpreter.
    commands = dry_run("PIPX=", f"PYTHON={sys.executable}")
    assert commands[0].startswith("echo ") and "pipx not found" in commands[0]
    assert commands[1].startswith(f"{BASE_PYTHON} -m pip install --user . ||")
    assert "site --user-base" in commands[2]


def test_make_install_gives_a_working_command_in_a_temporary_home(tmp_path: Path) -> None:
    # The real thing, with pip, into a HOME of its own: ~/.local/bin/ketamine-tui from a wheel
    # built from this checkout (its bundled articles included), the user's real HOME untouched.
    home = tmp_path / "home"
    home.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "PYTHONUSERBASE", "PIP_USER", "PIP_TARGET", "PIP_PREFIX"}
    }
    env.update(HOME=str(home), PIP_DISABLE_PIP_VERSION_CHECK="1")
    done = subprocess.run(
        ["make", "--no-print-directory", "install", "PIPX=", f"PYTHON={BASE_PYTHON}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    command = home / ".local" / "bin" / "ketamine-tui"
    assert f"Installed into {home / '.local'}/bin." in done.stdout
    env["KETAMINE_TUI_CACHE_DIR"] = str(tmp_path / "cache")
    searched = subprocess.run(
        [str(command), "search", "nasal spray", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert searched.returncode == 0, searched.stderr
    files = {hit["file"] for hit in json.loads(searched.stdout)["hits"]}
    assert files and all(f.startswith(str(home / ".local")) for f in files)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_after_make_run_the_command_works_by_path_and_once_activated(tmp_path: Path) -> None:
    # The README's first two ways, in a fresh shell: .venv/bin/ketamine-tui, and `source activate`.
    venv = Path(sys.executable).parent.parent
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PATH"] = os.defpath  # `ketamine-tui` alone is not found before activating
    env["KETAMINE_TUI_CACHE_DIR"] = str(tmp_path / "cache")
    script = (
        "command -v ketamine-tui && exit 9\n"
        f'"{venv}/bin/ketamine-tui" search "side effects" --json > by-path.json || exit 1\n'
        f'source "{venv}/bin/activate"\n'
        'ketamine-tui search "side effects" --json > activated.json\n'
    )
    done = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("by-path.json", "activated.json"):
        assert json.loads((tmp_path / name).read_text(encoding="utf-8"))["hits"]
