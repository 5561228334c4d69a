"""The cached index: fingerprints, atomic builds, damage recovery, locking and fallbacks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CONSOLE_SCRIPT

from ketamine_tui.engine import Engine
from ketamine_tui.index import STATE_FILE, CorpusIndex, fingerprint, open_or_build
from ketamine_tui.locking import FileLock, LockTimeout

# Whoosh leaves open the file of a table of contents or segment it fails to read; that leak is
# inside Whoosh, and these tests damage files on purpose.
whoosh_leaks_damaged_files = pytest.mark.filterwarnings(
    "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)


def _index_dirs(cache: Path) -> list[Path]:
    return [p for p in (cache / "indexes").iterdir() if p.is_dir() and not p.name.startswith(".")]


def test_first_open_builds_then_reopens(corpus_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = open_or_build(corpus_dir, cache)
    assert first.report.mode == "full"
    assert first.stats.articles == len(first.articles) == 5
    assert first.stats.passages == first.index.doc_count() > 0
    second = open_or_build(corpus_dir, cache)
    assert second.report.mode == "opened"
    assert second.stats == first.stats
    assert second.location == first.location
    # No temporary or trash folders are left behind.
    assert [p.name for p in (cache / "indexes").iterdir() if p.name.startswith(".")] == []


def test_state_lets_search_run_without_reading_the_corpus(corpus_dir: Path, tmp_path: Path) -> None:
    opened = open_or_build(corpus_dir, tmp_path)
    state = json.loads((opened.location / STATE_FILE).read_text(encoding="utf-8"))
    assert [a["source_id"] for a in state["articles"]] == [a.source_id for a in opened.articles]
    assert all(not Path(a["file"]).is_absolute() for a in state["articles"])
    assert state["synonyms"]["groups"]


def test_fingerprint_follows_content_not_timestamps(corpus_copy: Path) -> None:
    before = fingerprint(corpus_copy)
    article = next((corpus_copy / "articles").iterdir())
    os.utime(article, (1, 1))
    assert fingerprint(corpus_copy) == before
    article.write_text(
        article.read_text(encoding="utf-8") + "\nNew closing line.\n", encoding="utf-8"
    )
    assert fingerprint(corpus_copy) != before


def test_a_change_to_the_segmenter_code_changes_the_build_rules(tmp_path: Path) -> None:
    import shutil

    from ketamine_tui import corpus_files

    package = Path(corpus_files.__file__).parent
    for name in corpus_files.SEGMENTER_MODULES:
        shutil.copy(package / name, tmp_path / name)
    before = corpus_files.segmenter_signature(tmp_path)
    assert before == corpus_files.segmenter_signature()  # the installed code, hashed
    sentences = tmp_path / "sentences.py"
    sentences.write_text(sentences.read_text() + "\n# a new rule\n")
    assert corpus_files.segmenter_signature(tmp_path) != before
    sentences.unlink()  # no source to hash (a frozen install): the version stands in
    assert corpus_files.segmenter_signature(tmp_path).startswith("version-")


def test_changed_corpus_is_reindexed_and_found(corpus_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_or_build(corpus_copy, cache)
    article = corpus_copy / "articles" / "rapid-relief-for-treatment-resistant-depression.txt"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nZebrafish studies were mentioned here.\n",
        encoding="utf-8",
    )
    engine = Engine.open(corpus_copy, cache)
    assert engine.index.report.mode in {"full", "incremental"}
    assert engine.search("zebrafish").hits[0].passage.source_id == "rapid-relief"


@whoosh_leaks_damaged_files
def test_garbage_toc_is_rebuilt(corpus_dir: Path, tmp_path: Path) -> None:
    first = open_or_build(corpus_dir, tmp_path)
    for toc in first.location.glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    again = open_or_build(corpus_dir, tmp_path)
    assert again.report.mode == "full"
    assert Engine(again).search("side effects").hits


@whoosh_leaks_damaged_files
@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_damaged_segment_files_are_rebuilt(corpus_dir: Path, tmp_path: Path, damage: str) -> None:
    first = open_or_build(corpus_dir, tmp_path)
    segments = [p for p in first.location.iterdir() if p.suffix in {".seg", ".trm", ".pst", ".sto"}]
    assert segments
    for path in segments:
        if damage == "truncate":
            path.write_bytes(path.read_bytes()[: max(1, path.stat().st_size // 3)])
        else:
            path.unlink()
    engine = Engine.open(corpus_dir, tmp_path)
    assert engine.search("side effects").hits


def test_search_heals_an_index_damaged_after_opening(corpus_dir: Path, tmp_path: Path) -> None:
    engine = Engine.open(corpus_dir, tmp_path)
    engine.backend.close()  # a closed reader fails like one whose files went away
    assert engine.search("nasal spray").hits


def test_unwritable_cache_falls_back_to_memory_with_a_warning(
    corpus_dir: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    engine = Engine.open(corpus_dir, blocker / "cache")
    assert engine.index.report.mode == "memory"
    assert any("in-memory index" in w for w in engine.warnings)
    assert engine.search("side effects").hits


def _refuse_writes_under(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make every write below `folder` fail as on a read-only file system (root included)."""
    import builtins
    import errno

    real_open, real_os_open, real_mkdir = builtins.open, os.open, os.mkdir
    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def below(path: object) -> bool:
        try:
            return Path(os.fsdecode(path)).resolve().is_relative_to(folder.resolve())  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False

    def refuse(path: object) -> OSError:
        return OSError(errno.EROFS, os.strerror(errno.EROFS), os.fsdecode(path))  # type: ignore[arg-type]

    def guarded_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if below(file) and any(flag in mode for flag in "wax+"):
            raise refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if below(path) and flags & write_flags:
            raise refuse(path)
        return real_os_open(path, flags, *args, **kwargs)

    def guarded_mkdir(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if below(path):
            raise refuse(path)
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    monkeypatch.setattr(os, "mkdir", guarded_mkdir)


@pytest.mark.parametrize("how", ["permissions", "read-only file system"])
def test_read_only_cache_falls_back_to_memory(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    cache = tmp_path / "ro"
    cache.mkdir()
    if how == "permissions":
        if os.name != "posix" or os.geteuid() == 0:
            pytest.skip("root ignores permissions (the read-only file system case runs as root)")
        cache.chmod(0o500)
    else:
        _refuse_writes_under(monkeypatch, cache)
    try:
        engine = Engine.open(corpus_dir, cache)
        assert engine.index.report.mode == "memory"
        assert any("in-memory index" in w for w in engine.warnings)
        assert engine.search("nasal spray").hits
        assert not any(cache.iterdir())
    finally:
        cache.chmod(0o700)


def test_read_only_cache_with_a_built_index_opens_it(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "shared-cache"
    built = Engine.open(corpus_dir, cache)
    assert built.index.report.mode == "full"
    _refuse_writes_under(monkeypatch, cache)
    engine = Engine.open(corpus_dir, cache)
    assert engine.index.report.mode == "opened"
    assert engine.warnings == ()
    assert engine.search("nasal spray").hits


def test_cache_path_with_spaces_and_non_ascii(corpus_dir: Path, tmp_path: Path) -> None:
    cache = tmp_path / "my cache ünïcødé 缓存"
    engine = Engine.open(corpus_dir, cache)
    assert engine.index.location and engine.index.location.is_relative_to(cache)
    assert Engine.open(corpus_dir, cache).index.report.mode == "opened"


def test_a_lock_left_by_a_killed_process_does_not_block(corpus_dir: Path, tmp_path: Path) -> None:
    # The lock is an OS file lock: a killed holder releases it. Simulate a killed builder: a
    # process takes the lock and is killed; then a build must go through at once.
    from ketamine_tui.index import index_key

    indexes = tmp_path / "indexes"
    indexes.mkdir(parents=True)
    root = corpus_dir.resolve()
    lock = indexes / f"{index_key(root, fingerprint(root))}.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from ketamine_tui.locking import FileLock; "
            "lock = FileLock(Path(sys.argv[1]), 5); lock.acquire(); print('locked', flush=True); "
            "time.sleep(60)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait()
    holder.stdout.close()
    assert open_or_build(corpus_dir, tmp_path).report.mode == "full"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_lock_is_not_kept_by_a_child_that_outlives_its_holder(tmp_path: Path) -> None:
    # Whoosh's writer forks helpers; a killed builder's children must not keep its lock.
    lock = tmp_path / "key.lock"
    code = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from ketamine_tui.locking import FileLock\n"
        "lock = FileLock(Path(sys.argv[1]), 5)\n"
        "lock.acquire()\n"
        "child = os.fork()\n"
        "if child == 0:\n"
        "    time.sleep(60)\n"
        "    os._exit(0)\n"
        "print(child, flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(lock)], stdout=subprocess.PIPE)
    assert holder.stdout is not None
    child = int(holder.stdout.readline())
    try:
        assert not FileLock(lock, 0).acquire(blocking=False)  # held
        holder.kill()
        holder.wait()
        assert _alive(child)
        free = FileLock(lock, 0)
        assert free.acquire(blocking=False)
        free.release()
    finally:
        holder.stdout.close()
        os.kill(child, signal.SIGKILL)


def test_a_lock_excludes_other_threads_of_the_same_process(tmp_path: Path) -> None:
    import threading

    first = FileLock(tmp_path / "key.lock", 0)
    assert first.acquire(blocking=False)
    results: list[bool] = []
    thread = threading.Thread(
        target=lambda: results.append(FileLock(tmp_path / "key.lock", 0).acquire(False))
    )
    thread.start()
    thread.join()
    first.release()
    assert results == [False]
    with pytest.raises(LockTimeout), first, FileLock(tmp_path / "key.lock", 0.1):
        pass  # the same thread taking it twice waits like anyone else
    again = FileLock(tmp_path / "key.lock", 0)
    assert again.acquire(blocking=False)  # released on the way out
    again.release()


def _run_four(command: list[str], cache: Path) -> list[str]:
    """Start four copies of a command at once on one cache; all must succeed. Their outputs."""
    env = {**os.environ, "KETAMINE_TUI_CACHE_DIR": str(cache)}
    processes = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], outputs
    return [out for out, _ in outputs]


def test_four_cli_searches_on_an_empty_cache_all_succeed(corpus_dir: Path, tmp_path: Path) -> None:
    script = CONSOLE_SCRIPT
    outputs = _run_four([str(script), "search", "side effects", "--json"], tmp_path / "cache")
    assert all(json.loads(out)["hits"] for out in outputs)
    assert len(_index_dirs(tmp_path / "cache")) == 1


def test_four_processes_on_an_empty_cache_build_once(corpus_dir: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from ketamine_tui.engine import Engine\n"
        "engine = Engine.open(sys.argv[1])\n"
        "print(engine.index.report.mode, len(engine.search('side effects').hits))\n"
    )
    outputs = _run_four([sys.executable, "-c", code, str(corpus_dir)], tmp_path / "shared cache")
    assert sorted(out.split()[0] for out in outputs) == ["full", "opened", "opened", "opened"]
    assert all(int(out.split()[1]) > 0 for out in outputs)
    assert len(_index_dirs(tmp_path / "shared cache")) == 1


def test_overlapping_searches_and_questions_do_not_corrupt_reads(
    corpus_dir: Path, tmp_path: Path
) -> None:
    # The app asks and searches in worker threads at once; Whoosh readers share file objects.
    import threading

    engine = Engine.open(corpus_dir, tmp_path)
    queries = [
        "side efects",
        "nasal spray",
        "how quickly does it work",
        "glutamate",
        "blood presure",
    ]
    expected = {
        q: ([h.passage.passage_id for h in engine.search(q).hits], engine.ask(q).reason)
        for q in queries
    }
    rebuilds, failures = [], []
    make_backend = engine._make_backend  # called again only when the index is rebuilt
    engine._make_backend = lambda index: (rebuilds.append(1), make_backend(index))[1]

    def worker(offset: int) -> None:
        for n in range(60):
            q = queries[(n + offset) % len(queries)]
            try:
                got = ([h.passage.passage_id for h in engine.search(q).hits], engine.ask(q).reason)
                if got != expected[q]:
                    failures.append(q)
            except Exception as exc:
                failures.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert rebuilds == [] and failures == []


def test_an_updated_index_forgets_removed_text(corpus_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    open_or_build(corpus_copy, cache)
    article = corpus_copy / "articles" / "could-ketamine-be-the-right-option-for-you.txt"
    assert "abundant" in article.read_text(encoding="utf-8")
    article.write_text("Replacement\n\nNothing about neurotransmitters here.\n", encoding="utf-8")
    updated = Engine.open(corpus_copy, cache)
    assert updated.index.report.mode == "incremental"
    assert not updated.backend.doc_frequency("body", "abund")  # only the old text had "abundant"
    rebuilt = Engine(open_or_build(corpus_copy, tmp_path / "fresh"))
    assert updated.index.stats.terms == rebuilt.index.stats.terms


def test_two_folders_with_the_same_articles_get_their_own_index(
    corpus_dir: Path, tmp_path: Path
) -> None:
    import shutil

    first, second = tmp_path / "one", tmp_path / "two"
    shutil.copytree(corpus_dir, first)
    shutil.copytree(corpus_dir, second)
    a = Engine.open(first, tmp_path / "cache")
    b = Engine.open(second, tmp_path / "cache")
    assert a.index.location != b.index.location
    assert b.search("nasal spray").hits[0].file.startswith(str(second.resolve()))


def test_only_a_damaged_index_is_rebuilt_a_bug_is_not(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A failure outside the backend is a bug: it surfaces as itself, with no rebuild and no blame
    # on the index.
    from ketamine_tui.answer import Answerer

    engine = Engine.open(corpus_dir, tmp_path)
    backends = []
    make_backend = engine._make_backend
    engine._make_backend = lambda index: (backends.append(1), make_backend(index))[1]

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(Answerer, "answer", broken)
    with pytest.raises(ZeroDivisionError):
        engine.ask("How quickly does ketamine work?")
    assert backends == []
    engine.backend.close()  # damage inside the backend is healed
    assert engine.search("nasal spray").hits and backends == [1]


# ---------------------------------------------------------------------------------------------
# Builds that are killed, interrupted or run out of disk (multi-process writer forced on a small
# synthetic corpus: the same code path as a large corpus)

PARALLEL_BUILD = """
import multiprocessing, signal, sys, time
# Ctrl+C as a shell's foreground command gets it: whatever this test's own process was given to
# ignore or block is not inherited (after a full run the builder did not see it, never alone).
signal.signal(signal.SIGINT, signal.default_int_handler)
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
from pathlib import Path
import ketamine_tui.index as index
import ketamine_tui.index_build as index_build
index_build.PARALLEL_FROM = 100
said = False
def progress(done, total, stage):
    global said
    helpers = multiprocessing.active_children()
    if not said and helpers and done >= total // 2:
        print(" ".join(str(h.pid) for h in helpers), flush=True)
        said = True
        if sys.argv[3] == "pause":
            time.sleep(120)  # the test kills or interrupts this process here, mid-build
try:
    opened = index.open_or_build(Path(sys.argv[1]), Path(sys.argv[2]), progress=progress)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(130)
print(opened.report.mode, opened.stats.passages, *opened.warnings, flush=True)
"""

# The command line with the multi-process writer forced, and files limited to FSIZE bytes
# (RLIMIT_FSIZE: a write past it fails with EFBIG, as one on a full disk fails with ENOSPC).
PARALLEL_CLI = """
import os, resource, signal, sys
import ketamine_tui.index_build as index_build
index_build.PARALLEL_FROM = 100
if os.environ.get("FSIZE"):
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limit = int(os.environ["FSIZE"])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from ketamine_tui.shell import entry_point
sys.argv = ["ketamine-tui", *sys.argv[1:]]
entry_point()
"""


@pytest.fixture(scope="module")
def synthetic_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded synthetic corpus of 2,000 passages (100 articles), by benchmarks/synthetic.py."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("synthetic_corpus", path)
    assert spec is not None and spec.loader is not None
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    folder: Path = synthetic.generate(tmp_path_factory.mktemp("synthetic") / "corpus", 2000)
    return folder


def _alive(pid: int) -> bool:
    """Whether a process runs (a zombie waiting to be reaped does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the multi-process build runs on Linux only"
)


@linux_only
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_killed_parallel_build_leaves_no_helper_no_lock_and_no_folder(
    synthetic_corpus: Path, tmp_path: Path, how: signal.Signals
) -> None:
    cache = tmp_path / "cache"
    builder = subprocess.Popen(
        [sys.executable, "-c", PARALLEL_BUILD, str(synthetic_corpus), str(cache), "pause"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert builder.stdout is not None
    helpers = [int(pid) for pid in builder.stdout.readline().split()]
    try:
        assert len(helpers) == 2  # the multi-process writer runs
        builder.send_signal(how)
        builder.wait(timeout=30)
        builder.stdout.close()
        assert _wait_until(lambda: not any(_alive(pid) for pid in helpers), 10), (
            "the writer's helper processes outlived the killed build"
        )
        assert [p.name for p in (cache / "indexes").iterdir() if p.name.startswith(".tmp-")]
        # The next build neither waits for the lock nor keeps the killed build's folder.
        done = subprocess.run(
            [sys.executable, "-c", PARALLEL_BUILD, str(synthetic_corpus), str(cache), "go"],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        assert done.stdout.split()[-2:] == ["full", "2000"], done.stdout + done.stderr
        assert [p.name for p in (cache / "indexes").iterdir() if p.name.startswith(".")] == []
    finally:
        for pid in helpers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _assert_fell_back_to_memory(
    done: subprocess.CompletedProcess[str], cache: Path, why: str
) -> None:
    """The build ended with the in-memory index, one warning line and nothing left behind."""
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Built an in-memory index in "), done.stdout
    assert done.stderr.splitlines() == [
        f"ketamine-tui: warning: cannot write the index cache {cache / 'indexes'} ({why}); "
        "using an in-memory index"
    ]
    assert [p.suffix for p in (cache / "indexes").iterdir()] == [".lock"]


@linux_only
@pytest.mark.parametrize("limit_kib", [16, 64, 256, 1024, 1536])
def test_a_parallel_build_that_cannot_write_falls_back_to_memory(
    synthetic_corpus: Path, tmp_path: Path, limit_kib: int
) -> None:
    # Depending on the limit, the builder (its job files, the table of contents) or the writer's
    # helpers (their segments) are the first to fail.
    cache = tmp_path / "cache"
    done = subprocess.run(
        [sys.executable, "-c", PARALLEL_CLI, "--corpus", str(synthetic_corpus), "index"],
        env={**os.environ, "KETAMINE_TUI_CACHE_DIR": str(cache), "FSIZE": str(limit_kib * 1024)},
        capture_output=True,
        text=True,
        timeout=90,
    )
    _assert_fell_back_to_memory(done, cache, "File too large")


@linux_only
@pytest.mark.parametrize("size", ["1m", "3m"])
def test_a_parallel_build_on_a_full_disk_falls_back_to_memory(
    synthetic_corpus: Path, tmp_path: Path, size: str
) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (the RLIMIT_FSIZE cases run as anyone)")
    cache = tmp_path / "full"
    cache.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(cache)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace')}")
    try:
        done = subprocess.run(
            [sys.executable, "-c", PARALLEL_CLI, "--corpus", str(synthetic_corpus), "index"],
            env={**os.environ, "KETAMINE_TUI_CACHE_DIR": str(cache)},
            capture_output=True,
            text=True,
            timeout=90,
        )
        _assert_fell_back_to_memory(done, cache, "No space left on device")
    finally:
        subprocess.run(["umount", str(cache)], check=True)


@linux_only
def test_ctrl_c_during_a_parallel_build_stops_it_cleanly(
    synthetic_corpus: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    builder = subprocess.Popen(
        [sys.executable, "-c", PARALLEL_BUILD, str(synthetic_corpus), str(cache), "pause"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group of its own, as a shell gives a command
    )
    assert builder.stdout is not None
    helpers = [int(pid) for pid in builder.stdout.readline().split()]
    try:
        os.killpg(builder.pid, signal.SIGINT)  # Ctrl+C reaches the builder and its helpers
        out, err = builder.communicate(timeout=30)
        assert (builder.returncode, out.strip(), err) == (130, "interrupted", "")
        assert _wait_until(lambda: not any(_alive(pid) for pid in helpers), 10)
        assert [p.suffix for p in (cache / "indexes").iterdir()] == [".lock"]
    finally:
        for pid in helpers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if builder.poll() is None:  # it did not stop: do not leave it to a later test
            builder.kill()
            builder.communicate()


def test_an_in_memory_build_needs_no_temporary_folder(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whoosh keeps an in-memory writer's temporary files in one folder of the system's temporary
    # directory, shared by every process and deleted by each build that ends; the fallback for
    # a full disk must not need that disk.
    import tempfile

    unusable = tmp_path / "not-a-folder"
    unusable.write_text("a file where the temporary folder should be", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(unusable))
    assert Engine.in_memory(corpus_dir).search("nasal spray").hits


@pytest.mark.parametrize("cache_writable", [True, False], ids=["on disk", "in memory"])
def test_the_build_time_reported_counts_reading_the_corpus(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_writable: bool
) -> None:
    # A clock of the index module's own that jumps while the corpus is read: the time reported
    # must include the jump (it used to start once the corpus was read and segmented).
    import types

    import ketamine_tui.corpus
    import ketamine_tui.index

    jump = [0.0]
    clock = types.SimpleNamespace(
        perf_counter=lambda: time.perf_counter() + jump[0], time=time.time, monotonic=time.monotonic
    )
    monkeypatch.setattr(ketamine_tui.index, "time", clock)
    load = ketamine_tui.corpus.load_corpus

    def slow_load(root: Path) -> object:
        jump[0] += 1000.0
        return load(root)

    monkeypatch.setattr(ketamine_tui.corpus, "load_corpus", slow_load)
    cache = tmp_path / "cache"
    if not cache_writable:
        cache = tmp_path / "a-file"
        cache.write_text("not a folder", encoding="utf-8")
    report = open_or_build(corpus_dir, cache).report
    assert report.mode == ("full" if cache_writable else "memory")
    assert 1000.0 <= report.seconds < 1100.0


def _bytes_read() -> int:
    """Bytes this process has read through read() calls so far (Linux /proc/self/io)."""
    with open("/proc/self/io", encoding="ascii") as io:
        return int(next(line for line in io if line.startswith("rchar:")).split()[1])


@pytest.mark.skipif(not os.path.exists("/proc/self/io"), reason="counts reads in /proc/self/io")
def test_files_loading_skips_are_not_read_to_fingerprint_or_build(
    corpus_copy: Path, tmp_path: Path
) -> None:
    # A 1 GiB article and a link to a 1 GiB file outside the corpus: both are skipped unread
    # (too large, outside), so the fingerprint of every run must not read them either.
    gib = 1024**3
    with open(corpus_copy / "articles" / "huge.txt", "wb") as handle:
        handle.truncate(gib)  # sparse: no disk space used
    outside = tmp_path / "outside.txt"
    with open(outside, "wb") as handle:
        handle.truncate(gib)
    (corpus_copy / "articles" / "link.txt").symlink_to(outside)
    with open(corpus_copy / "sources.toml", "a", encoding="utf-8") as manifest:
        for name in ("huge", "link"):
            manifest.write(f'\n[[article]]\nid = "{name}"\nfile = "articles/{name}.txt"\n')
    before = _bytes_read()
    first = fingerprint(corpus_copy)
    opened = open_or_build(corpus_copy, tmp_path / "cache")
    assert _bytes_read() - before < 50 * 1024 * 1024
    assert opened.stats.articles == 5
    problems = "\n".join(opened.problems)
    assert "huge.txt: larger than 20 MB; skipped" in problems
    assert "articles/link.txt is outside the corpus; skipped" in problems
    # What identifies them still counts: a change to either is a new fingerprint.
    with open(outside, "r+b") as handle:
        handle.truncate(gib + 1)
    second = fingerprint(corpus_copy)
    with open(corpus_copy / "articles" / "huge.txt", "r+b") as handle:
        handle.truncate(gib + 1)
    assert len({first, second, fingerprint(corpus_copy)}) == 3


# ---------------------------------------------------------------------------------------------
# Incremental updates score as a fresh build

SCORED_QUERIES = (
    "depression treatment",
    "side effects",
    "nasal spray",
    "ketamine",
    "How quickly does ketamine work?",
    "blood pressure",
    "glutamate receptors",
)


def _statistics(opened: CorpusIndex) -> tuple[dict[str, int], int, int]:
    """The index-wide statistics BM25F scores with: field-length totals and document counts."""
    with opened.index.reader() as reader:
        lengths = {f: reader.field_length(f) for f in ("body", "section", "title")}
        return lengths, reader.doc_count(), reader.doc_count_all()


def _every_score(opened: CorpusIndex, query: str) -> dict[str, float]:
    """Whoosh's BM25F score of every passage matching any stem of `query` in any field."""
    from whoosh.query import Or, Term

    from ketamine_tui.analysis import stems

    terms = [Term(f, s) for s in stems(query) for f in ("body", "section", "title")]
    with opened.index.searcher() as searcher:
        return {hit["passage_id"]: hit.score for hit in searcher.search(Or(terms), limit=None)}


def _ranked(opened: CorpusIndex) -> dict[str, list[tuple[str, float]]]:
    engine = Engine(opened)
    try:
        return {
            q: [(h.passage.passage_id, h.score) for h in engine.search(q, limit=40).hits]
            for q in SCORED_QUERIES
        }
    finally:
        engine.close()


def _edit_manifest(corpus: Path, change: Callable[[str], str]) -> None:
    manifest = corpus / "sources.toml"
    manifest.write_text(change(manifest.read_text(encoding="utf-8")), encoding="utf-8")


def test_an_updated_index_scores_exactly_as_a_fresh_build(
    corpus_copy: Path, tmp_path: Path
) -> None:
    # Whoosh re-sums a merged segment's field lengths from per-document lengths rounded to a
    # byte, and keeps deleted documents in its totals: updated indexes averaged other lengths
    # and ranked some passages of "depression treatment" the other way round.
    articles = corpus_copy / "articles"
    edited = articles / "could-ketamine-be-the-right-option-for-you.txt"
    removed = "articles/how-ketamine-can-help-alleviate-depression-symptoms.txt"

    def edit() -> None:
        edited.write_text(
            edited.read_text(encoding="utf-8")
            + "\nDepression treatment with ketamine is one option among several.\n",
            encoding="utf-8",
        )

    def add() -> None:
        (articles / "added.txt").write_text(
            "An Added Article\n\nKetamine treatment for depression is given as a nasal spray or "
            "an infusion. Side effects include raised blood pressure.\n\nGlutamate receptors "
            "are where it acts.\n",
            encoding="utf-8",
        )
        _edit_manifest(
            corpus_copy, lambda m: m + '\n[[article]]\nid = "added"\nfile = "articles/added.txt"\n'
        )

    def remove() -> None:
        (corpus_copy / removed).unlink()
        _edit_manifest(
            corpus_copy,
            lambda m: "\n[[article]]".join(
                part for part in m.split("\n[[article]]") if removed not in part
            ),
        )

    cache = tmp_path / "cache"
    open_or_build(corpus_copy, cache)
    for step, change in enumerate((edit, add, remove)):
        change()
        updated = open_or_build(corpus_copy, cache)
        fresh = open_or_build(corpus_copy, tmp_path / f"fresh-{step}")
        assert (updated.report.mode, fresh.report.mode) == ("incremental", "full")
        assert _statistics(updated) == _statistics(fresh)
        assert _ranked(updated) == _ranked(fresh)
        for query in SCORED_QUERIES:
            assert _every_score(updated, query) == _every_score(fresh, query)


PARALLEL_UPDATE = """
import json, multiprocessing, sys
from pathlib import Path
import ketamine_tui.index as index
import ketamine_tui.index_build as index_build
index_build.PARALLEL_FROM = 100
corpus, work = Path(sys.argv[1]), Path(sys.argv[2])
index.open_or_build(corpus, work / "cache")
articles = sorted((corpus / "articles").iterdir())
for article in articles[:12]:  # 240 passages re-indexed: the multi-process writer
    article.write_text(article.read_text() + "\\nKetamine depression treatment again.\\n")
articles[20].unlink()
helpers = []
def progress(done, total, stage):
    helpers.append(len(multiprocessing.active_children()))
updated = index.open_or_build(corpus, work / "cache", progress=progress)
fresh = index.open_or_build(corpus, work / "fresh")
def statistics(opened):
    with opened.index.reader() as reader:
        return [reader.field_length(f) for f in ("body", "section", "title")], reader.doc_count()
def scores(opened):
    # Every matching passage's score (the layouts differ, so passages of equal score may come
    # in another order: the score of each is what must be the same).
    from whoosh.query import Or, Term
    from ketamine_tui.analysis import stems
    found = {}
    with opened.index.searcher() as searcher:
        for q in ("depression treatment", "side effects", "ketamine", "nasal spray"):
            terms = [Term(f, s) for s in stems(q) for f in ("body", "section", "title")]
            found[q] = {h["passage_id"]: h.score for h in searcher.search(Or(terms), limit=None)}
    return found
print(json.dumps([updated.report.mode, max(helpers), statistics(updated) == statistics(fresh),
                  scores(updated) == scores(fresh)]))
"""


@linux_only
def test_an_index_updated_by_the_parallel_writer_scores_as_a_fresh_build(
    synthetic_corpus: Path, tmp_path: Path
) -> None:
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(synthetic_corpus, corpus)
    done = subprocess.run(
        [sys.executable, "-c", PARALLEL_UPDATE, str(corpus), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["incremental", 2, True, True]
