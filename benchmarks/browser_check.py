"""Real-browser check of `ketamine-tui serve`: headless Chromium loads the page and draws the app.

    python benchmarks/browser_check.py [--output PNG] [--chromium PATH]

Starts `ketamine-tui serve` on a free loopback port (private cache and data folders), opens the
page in headless Chromium driven over the DevTools protocol, and reads the terminal's text from the
page until the explorer is drawn (the header's "N articles · M passages", the Topics tree, the
not-medical-advice notice). Then it types a question into the page, waits for the answer's sources,
and saves a screenshot (and the terminal's text beside it, as `.txt`).

The page's xterm.js terminal lives in a closure of textual-serve's script, so the check reaches it
through a property trap installed before the page's scripts run: the first object that gets a
`terminal` holding an xterm buffer is remembered, and its rows are read with xterm's own API.

Chromium resolves no host name at all (`--host-resolver-rules`): the page may load nothing but the
loopback server. Exit status 0 when the app was drawn and answered, 1 otherwise; with no Chromium
to be found it prints one "skipped" line and exits 0 (`make browser-check` installs Debian's
`chromium` package first where it can).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "benchmarks" / "results" / "browser-check.png"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
WINDOW = (1280, 800)
QUESTION = "What are the side effects?"
EXPLORER_DRAWN = re.compile(r"\d+ articles · \d+ passages")

# Flags for a root user in a container: no sandbox (it needs user namespaces), no GPU, no
# traffic of Chromium's own (updates, sync, QUIC probes), a fresh profile.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    f"--window-size={WINDOW[0]},{WINDOW[1]}",
    "--remote-debugging-port=0",
]

TERMINAL_TRAP = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && value.buffer && value.buffer.active && !window.__checkedTerminal) {
      window.__checkedTerminal = value;
      delete Object.prototype.terminal;
    }
  },
});
"""

READ_SCREEN = """
(() => {
  const term = window.__checkedTerminal;
  if (!term) return null;
  const buffer = term.buffer.active;
  const rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return {
    rows, cols: term.cols, drawn: document.body.classList.contains("-first-byte"),
  };
})()
"""


class CheckFailed(Exception):
    """The browser did not show what the check waits for."""


def find_chromium(explicit: str | None) -> str | None:
    """The Chromium to use: `--chromium`, `$CHROMIUM`, else the first one on PATH."""
    for name in (explicit, os.environ.get("CHROMIUM"), *CHROMIUM_NAMES):
        if name and (found := shutil.which(name)):
            return found
    return None


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_http(url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    """Return once `url` answers; fail when the process ends first or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise CheckFailed(f"the server ended with status {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise CheckFailed(f"{url} did not answer within {seconds:.0f} s")
        time.sleep(0.1)


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGINT) -> None:
    """Stop a child process we started: a signal, then a kill if it lingers."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class DevTools:
    """A minimal DevTools-protocol client over one page's websocket."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self._next = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and return its result (events in between are dropped)."""
        self._next += 1
        ident = self._next
        await self.ws.send_json({"id": ident, "method": method, "params": params})
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.receive_str(), timeout=30))
            if message.get("id") == ident:
                if "error" in message:
                    raise CheckFailed(f"{method}: {message['error']}")
                return dict(message.get("result", {}))

    async def screen(self) -> dict[str, Any] | None:
        """The terminal's rows as the page holds them, or None before the terminal exists."""
        result = await self.call("Runtime.evaluate", expression=READ_SCREEN, returnByValue=True)
        value = result.get("result", {}).get("value")
        return value if isinstance(value, dict) else None

    async def wait_for_screen(self, wanted: list[str | re.Pattern[str]], seconds: float) -> str:
        """Poll the terminal's text until it holds every `wanted` piece; return that text."""
        deadline = time.monotonic() + seconds
        text = ""
        while time.monotonic() < deadline:
            shown = await self.screen()
            if shown is not None and shown["drawn"]:
                text = "\n".join(shown["rows"])
                if all(
                    (w.search(text) if isinstance(w, re.Pattern) else w in text) for w in wanted
                ):
                    return text
            await asyncio.sleep(0.25)
        missing = [w.pattern if isinstance(w, re.Pattern) else w for w in wanted]
        raise CheckFailed(f"the page never showed all of {missing}; last screen:\n{text}")


