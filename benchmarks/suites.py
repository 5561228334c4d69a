"""The benchmarks of `make bench`: CLI search and ask, app start, queries, builds, memory, growth.

Each suite runs its measured programs in subprocesses (see `probes.py` and `app_probe.py`), so that
every number comes from a fresh process with its own peak RSS, and returns table rows plus the raw
numbers that go into the JSON file.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.measure import ProcessRun, median, percentile, run_in_pty, run_process
from benchmarks.report import Row

HERE = Path(__file__).resolve().parent
PROBES = HERE / "probes.py"
APP_PROBE = HERE / "app_probe.py"
CLI_QUERY = "side effects"
CLI_QUESTION = "How quickly does ketamine work?"
CLI_REFERENCE = "import whoosh.index, rich.console"
TERMINAL_SIZE = (120, 36)
SETTLE_LIMIT_S = 20

CLI_TARGET = 1.3  # search (issue 13) and ask (issue 14)
APP_TARGET = 1.2
READY_TARGET = 1.25  # the explorer ready (issue 15)
SEARCH_P99_MS = 5.0
ASK_P99_MS = 20.0
COMPARE_P99_MS = 30.0
BARE_SEARCH_TARGET = 1.2
BUILD_BUNDLED_S = 0.5
BUILD_TARGET = 1.0
TARGET_SIZE = 10_000
INITIALS_S = 2.0
INITIALS_REPEATS = (1024 * 1024 - len("Initials\n\n")) // len("A. ")  # a 1 MiB article


@dataclass(frozen=True)
class Plan:
    """How much to measure: corpus sizes and how often each thing is repeated."""

    quick: bool
    sizes: tuple[int, ...]
    cli_runs: int
    app_runs: int
    bundled_builds: int
    bundled_rounds: int
    big_size: int = 20_000  # from here on builds run once and queries get few rounds

    def build_runs(self, size: int) -> int:
        """Builds of `size` passages (each in a fresh process) whose median is reported."""
        return 1 if self.quick or size >= self.big_size else 3

    def query_rounds(self, size: int) -> int:
        """Rounds over the benchmark queries at `size` passages."""
        if self.quick:
            return 1
        return 20 if size <= 1000 else 10 if size < self.big_size else 3

    @property
    def target_size(self) -> int:
        """The size the "within N× of bare Whoosh" targets apply to (10k, or the nearest below)."""
        return max((s for s in self.sizes if s <= TARGET_SIZE), default=min(self.sizes))


FULL = Plan(
    False, (1000, 10_000, 50_000), cli_runs=15, app_runs=9, bundled_builds=5, bundled_rounds=50
)
QUICK = Plan(True, (200, 1000), cli_runs=2, app_runs=1, bundled_builds=1, bundled_rounds=3)


@dataclass
class Context:
    """Where a benchmark run keeps its corpora and caches, and what it has measured so far."""

    plan: Plan
    work: Path
    bundled: Path
    env: dict[str, str]
    log: Callable[[str], None]
    corpora: dict[int, Path] = field(default_factory=dict)
    caches: dict[int, Path] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def python(self) -> str:
        """The interpreter of the venv being measured."""
        return sys.executable

    @property
    def script(self) -> Path:
        """The `ketamine-tui` console script beside the interpreter."""
        return Path(sys.executable).parent / "ketamine-tui"

    @property
    def bundled_cache(self) -> Path:
        """The index cache of the bundled corpus (the one the CLI and the app open)."""
        return Path(self.env["KETAMINE_TUI_CACHE_DIR"])

    def fresh_dir(self, name: str) -> Path:
        """An empty folder under the work folder."""
        path = self.work / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path


def size_label(size: int) -> str:
    """1000 → "1k", 50000 → "50k", 200 → "200"."""
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


def _last_line(output: str) -> str:
    """The last non-empty line of a process's output, without terminal escape codes."""
    plain = re.sub(r"\x1b\[[0-9;?<>=$]*[A-Za-z~]|\x1b[()][A-Z0-9]|\x1b[=>78]", "", output)
    lines = [line.strip() for line in plain.replace("\r", "\n").splitlines() if line.strip()]
    return lines[-1][:160] if lines else "no output"


