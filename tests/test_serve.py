"""`ketamine-tui serve`: the page, a session's first frames, the address guards, the options."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CONSOLE_SCRIPT, write_articles

from ketamine_tui.export import NOTICE
from ketamine_tui.serve import _host_name, app_command, is_loopback_name, url_for
from ketamine_tui.shell import main

ESCAPES = re.compile(
    rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z])"
)


def free_port() -> int:
    """A port nothing listens on now (the kernel's choice) on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """GET `url`: status and body (an HTTP error status is returned, not raised)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


@contextlib.contextmanager
def served(args: list[str], port: int) -> Iterator[subprocess.Popen[str]]:
    """`ketamine-tui ARGS serve --port PORT` running until the block ends, answering HTTP."""
    process = subprocess.Popen(
        [str(CONSOLE_SCRIPT), *args, "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.communicate()
            try:
                get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.1)
        yield process
    finally:
        process.send_signal(signal.SIGINT)  # a graceful stop: sessions are told to quit
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


async def session_text(url: str, until: str, seconds: float = 60.0) -> tuple[bytes, str]:
    """Open a session's websocket: the first binary frame, and all text drawn up to `until`."""
    import aiohttp

    first = b""
    drawn = b""
    async with aiohttp.ClientSession() as client, client.ws_connect(url) as ws:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                message = await asyncio.wait_for(ws.receive(), timeout=1)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                first = first or message.data
                drawn += message.data
                if until in ESCAPES.sub(b"", drawn).decode("utf-8", "replace"):
                    break
            elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                break
    return first, ESCAPES.sub(b"", drawn).decode("utf-8", "replace")


def test_a_served_session_draws_the_app_over_the_given_corpus(tmp_path: Path) -> None:
    corpus = write_articles(
        tmp_path / "corpus", {"fish.md": "# Zebrafish care\n\nZebrafish swim in schools.\n"}
    )
    port = free_port()
    options = ["--corpus", str(corpus), "--cache-dir", str(tmp_path / "cache")]
    with served(options, port) as process:
        status, page = get(f"http://127.0.0.1:{port}/")
        assert status == 200
        assert "<title>ketamine-tui</title>" in page and NOTICE in page
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
        assert "googleapis" not in page  # the page loads nothing from another site

        url = f"ws://127.0.0.1:{port}/ws?width=100&height=30"
        first, drawn = asyncio.run(session_text(url, until="1 articles · 1 passages"))
        assert first, "no frame came over the websocket"
        assert "ketamine-tui" in drawn and "not medical advice" in drawn
        # The explorer of the corpus given to `serve`, not the bundled one.
        assert "1 articles · 1 passages" in drawn
        assert process.poll() is None
    assert process.returncode == 0
    assert (tmp_path / "cache" / "indexes").is_dir()  # the served app used the given cache


def test_the_server_refuses_other_hosts_and_other_sites(tmp_path: Path) -> None:
    import aiohttp

    port = free_port()
    with served(["--cache-dir", str(tmp_path / "cache")], port):
        base = f"http://127.0.0.1:{port}/"
        assert get(base, {"Host": f"localhost:{port}"})[0] == 200
        # A name rebound to 127.0.0.1 by some web page is not served (DNS rebinding).
        status, body = get(base, {"Host": f"attacker.example:{port}"})
        assert status == 403 and "loopback" in body

        async def handshake(origin: str) -> int:
            async with aiohttp.ClientSession() as client:
                try:
                    async with client.ws_connect(
                        f"ws://127.0.0.1:{port}/ws", headers={"Origin": origin}
                    ) as ws:
                        await ws.close()
                        return 101
                except aiohttp.WSServerHandshakeError as exc:
                    return exc.status

        # Another site open in the same browser cannot open a session.
        assert asyncio.run(handshake("http://attacker.example")) == 403
        assert asyncio.run(handshake(f"http://127.0.0.1:{port}")) == 101


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.1"])
def test_an_address_other_than_loopback_needs_public(
    capsys: pytest.CaptureFixture[str], host: str
) -> None:
    code, out, err = run(capsys, "serve", "--host", host)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "is not a loopback address: add --public" in err
    assert "anyone who reaches the port gets a session" in err


def test_public_says_who_gets_a_session(tmp_path: Path) -> None:
    # The port is taken (bound, never listening), so the server stops right after the warning.
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        port = taken.getsockname()[1]
        done = subprocess.run(
            [str(CONSOLE_SCRIPT), "serve", "--host", "0.0.0.0", "--port", str(port), "--public"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={**os.environ, "KETAMINE_TUI_CACHE_DIR": str(tmp_path / "cache")},
        )
    lines = done.stderr.splitlines()
    assert done.returncode == 2, done.stderr
    assert lines[0] == (
        f"ketamine-tui: warning: serving on http://0.0.0.0:{port}/ for other machines: anyone who "
        "can reach this port gets a session of ketamine-tui, with this user's bookmarks and history"
    )
    assert lines[-1].startswith(f"ketamine-tui: error: cannot listen on http://0.0.0.0:{port}/")
    assert "Traceback" not in done.stderr


def test_a_bad_corpus_is_reported_before_serving(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "--corpus", str(tmp_path / "none"), "serve", "--port", "1")
    assert code == 3 and "corpus folder not found" in err and out == ""


def test_a_session_is_started_with_the_users_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    command = shlex.split(app_command(Path("my corpus"), Path("~/cache")))
    assert command == [
        sys.executable,
        "-m",
        "ketamine_tui",
        "--corpus",
        str(tmp_path.resolve() / "my corpus"),
        "--cache-dir",
        str(Path("~/cache").expanduser().resolve()),
    ]
    assert shlex.split(app_command(None, None)) == [sys.executable, "-m", "ketamine_tui"]


@pytest.mark.parametrize(
    ("authority", "loopback"),
    [
        ("127.0.0.1:8000", True),
        ("127.1.2.3", True),
        ("localhost:8000", True),
        ("LOCALHOST", True),
        ("app.localhost:8000", True),
        ("[::1]:8000", True),
        ("[::ffff:127.0.0.1]:80", True),
        ("example.com:8000", False),
        ("localhost.example.com", False),
        ("10.0.0.1:8000", False),
        ("[::2]:8000", False),
        ("", False),
    ],
)
def test_loopback_names(authority: str, loopback: bool) -> None:
    assert is_loopback_name(_host_name(authority)) is loopback


def test_urls_put_ipv6_in_brackets() -> None:
    assert url_for("::1", 8000) == "http://[::1]:8000/"
    assert url_for("127.0.0.1", 80) == "http://127.0.0.1:80/"
