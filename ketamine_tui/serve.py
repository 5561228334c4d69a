"""`ketamine-tui serve`: the same app in a browser, through Textualize's textual-serve.

textual-serve runs one app process per browser session, started with a shell command: here
`python -m ketamine_tui` with the corpus and cache options the user gave, so a served session reads
the same articles and index as the command line. Only the `serve` command imports this module
(textual-serve and aiohttp stay out of every other command's start).

By default the server listens on loopback only and answers only requests addressed to a loopback
name (a web page elsewhere cannot reach it by rebinding its own name to 127.0.0.1); another address
needs `--public`. On every address, the websocket that drives a session accepts only pages of the
server's own origin, so another site open in the same browser cannot open a session.
"""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

from ketamine_tui.errors import ServeError

PAGE_FOLDER = Path(__file__).resolve().parent / "data" / "serve"
TITLE = "ketamine-tui"


def app_command(corpus: Path | None, cache_dir: Path | None) -> str:
    """The shell command that starts one served session: this interpreter, the same options."""
    argv = [sys.executable, "-m", "ketamine_tui"]
    if corpus is not None:
        argv += ["--corpus", str(corpus.expanduser().resolve())]
    if cache_dir is not None:
        argv += ["--cache-dir", str(cache_dir.expanduser().resolve())]
    return shlex.join(argv)


def resolve_host(host: str, port: int) -> list[str]:
    """The addresses `host` stands for (a name that resolves to nothing is a ServeError)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ServeError(f"cannot listen on '{host}': {exc}") from exc
    return sorted({str(info[4][0]) for info in found})


def is_loopback_address(address: str) -> bool:
    """Whether an IP address is a loopback one (127.0.0.0/8, ::1, or IPv4-mapped 127.x)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_loopback
    return ip.is_loopback


def url_for(host: str, port: int) -> str:
    """`http://host:port/`, with an IPv6 address in brackets."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def _host_name(authority: str) -> str:
    """The host part of a Host header or URL authority (`[::1]:8000` → `::1`), lower-cased."""
    authority = authority.strip().lower()
    if authority.startswith("["):
        return authority[1 : authority.find("]")] if "]" in authority else ""
    return authority.rsplit(":", 1)[0] if authority.count(":") == 1 else authority


def is_loopback_name(name: str) -> bool:
    """Whether a host name always means this machine: `localhost`, `*.localhost`, a loopback IP."""
    return (
        name in {"localhost", "localhost."}
        or name.endswith(".localhost")
        or (is_loopback_address(name))
    )


class KetamineServer(Server):
    """textual-serve's server with the guards described in the module docstring."""

    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        public: bool,
        announce: Callable[[], None],
    ) -> None:
        super().__init__(command, host=host, port=port, title=TITLE, templates_path=PAGE_FOLDER)
        self.loopback_only = not public
        self._announce = announce
        self._own_names = {host.lower()}

    def refusal(self, request: web.Request) -> web.Response | None:
        """A 403 for a request this server does not answer, else None."""
        if self.loopback_only:
            name = _host_name(request.host)
            if not (is_loopback_name(name) or name in self._own_names):
                return web.Response(
                    status=403, text="ketamine-tui answers only on loopback addresses here.\n"
                )
        origin = request.headers.get("Origin")
        cross_site = origin is not None and urlsplit(origin).netloc.lower() != request.host.lower()
        if request.path == "/ws" and cross_site:
            return web.Response(status=403, text="A session opens only from this server.\n")
        return None

    async def handle_index(self, request: web.Request) -> Any:
        """The page, with the websocket's address as the browser reached this server."""
        refused = self.refusal(request)
        if refused is not None:
            return refused
        # textual-serve writes its own host into the page; a wildcard address ("0.0.0.0") or a
        # name the browser did not use would send the browser elsewhere.
        self.public_url = f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> Any:
        """One browser session: its own app process, after the same checks as the page."""
        refused = self.refusal(request)
        if refused is not None:
            return refused
        return await super().handle_websocket(request)

    def initialize_logging(self) -> None:
        """One plain line per request and per problem on stderr (not textual-serve's panel)."""
        import logging

        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)

    async def on_startup(self, app: web.Application) -> None:
        """Say where the app is served (in place of textual-serve's banner)."""
        self._announce()


def serve(
    command: str,
    host: str,
    port: int,
    public: bool,
    announce: Callable[[], None],
) -> None:
    """Serve the app until Ctrl+C (or SIGTERM); a port that cannot be bound is a ServeError."""
    server = KetamineServer(command, host, port, public, announce)
    try:
        server.serve()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ServeError(f"cannot listen on {url_for(host, port)}: {reason}") from exc