def _probe(ctx: Context, *args: str, timeout: float = 1800) -> tuple[dict[str, Any], ProcessRun]:
    """Run a probe in a fresh process and return what it printed (JSON) and how it ran."""
    if hasattr(os, "sync"):
        # Flush what earlier builds wrote (hundreds of MiB at 50k passages), so that the kernel's
        # write-back does not land inside this measurement.
        os.sync()
    run = run_process([ctx.python, str(PROBES), *args], env=ctx.env, timeout=timeout, capture=True)
    lines = run.output.strip().splitlines()
    for line in reversed(lines):
        if line.startswith("{"):
            if run.returncode == 0:
                return json.loads(line), run
            break
    raise RuntimeError(
        f"probe {' '.join(args)} failed ({run.returncode}): {_last_line(run.output)}"
    )


# ---------------------------------------------------------------------------------------------
# 1. CLI search and ask


def cli_commands(ctx: Context) -> list[Row]:
    """Wall time of `ketamine-tui search` and `ask` (warm index) against bare imports."""
    return [
        _cli_wall(ctx, "cli", "CLI search", ["search", CLI_QUERY]),
        _cli_wall(ctx, "cli_ask", "CLI ask", ["ask", CLI_QUESTION]),
    ]


def _cli_wall(ctx: Context, key: str, group: str, args: list[str]) -> Row:
    """Median wall time of one command, alternating with the import reference (raw under `key`)."""
    command = [str(ctx.script), *args]
    shown = f'ketamine-tui {args[0]} "{args[1]}"'
    reference = [ctx.python, "-c", CLI_REFERENCE]
    check = run_process(command, env=ctx.env, capture=True)  # also builds the index: warm after
    if check.returncode != 0 or "ketamine" not in check.output.lower():
        reason = f"{args[0]} failed ({check.returncode}): {_last_line(check.output)}"
        return Row(group, shown, None, "ms", unavailable=reason)
    run_process(reference, env=ctx.env)
    ours: list[ProcessRun] = []
    refs: list[ProcessRun] = []
    for n in range(ctx.plan.cli_runs):
        # Alternate which goes first, so that a slow moment hurts both sides alike.
        pair = (
            ((command, ours), (reference, refs)) if n % 2 else ((reference, refs), (command, ours))
        )
        for argv, runs in pair:
            runs.append(run_process(argv, env=ctx.env))
    bad = [r.returncode for r in ours if r.returncode != 0]
    if bad:
        raise RuntimeError(f"ketamine-tui {args[0]} exited with {bad[0]} while being timed")
    ctx.raw[key] = {
        "command": command[1:],
        "reference": reference[1:],
        "seconds": [r.seconds for r in ours],
        "reference_seconds": [r.seconds for r in refs],
        "peak_rss_mb": [r.peak_rss_mb for r in ours],
        "reference_peak_rss_mb": [r.peak_rss_mb for r in refs],
    }
    return Row(
        group,
        f"{shown}, wall, warm index (median of {len(ours)})",
        median([r.seconds for r in ours]) * 1000,
        "ms",
        median([r.seconds for r in refs]) * 1000,
        "imports",
        target=f"≤ {CLI_TARGET}×",
        limit=CLI_TARGET,
    )


# ---------------------------------------------------------------------------------------------
# 2. App start


def app_available() -> str:
    """ "" when the Textual app exists, else why the app-start rows are not measured."""
    spec = importlib.util.find_spec("ketamine_tui")
    if spec is None or spec.origin is None:
        return "ketamine_tui not installed"
    app = Path(spec.origin).parent / "tui" / "app.py"
    return "" if app.is_file() else "app not built"


