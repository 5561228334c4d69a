"""Run the benchmarks: one table on stdout, the same as JSON in `benchmarks/results/`.

    python benchmarks/run.py              # the full run of `make bench` (several minutes)
    python benchmarks/run.py --quick      # tiny sizes, few repeats: checks the code works (~20 s)
    python benchmarks/run.py --sizes 1000,10000 --only build,query

Every timing is a median over repeated runs (latencies: p50/p99 over many calls), and every target
is a ratio against a reference measured in the same run on the same machine, or an absolute
latency. Caches and indexes live in a temporary folder: the user's cache is never touched.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import suites
from benchmarks.measure import clean_env, machine_info
from benchmarks.report import Row, render, write_json
from benchmarks.synthetic import generate

RESULTS = Path(__file__).resolve().parent / "results"
SUITES = ("cli", "app", "build", "query")


def _parse(argv: list[str] | None) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny corpora and few repeats (keeps the code working; numbers mean little)",
    )
    parser.add_argument(
        "--sizes",
        help="synthetic corpus sizes in passages, comma-separated "
        "(default 1000,10000,50000; with --quick 200,1000)",
    )
    parser.add_argument("--only", help=f"comma-separated suites to run: {','.join(SUITES)}")
    parser.add_argument(
        "--output",
        type=Path,
        help="JSON file to write (default results/latest.json and a dated copy; "
        "with --quick results/quick.json)",
    )
    parser.add_argument("--keep-work", action="store_true", help="keep the temporary folder")
    return parser.parse_args(argv)


def _notes(plan: suites.Plan) -> list[str]:
    """How the numbers were taken, printed under the table and saved with it."""
    big = [suites.size_label(s) for s in plan.sizes if s >= plan.big_size]
    notes = [
        f"Medians: CLI over {plan.cli_runs} runs, app over {plan.app_runs} starts, bundled build "
        f"over {plan.bundled_builds} fresh processes, synthetic builds over "
        f"{plan.build_runs(min(plan.sizes))} runs"
        + (
            f" ({', '.join(big)}: 1 run each for ours and bare — a single measurement)"
            if big
            else ""
        )
        + ". Measured and reference runs alternate.",
        "Query latency: p50/p99 over rounds × 10 queries (keywords, questions, a phrase, a typo) "
        "after a warm-up round, one fresh process per corpus; "
        f"rounds: bundled {plan.bundled_rounds}, "
        + ", ".join(f"{suites.size_label(s)} {plan.query_rounds(s)}" for s in plan.sizes)
        + ". Queries repeat, so caches are warm. Dirty pages are flushed (os.sync) before "
        "each build and query process, so no build's write-back lands in a later timing.",
        "References: imports = python -c 'import whoosh.index, rich.console'; minimal app = a "
        "Textual app with a Tree, an Input and a Markdown widget; bare Whoosh and bare writer: "
        "below.",
        "Bare Whoosh search = our parser and Whoosh query + searcher.search(limit=10) + "
        "hit.highlights('body') per hit, same process, same index.",
        "Bare Whoosh build = create_in + writer() with defaults (1 process, limitmb=128) + the "
        "same documents + commit; the corpus is read and segmented before its clock starts (ours "
        "includes it).",
        "App: a 120×36 pseudo-terminal; first full frame = Textual's Ready event (DOM ready, first "
        "frame composited) + call_after_refresh; settled = no worker running and the screen's "
        "widgets have handled their queued messages, then one more refresh.",
        "Peak RSS: ru_maxrss from wait4 of each process (the largest of it and its children, not "
        "a sum).",
        "Synthetic corpora: benchmarks/synthetic.py, seeded, ~280 characters per passage, 20 per "
        "article.",
        "Bytecode: ketamine_tui is compiled (compileall) before timing, as pip compiles installed "
        "packages such as the reference's whoosh and rich; an editable install under "
        "PYTHONDONTWRITEBYTECODE=1 would otherwise recompile it from source at every start.",
    ]
    if plan.quick:
        notes.insert(
            0, "QUICK RUN: tiny corpora and few repeats; the targets are not judged by this run."
        )
    return notes


def compile_package() -> None:
    """Compile ketamine_tui's bytecode, so that no start-up recompiles it from source."""
    import compileall

    import ketamine_tui

    compileall.compile_dir(str(Path(ketamine_tui.__file__).parent), quiet=1)


def run(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the chosen suites; print the table and return the results written as JSON."""
    from rich.console import Console

    args = _parse(argv)
    plan = suites.QUICK if args.quick else suites.FULL
    if args.sizes:
        plan = dataclasses.replace(
            plan, sizes=tuple(sorted({int(s) for s in args.sizes.split(",")}))
        )
    chosen = tuple(args.only.split(",")) if args.only else SUITES
    unknown = set(chosen) - set(SUITES)
    if unknown:
        raise SystemExit(
            f"unknown suite(s): {', '.join(sorted(unknown))} (choose from {', '.join(SUITES)})"
        )
    err = Console(stderr=True, highlight=False)

    def log(message: str) -> None:
        err.print(f"[dim]{time.strftime('%H:%M:%S')}[/] {message}")

    started = time.perf_counter()
    when = datetime.now(UTC)
    work = Path(tempfile.mkdtemp(prefix="ketamine-bench-"))
    from ketamine_tui.paths import bundled_corpus

    ctx = suites.Context(
        plan,
        work,
        bundled_corpus(),
        clean_env(work / "cache", work / "data"),
        log,
    )
    rows: list[Row] = []
    errors: list[str] = []
    try:
        compile_package()
        for size in plan.sizes if {"build", "query"} & set(chosen) else ():
            log(f"writing a synthetic corpus of {size} passages")
            ctx.corpora[size] = generate(work / f"corpus-{size}", size)
        steps = (
            ("cli", "CLI search and ask", suites.cli_commands),
            ("app", "app start", suites.app_start),
            ("build", "index builds", suites.index_build),
            ("query", "query latency", suites.query_latency),
        )
        for key, name, suite in steps:
            if key in chosen:
                log(f"{name} …")
                try:
                    rows += suite(ctx)
                except Exception as exc:  # reported in the table; the run goes on and exits 1
                    log(f"[red]{name} failed:[/]\n{traceback.format_exc()}")
                    errors.append(f"{name}: {exc}")
                    rows.append(Row(name.capitalize(), "failed", None, "", unavailable=str(exc)))
        rows += suites.memory(ctx)
        growth = suites.growth(ctx)
    finally:
        if args.keep_work:
            log(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    data = {
        "run": {
            "when": when.isoformat(timespec="seconds"),
            "command": " ".join(
                ["benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]
            ),
            "quick": plan.quick,
            "sizes": list(plan.sizes),
            "suites": list(chosen),
            "seconds": time.perf_counter() - started,
        },
        "machine": machine_info(),
        "rows": [row.to_json() for row in rows],
        "growth": growth,
        "notes": _notes(plan),
        "errors": errors,
        "raw": ctx.raw,
    }
    render(data)
    if args.output:
        write_json(args.output, data)
    elif plan.quick:
        write_json(RESULTS / "quick.json", data)
    else:
        write_json(RESULTS / "latest.json", data)
        write_json(RESULTS / f"{when.strftime('%Y-%m-%dT%H%MZ')}.json", data)
    return data


def main() -> None:
    """Entry point of `python benchmarks/run.py`: exit status 1 when a suite failed."""
    data = run()
    if data["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
