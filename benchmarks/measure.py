"""Measuring helpers: medians and percentiles, timed calls, and subprocesses with their peak RSS."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def median(values: Sequence[float]) -> float:
    """The median (the mean of the two middle values for an even count)."""
    return percentile(values, 50)


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile with linear interpolation between ranks (numpy's default method)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def timed(action: Callable[[], Any]) -> float:
    """Seconds one call of `action` takes."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


@dataclass(frozen=True)
class ProcessRun:
    """One finished subprocess: wall time from spawn to exit, its peak RSS, and what it said."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    output: str = ""


def _rss_mb(ru_maxrss: int) -> float:
    """ru_maxrss in MiB (Linux reports KiB, macOS bytes)."""
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


def _wait(proc: subprocess.Popen[Any], timeout: float) -> tuple[int, float]:
    """Wait for `proc` with wait4 (so its own rusage is known); kill it after `timeout` seconds."""
    killer = threading.Timer(timeout, proc.kill)
    killer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait for it again
    return proc.returncode, _rss_mb(usage.ru_maxrss)


def run_process(
    argv: Sequence[str],
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 600,
    capture: bool = False,
) -> ProcessRun:
    """Run a command to its end; wall seconds, peak RSS (this process and its waited children)."""
    out = subprocess.PIPE if capture else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        env=dict(env) if env is not None else None,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.PIPE if capture else subprocess.DEVNULL,
    )
    if capture:
        # Read in threads: a full pipe would block the child, and communicate() would reap it.
        chunks: dict[str, bytes] = {}

        def drain(name: str, stream: Any) -> None:
            chunks[name] = stream.read()

        readers = [
            threading.Thread(target=drain, args=(n, s))
            for n, s in (("out", proc.stdout), ("err", proc.stderr))
        ]
        for reader in readers:
            reader.start()
    code, rss = _wait(proc, timeout)
    seconds = time.perf_counter() - started
    output = ""
    if capture:
        for reader in readers:
            reader.join()
        output = (chunks.get("out", b"") + chunks.get("err", b"")).decode("utf-8", "replace")
    return ProcessRun(seconds, rss, code, output)


def run_in_pty(
    argv: Sequence[str],
    env: Mapping[str, str] | None = None,
    size: tuple[int, int] = (120, 36),
    timeout: float = 60,
) -> ProcessRun:
    """Run a command on a pseudo-terminal of `size` (columns, rows), draining what it draws."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    tail = bytearray()

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child side is closed
                return
            if not data:
                return
            tail.extend(data)
            del tail[:-8192]

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    started = time.perf_counter()
    try:
        proc = subprocess.Popen(
            list(argv),
            env=dict(env) if env is not None else None,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
        )
    finally:
        os.close(slave)
    code, rss = _wait(proc, timeout)
    seconds = time.perf_counter() - started
    reader.join(timeout=2)
    os.close(master)
    return ProcessRun(seconds, rss, code, tail.decode("utf-8", "replace"))


def clean_env(cache_dir: Path, data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment for a measured process: private cache and data folders, bundled corpus."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KETAMINE_TUI_", "TEXTUAL"))}
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env["KETAMINE_TUI_CACHE_DIR"] = str(cache_dir)
    env["KETAMINE_TUI_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def cpu_model() -> str:
    """The CPU model name (from /proc/cpuinfo where there is one)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_total_gb() -> float | None:
    """Physical memory in GiB, when the platform says."""
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1)
    except (ValueError, OSError, AttributeError):
        return None


def machine_info() -> dict[str, Any]:
    """Where the numbers were measured: platform, CPU, memory, Python and key package versions."""
    from importlib.metadata import PackageNotFoundError, version

    packages = {}
    for name in ("ketamine-tui", "textual", "rich", "whoosh-reloaded", "click"):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = None
    return {
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cpu_count": os.cpu_count(),
        "memory_gb": memory_total_gb(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "executable": sys.executable,
        "packages": packages,
    }