def devtools_port(profile: Path, process: subprocess.Popen[bytes], seconds: float) -> int:
    """The DevTools port Chromium chose (it writes it to DevToolsActivePort in its profile)."""
    marker = profile / "DevToolsActivePort"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CheckFailed(f"Chromium ended with status {process.returncode}")
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int(marker.read_text(encoding="utf-8").splitlines()[0])
        time.sleep(0.1)
    raise CheckFailed("Chromium did not open its DevTools port")


async def drive(devtools_url: str, page_url: str, output: Path) -> tuple[str, str, str]:
    """Load the page, wait for the explorer, ask a question, screenshot; (version, two screens)."""
    import aiohttp

    async with aiohttp.ClientSession() as client:
        async with client.get(f"{devtools_url}/json/list") as response:
            targets = await response.json()
        page = next(t for t in targets if t.get("type") == "page")
        async with client.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            tools = DevTools(ws)
            version = (await tools.call("Browser.getVersion")).get("product", "Chromium")
            await tools.call("Page.enable")
            await tools.call("Page.addScriptToEvaluateOnNewDocument", source=TERMINAL_TRAP)
            await tools.call("Page.navigate", url=page_url)
            explorer = await tools.wait_for_screen(
                [EXPLORER_DRAWN, "Topics", "not medical advice"], seconds=60
            )
            # Keys reach the app the way a person's do: into xterm's input, over the websocket.
            await tools.call(
                "Runtime.evaluate",
                expression="document.querySelector('.xterm-helper-textarea').focus()",
            )
            await tools.call("Input.insertText", text=QUESTION)
            for kind in ("keyDown", "keyUp"):
                await tools.call(
                    "Input.dispatchKeyEvent",
                    type=kind,
                    key="Enter",
                    code="Enter",
                    windowsVirtualKeyCode=13,
                    **({"text": "\r"} if kind == "keyDown" else {}),
                )
            answered = await tools.wait_for_screen([f"Q: {QUESTION}", "[1]"], seconds=60)
            await asyncio.sleep(1.0)  # the last frame reaches the canvas
            shot = await tools.call("Page.captureScreenshot", format="png")
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_bytes(base64.b64decode(shot["data"]))
            return version, explorer, answered


def check(chromium: str, output: Path) -> str:
    """Run the whole check; return the line that reports it (CheckFailed when it fails)."""
    with tempfile.TemporaryDirectory(prefix="ketamine-browser-") as tmp:
        base = Path(tmp)
        env = {
            **os.environ,
            "KETAMINE_TUI_CACHE_DIR": str(base / "cache"),
            "KETAMINE_TUI_DATA_DIR": str(base / "data"),
        }
        port = free_port()
        page_url = f"http://127.0.0.1:{port}/"
        server = subprocess.Popen(
            [sys.executable, "-m", "ketamine_tui", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(base / "serve.log").open("wb"),
        )
        browser = None
        try:
            wait_for_http(page_url, server, seconds=120)
            profile = base / "profile"
            browser = subprocess.Popen(
                [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                stdout=subprocess.DEVNULL,
                stderr=(base / "chromium.log").open("wb"),
            )
            devtools = f"http://127.0.0.1:{devtools_port(profile, browser, seconds=60)}"
            version, explorer, answered = asyncio.run(drive(devtools, page_url, output))
        finally:
            if browser is not None:
                stop(browser, signal.SIGTERM)
            stop(server)
        screens = f"--- explorer drawn ---\n{explorer}\n--- after asking ---\n{answered}\n"
        output.with_suffix(".txt").write_text(screens, encoding="utf-8")
        drawn = EXPLORER_DRAWN.search(explorer)
        assert drawn is not None
        return (
            f"browser-check: passed: {version} drew the explorer ({drawn.group(0)}) and answered "
            f"{QUESTION!r}; screenshot {output} (screen text beside it)"
        )


def main() -> int:
    """Parse the options, run the check, print one line; the exit status says how it went."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="screenshot (PNG)")
    parser.add_argument("--chromium", help="the Chromium binary (default: found on PATH)")
    args = parser.parse_args()
    chromium = find_chromium(args.chromium)
    if chromium is None:
        print(
            "browser-check: skipped: no Chromium found (install Debian's chromium package, "
            "or name one with --chromium or $CHROMIUM)"
        )
        return 0
    try:
        print(check(chromium, args.output.resolve()))
    except CheckFailed as exc:
        print(f"browser-check: failed: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