def _app_once(ctx: Context, which: str) -> tuple[float, float, ProcessRun, str, str] | str:
    """One app start on a pseudo-terminal: (first frame s, settled s, run, screens) or why not."""
    out = ctx.work / f"app-{which}.json"
    out.unlink(missing_ok=True)
    env = {**ctx.env, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    started = time.monotonic()
    try:
        run = run_in_pty([ctx.python, str(APP_PROBE), which, str(out)], env=env, size=TERMINAL_SIZE)
    except OSError as exc:  # no pseudo-terminals here (some containers)
        return f"no pseudo-terminal: {exc}"
    try:
        marks = json.loads(out.read_text(encoding="utf-8"))
        if marks.get("idle_timed_out"):
            return f"{which} app did not settle within {SETTLE_LIMIT_S:g} s"
        return (
            marks["first_frame"] - started,
            marks["idle"] - started,
            run,
            marks.get("first_screen", ""),
            marks.get("screen", ""),
        )
    except (OSError, ValueError, KeyError):
        return f"{which} app did not draw a frame ({run.returncode}): {_last_line(run.output)}"


def app_start(ctx: Context) -> list[Row]:
    """Process start to the real app's first full frame, against a minimal app of the same shape."""
    group, measure = "App start", "start → first full frame"
    missing = app_available()
    if not missing:
        for which in ("minimal", "real"):  # warm-up: byte-code caches, the index
            failed = _app_once(ctx, which)
            if isinstance(failed, str):
                missing = failed
                break
    if missing:
        ctx.raw["app"] = {"unavailable": missing}
        return [Row(group, measure, None, "ms", unavailable=missing)]
    real: list[tuple[float, float, ProcessRun, str, str]] = []
    minimal: list[tuple[float, float, ProcessRun, str, str]] = []
    for n in range(ctx.plan.app_runs):
        order = (
            (("real", real), ("minimal", minimal))
            if n % 2
            else (("minimal", minimal), ("real", real))
        )
        for which, runs in order:
            result = _app_once(ctx, which)
            if isinstance(result, str):
                ctx.raw["app"] = {"unavailable": result}
                return [Row(group, measure, None, "ms", unavailable=result)]
            runs.append(result)
    ctx.raw["app"] = {
        "terminal": list(TERMINAL_SIZE),
        "first_frame_seconds": [r[0] for r in real],
        "settled_seconds": [r[1] for r in real],
        "first_frame_screen": real[-1][3],
        "settled_screen": real[-1][4],
        "reference_first_frame_seconds": [r[0] for r in minimal],
        "peak_rss_mb": [r[2].peak_rss_mb for r in real],
        "reference_peak_rss_mb": [r[2].peak_rss_mb for r in minimal],
    }
    reference = median([r[0] for r in minimal]) * 1000
    return [
        Row(
            group,
            f"{measure}: {real[-1][3]} (median of {len(real)})",
            median([r[0] for r in real]) * 1000,
            "ms",
            reference,
            "minimal app",
            target=f"≤ {APP_TARGET}×",
            limit=APP_TARGET,
        ),
        Row(
            group,
            f"start → settled: {real[-1][4]}, no worker running",
            median([r[1] for r in real]) * 1000,
            "ms",
            reference,
            "minimal app",
            target=f"≤ {READY_TARGET}×",
            limit=READY_TARGET,
        ),
    ]


# ---------------------------------------------------------------------------------------------
# 3. Query latency


def _latency(samples: list[float]) -> dict[str, float]:
    """p50, p90, p99 and max in milliseconds, and the sample count."""
    ms = [s * 1000 for s in samples]
    return {
        "n": len(ms),
        "p50": percentile(ms, 50),
        "p90": percentile(ms, 90),
        "p99": percentile(ms, 99),
        "max": max(ms),
    }


def query_latency(ctx: Context) -> list[Row]:
    """p50/p99 of Engine.search, .ask and .compare on the bundled and the synthetic corpora."""
    group = "Query latency"
    rows: list[Row] = []
    runs = [("bundled", ctx.bundled, ctx.bundled_cache, ctx.plan.bundled_rounds, None)]
    runs += [
        (
            size_label(s),
            ctx.corpora[s],
            ctx.caches.get(s) or ctx.work / f"cache-{s}",
            ctx.plan.query_rounds(s),
            s,
        )
        for s in ctx.plan.sizes
    ]
    ctx.raw["query"] = {}
    for label, corpus, cache, rounds, size in runs:
        ctx.log(f"query latency: {label} corpus, {rounds} rounds")
        result, run = _probe(ctx, "query", str(corpus), str(cache), str(rounds))
        stats = {name: _latency(samples) for name, samples in result["samples"].items()}
        ctx.raw["query"][label] = {
            "passages": result["passages"],
            "rounds": rounds,
            "latency_ms": stats,
            "per_query_max_ms": {
                q: {k: v * 1000 for k, v in d.items()} for q, d in result["per_query_max"].items()
            },
            "hits": result["hits"],
            "answered": result["answered"],
            "peak_rss_mb": run.peak_rss_mb,
            "index": result["index"],
        }
        where = f"{label} ({result['passages']} passages, n={stats['search']['n']})"
        if result["index"] != "opened":
            # The build of the index suite was not reused (the code changed in between?).
            where += f", index {result['index']} before timing"
        bare = "bare Whoosh"
        search_p99 = Row(
            group, f"search p99 · {where}", stats["search"]["p99"], "ms", stats["bare"]["p99"], bare
        )
        ask_p99 = Row(group, f"ask p99 · {where}", stats["ask"]["p99"], "ms")
        compare_p99 = Row(group, f"compare p99 · {where}", stats["compare"]["p99"], "ms")
        if size is None:
            search_p99.target, search_p99.limit, search_p99.on = (
                f"≤ {SEARCH_P99_MS:g} ms",
                SEARCH_P99_MS,
                "value",
            )
            ask_p99.target, ask_p99.limit, ask_p99.on = f"≤ {ASK_P99_MS:g} ms", ASK_P99_MS, "value"
            compare_p99.target, compare_p99.limit, compare_p99.on = (
                f"≤ {COMPARE_P99_MS:g} ms",
                COMPARE_P99_MS,
                "value",
            )
        elif size == ctx.plan.target_size:
            search_p99.target, search_p99.limit = (
                f"≤ {BARE_SEARCH_TARGET}× bare",
                BARE_SEARCH_TARGET,
            )
        rows += [
            Row(
                group,
                f"search p50 · {where}",
                stats["search"]["p50"],
                "ms",
                stats["bare"]["p50"],
                bare,
            ),
            search_p99,
            Row(group, f"ask p50 · {where}", stats["ask"]["p50"], "ms"),
            ask_p99,
            Row(group, f"compare p50 · {where}", stats["compare"]["p50"], "ms"),
            compare_p99,
        ]
    return rows


# ---------------------------------------------------------------------------------------------
# 4. Index build


def _builds(ctx: Context, corpus: Path, key: str, runs: int) -> tuple[list[dict], list[dict]]:
    """`runs` builds of ours and of the bare writer, alternating, each in a fresh process."""
    ours: list[dict] = []
    bare: list[dict] = []
    for n in range(runs):
        for which in ("ours", "bare") if n % 2 == 0 else ("bare", "ours"):
            folder = ctx.fresh_dir(f"build-{key}-{which}")
            result, run = _probe(ctx, "build", which, str(corpus), str(folder))
            result["peak_rss_mb"] = run.peak_rss_mb
            result["folder"] = str(folder)
            (ours if which == "ours" else bare).append(result)
    return ours, bare


def _keep_index(ctx: Context, size: int, folder: str) -> None:
    """Keep the last full build of a size as the index the query benchmark opens."""
    target = ctx.work / f"cache-{size}"
    shutil.rmtree(target, ignore_errors=True)
    shutil.move(folder, target)
    ctx.caches[size] = target


def index_build(ctx: Context) -> list[Row]:
    """Full builds of the bundled and synthetic corpora against a bare Whoosh writer."""
    group = "Index build"
    rows: list[Row] = []
    ctx.raw["build"] = {}
    plan = [("bundled", ctx.bundled, ctx.plan.bundled_builds, None)]
    plan += [(size_label(s), ctx.corpora[s], ctx.plan.build_runs(s), s) for s in ctx.plan.sizes]
    for label, corpus, runs, size in plan:
        ctx.log(f"index build: {label} corpus, {runs} run(s) each of ours and bare Whoosh")
        ours, bare = _builds(ctx, corpus, label, runs)
        passages = ours[0]["passages"]
        seconds = median([r["seconds"] for r in ours])
        bare_seconds = median([r["seconds"] for r in bare])
        ctx.raw["build"][label] = {
            "passages": passages,
            "terms": ours[0]["terms"],
            "seconds": [r["seconds"] for r in ours],
            "bare_seconds": [r["seconds"] for r in bare],
            "passages_per_second": passages / seconds,
            "bare_passages_per_second": passages / bare_seconds,
            "peak_rss_mb": [r["peak_rss_mb"] for r in ours],
            "bare_peak_rss_mb": [r["peak_rss_mb"] for r in bare],
        }
        how = f"median of {runs}" if runs > 1 else "1 run"
        row = Row(
            group,
            f"{label} ({passages} passages, {how}) · {passages / seconds:,.0f}/s, "
            f"bare {passages / bare_seconds:,.0f}/s",
            seconds,
            "s",
            bare_seconds,
            "bare writer",
        )
        if size is None:
            row.target, row.limit, row.on, row.strict = (
                f"< {BUILD_BUNDLED_S} s",
                BUILD_BUNDLED_S,
                "value",
                True,
            )
        elif size == ctx.plan.target_size:
            row.target, row.limit = f"≤ {BUILD_TARGET}× bare", BUILD_TARGET
        rows.append(row)
        if size is not None:
            _keep_index(ctx, size, ours[-1]["folder"])
        for run in ours + bare:
            shutil.rmtree(run["folder"], ignore_errors=True)
        if size == ctx.plan.target_size and (ctx.plan.quick or size < ctx.plan.big_size):
            rows.append(_parallel_bare(ctx, corpus, label, seconds))
        if size is None:
            rows.append(_initials_build(ctx))
    return rows


def _initials_build(ctx: Context) -> Row:
    """A full build of one 1 MiB article of initials ("A. A. A. …"), where no dot ends a sentence.

    Every dot is a candidate sentence boundary that is turned down: a splitter that searches
    back to the last boundary taken is quadratic here (a 60 KB article took 24 s).
    """
    corpus = ctx.fresh_dir("initials-corpus")
    (corpus / "initials.txt").write_text(
        "Initials\n\n" + "A. " * INITIALS_REPEATS, encoding="utf-8"
    )
    folder = ctx.fresh_dir("build-initials")
    ctx.log("index build: a 1 MiB article of initials")
    result, run = _probe(ctx, "build", "ours", str(corpus), str(folder))
    shutil.rmtree(folder, ignore_errors=True)
    ctx.raw["build"]["initials"] = {**result, "bytes": 1024 * 1024, "peak_rss_mb": run.peak_rss_mb}
    return Row(
        "Index build",
        f"1 MiB article of initials ('A. ' × {INITIALS_REPEATS:,}; {result['passages']} "
        "passages, 1 run)",
        result["seconds"],
        "s",
        target=f"< {INITIALS_S:g} s",
        limit=INITIALS_S,
        on="value",
        strict=True,
    )


def _parallel_bare(ctx: Context, corpus: Path, label: str, ours: float) -> Row:
    """What Whoosh itself can do with two writer processes (information for the build target)."""
    import os

    procs = min(2, os.cpu_count() or 1)
    options = {"procs": procs, "multisegment": procs > 1, "limitmb": 128}
    folder = ctx.fresh_dir(f"build-{label}-parallel")
    result, _ = _probe(ctx, "build", "bare", str(corpus), str(folder), json.dumps(options))
    shutil.rmtree(folder, ignore_errors=True)
    ctx.raw["build"][label]["bare_parallel"] = result
    return Row(
        "Index build",
        f"  bare writer, procs={procs} multisegment ({label}, 1 run)",
        result["seconds"],
        "s",
        ours,
        "ours",
    )


# ---------------------------------------------------------------------------------------------
# 5. Memory and 6. growth (from what the other suites measured)


def memory(ctx: Context) -> list[Row]:
    """Peak RSS of the CLI search and ask, of the app at start and of the largest build."""
    group = "Memory (peak RSS)"
    rows: list[Row] = []
    for key, name in (("cli", "CLI search"), ("cli_ask", "CLI ask")):
        cli = ctx.raw.get(key)
        if cli:
            rows.append(
                Row(
                    group,
                    name,
                    median(cli["peak_rss_mb"]),
                    "MiB",
                    median(cli["reference_peak_rss_mb"]),
                    "imports",
                )
            )
    app = ctx.raw.get("app", {})
    if "peak_rss_mb" in app:
        rows.append(
            Row(
                group,
                "app at start (until settled)",
                median(app["peak_rss_mb"]),
                "MiB",
                median(app["reference_peak_rss_mb"]),
                "minimal app",
            )
        )
    elif app.get("unavailable"):
        rows.append(Row(group, "app at start", None, "MiB", unavailable=app["unavailable"]))
    builds = ctx.raw.get("build", {})
    if ctx.plan.sizes and size_label(max(ctx.plan.sizes)) in builds:
        label = size_label(max(ctx.plan.sizes))
        build = builds[label]
        rows.append(
            Row(
                group,
                f"index build, {label} passages",
                max(build["peak_rss_mb"]),
                "MiB",
                max(build["bare_peak_rss_mb"]),
                "bare writer",
            )
        )
    return rows


def growth(ctx: Context) -> list[str]:
    """How build time and p99 latencies grow between corpus sizes, one line per step."""
    builds, queries = ctx.raw.get("build", {}), ctx.raw.get("query", {})
    sizes = sorted(ctx.plan.sizes)
    steps = list(itertools.pairwise(sizes))
    if len(sizes) > 2:
        steps.append((sizes[0], sizes[-1]))
    lines = []
    for a, b in steps:
        la, lb = size_label(a), size_label(b)
        parts = []
        if la in builds and lb in builds:
            parts.append(
                f"×{median(builds[lb]['seconds']) / median(builds[la]['seconds']):.1f} build"
            )
        if la in queries and lb in queries:
            for call, name in (
                ("search", "search p99"),
                ("ask", "ask p99"),
                ("compare", "compare p99"),
            ):
                ratio = (
                    queries[lb]["latency_ms"][call]["p99"] / queries[la]["latency_ms"][call]["p99"]
                )
                parts.append(f"×{ratio:.1f} {name}")
        if parts:
            lines.append(f"{la}→{lb} (×{b / a:g} passages): {', '.join(parts)}")
    return lines
