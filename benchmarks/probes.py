"""Child processes for the build and query benchmarks; each prints one JSON object on stdout.

Run as a script so every measurement gets a fresh interpreter (no warm caches from an earlier
measurement, and a peak RSS of its own):

    python probes.py build ours CORPUS CACHE          # index.open_or_build(rebuild=True)
    python probes.py build bare CORPUS DIR [OPTIONS]  # create_in + writer + the same documents
    python probes.py query CORPUS CACHE ROUNDS        # search, ask, compare, bare Whoosh

Imports happen before the clock starts except the ones the measured code makes lazily itself
(the Whoosh writer modules in a build, say), which are part of its cost.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path
from typing import Any

# Keywords, questions, a required phrase, a misspelling: the shapes of query the app sees.
QUERIES = (
    "side effects",
    "How quickly does ketamine work?",
    "nasal spray",
    '"blood pressure"',
    "Is ketamine addictive?",
    "treatment-resistant depression",
    "glutamate",
    "How long do the effects last?",
    "ketamin sied efects",
    "Who should consider ketamine therapy?",
)


def build_ours(corpus: Path, cache: Path) -> dict[str, Any]:
    """Time a full build of our index (reading and segmenting the corpus included)."""
    from ketamine_tui.index import open_or_build

    started = time.perf_counter()
    opened = open_or_build(corpus, cache, rebuild=True)
    seconds = time.perf_counter() - started
    stats = opened.stats
    opened.index.close()
    return {"seconds": seconds, "passages": stats.passages, "terms": stats.terms}


def build_bare(corpus: Path, folder: Path, options: dict[str, Any]) -> dict[str, Any]:
    """Time a bare Whoosh writer adding the documents our build adds (corpus read beforehand)."""
    from whoosh.index import create_in

    from ketamine_tui.corpus import load_corpus
    from ketamine_tui.index_build import documents as _documents
    from ketamine_tui.schema import make_schema

    loaded = load_corpus(corpus)
    documents = [doc for article in loaded.articles for doc in _documents(article)]
    folder.mkdir(parents=True, exist_ok=True)
    schema = make_schema()
    gc.collect()
    started = time.perf_counter()
    index = create_in(str(folder), schema)
    writer = index.writer(**options)
    for doc in documents:
        writer.add_document(**doc)
    writer.commit()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "passages": len(documents), "options": options}


def query(corpus: Path, cache: Path, rounds: int) -> dict[str, Any]:
    """Per-call seconds of Engine.search, .ask, .compare and a bare Whoosh search (highlights).

    One warm-up round first; then `rounds` rounds over QUERIES, the four calls interleaved per
    query so that they meet the same cache state. The bare call parses with our parser and builds
    our Whoosh query (so the parse cost is on both sides), then runs `searcher.search(q, limit=10)`
    and `hit.highlights("body")` on every hit.
    """
    from ketamine_tui.analysis import IndexStatistics
    from ketamine_tui.engine import Engine
    from ketamine_tui.retrieval import Retriever
    from ketamine_tui.whoosh_backend import compile_query

    engine = Engine.open(corpus, cache)  # builds the index when it is not there yet (untimed)
    mode = engine.index.report.mode
    bare_searcher = engine.index.index.searcher()
    retriever = Retriever(
        engine.backend, IndexStatistics(engine.backend, engine.settings), engine.settings
    )

    def bare(q: str) -> int:
        plan = engine.plan(q)
        concepts = [c for c in plan.concepts if c.known or c.required]
        results = bare_searcher.search(compile_query(retriever.query(concepts)), limit=10)
        return sum(len(hit.highlights("body")) for hit in results)

    calls = {
        "search": lambda q: engine.search(q, 10),
        "ask": engine.ask,
        "compare": engine.compare,
        "bare": bare,
    }
    samples: dict[str, list[float]] = {name: [] for name in calls}
    per_query: dict[str, dict[str, list[float]]] = {q: {n: [] for n in calls} for q in QUERIES}
    for q in QUERIES:  # warm-up: caches, lazily imported modules
        for call in calls.values():
            call(q)
    hits = {q: len(engine.search(q, 10).hits) for q in QUERIES}
    answered = {q: engine.ask(q).answered for q in QUERIES}
    for _ in range(rounds):
        for q in QUERIES:
            for name, call in calls.items():
                started = time.perf_counter()
                call(q)
                elapsed = time.perf_counter() - started
                samples[name].append(elapsed)
                per_query[q][name].append(elapsed)
    bare_searcher.close()
    engine.close()
    return {
        "samples": samples,
        "per_query_max": {q: {n: max(v) for n, v in d.items()} for q, d in per_query.items()},
        "hits": hits,
        "answered": answered,
        "passages": engine.index.stats.passages,
        "index": mode,
    }


def main(argv: list[str]) -> None:
    """Dispatch to one probe and print its result as JSON."""
    task = argv[0]
    if task == "build" and argv[1] == "ours":
        result = build_ours(Path(argv[2]), Path(argv[3]))
    elif task == "build" and argv[1] == "bare":
        options = json.loads(argv[4]) if len(argv) > 4 else {}
        result = build_bare(Path(argv[2]), Path(argv[3]), options)
    elif task == "query":
        result = query(Path(argv[1]), Path(argv[2]), int(argv[3]))
    else:
        raise SystemExit(f"unknown probe: {' '.join(argv)}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
