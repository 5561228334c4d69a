"""The layering rules of the README's Design section, checked.

Lower stages never import higher ones; the core never loads textual; only the backend and the
index-building modules know Whoosh; every module and public function has a docstring; the app's
modules and classes stay small.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ketamine_tui"
CORE = sorted(
    p
    for p in PACKAGE.glob("*.py")
    if p.name not in {"shell.py", "serve.py", "__main__.py"} and not p.name.startswith("cli")
)
# The browser face: only `ketamine-tui serve` (serve.py) may load these.
SERVE_ONLY = {"textual_serve", "aiohttp"}
UI = sorted((PACKAGE / "tui").rglob("*.py"))


# The stages in the order data flows (README, Design): a module may import its own layer and the
# layers below it, never one above. A new module must be placed here.
LAYERS: dict[int, set[str]] = {
    0: {
        "errors",
        "models",
        "lru",
        "settings",
        "paths",
        "safetext",
        "atomic",
        "spelling",
        "locking",
        "gc_policy",
    },
    1: {
        "porter",
        "words",
        "query",
        "backend",
        "phrases",
        "question_types",
        "question_types_care",
        "question_words",
        "sentences",
        "boilerplate",
    },
    2: {"corpus_files"},
    3: {"manifest", "corpus", "topics"},
    4: {"_whoosh", "schema", "writers", "index_build", "index_cache", "index", "whoosh_backend"},
    5: {"analysis", "answer_types"},
    6: {"question", "question_text"},
    7: {"retrieval"},
    8: {"evidence", "ranking"},
    9: {"snippets"},
    10: {"answer_models", "related", "scoring", "answer", "pipeline"},
    11: {"compare_models", "compare", "explain_models", "explain"},
    12: {"engine"},
    13: {"evaluation", "export", "formatting", "userdata"},
    14: {"compare_format", "explain_format"},
    # The command line's face: the group (cli) and its commands by job, the output guards and
    # entry point (shell, which imports the group to run it), serve, completion.
    15: {"cli", "cli_common", "cli_answers", "cli_corpus", "cli_userdata", "cli_maintenance"}
    | {"shell", "serve", "completion", "__main__", "__init__"},
}
LAYER_OF = {name: layer for layer, names in LAYERS.items() for name in names}
WHOOSH_MODULES = {
    "_whoosh.py",
    "schema.py",
    "writers.py",
    "index.py",
    "whoosh_backend.py",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "module",
    ["ketamine_tui.analysis", "ketamine_tui.engine", "ketamine_tui.answer", "ketamine_tui.cli"],
)
def test_core_and_cli_load_no_textual(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{sorted(SERVE_ONLY | {'textual'})!r}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_cli_search_loads_no_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from ketamine_tui.shell import main\n"
        "try:\n    main(['search', 'side effects', '--json'])\n"
        "except SystemExit:\n    pass\n"
        "print('TEXTUAL', [m for m in sys.modules if m.startswith('textual')])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "KETAMINE_TUI_CACHE_DIR": str(tmp_path)},
    )
    assert "TEXTUAL []" in done.stdout


def test_importing_the_app_loads_no_whoosh() -> None:
    # The engine (and Whoosh) load in a worker once the first frame is up.
    code = "import sys, ketamine_tui.tui.app; print([m for m in sys.modules if m.startswith('whoosh')])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# What the explorer's first screen does not use: loaded with the first question, why or search.
NOT_AT_START = (
    "ketamine_tui.answer_models",
    "ketamine_tui.explain_format",
    "ketamine_tui.pipeline",
    "ketamine_tui.tui.screens.explain",
    "textual.widgets._progress_bar",
)


def test_opening_the_explorer_loads_only_what_its_first_screen_uses(tmp_path: Path) -> None:
    env = {**__import__("os").environ, "KETAMINE_TUI_CACHE_DIR": str(tmp_path / "cache")}
    env["KETAMINE_TUI_DATA_DIR"] = str(tmp_path / "data")
    env["KETAMINE_TUI_CONFIG_DIR"] = str(tmp_path / "config")
    subprocess.run(
        [sys.executable, "-m", "ketamine_tui", "index"], capture_output=True, check=True, env=env
    )
    code = (
        "import asyncio, sys\n"
        "from ketamine_tui.paths import default_corpus\n"
        "from ketamine_tui.tui.app import make_app\n"
        "async def main():\n"
        "    app = make_app(corpus_dir=default_corpus())\n"
        "    async with app.run_test(size=(120, 36)) as pilot:\n"
        "        while type(app.screen).__name__ != 'ExplorerScreen':\n"
        "            await pilot.pause(0.05)\n"
        "        await app.workers.wait_for_complete()\n"
        "        await pilot.pause(0.3)\n"
        f"        print('LOADED', [m for m in {NOT_AT_START!r} if m in sys.modules])\n"
        "        app.engine.ask('What are the side effects of ketamine?')\n"
        "        print('THEN', [m for m in ('ketamine_tui.pipeline',) if m in sys.modules])\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert "LOADED []" in done.stdout
    assert "THEN ['ketamine_tui.pipeline']" in done.stdout


def test_every_module_has_a_layer() -> None:
    assert {p.stem for p in PACKAGE.glob("*.py")} == set(LAYER_OF)


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_lower_stages_never_import_higher_ones(path: Path) -> None:
    own = LAYER_OF[path.stem]
    above = {
        name
        for name in _imports(path)
        if name.startswith("ketamine_tui.")
        and name.split(".")[1] != "tui"
        and LAYER_OF.get(name.split(".")[1], -1) > own
    }
    assert not above, f"{path.name} (layer {own}) imports {sorted(above)}"


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_only_the_backend_and_index_building_know_whoosh(path: Path) -> None:
    # `grep -l whoosh ketamine_tui/ -r` lists only these modules.
    mentions = "whoosh" in path.read_text(encoding="utf-8")
    assert mentions == (path.parent == PACKAGE and path.name in WHOOSH_MODULES)


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_core_modules_never_import_textual(path: Path) -> None:
    assert not {
        n
        for n in _imports(path)
        if n.split(".")[0] in SERVE_ONLY | {"textual"}
        or n.startswith(("ketamine_tui.tui", "ketamine_tui.serve"))
    }


@pytest.mark.parametrize("path", UI, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_ui_never_imports_whoosh(path: Path) -> None:
    forbidden = {n for n in _imports(path) if n.split(".")[0] == "whoosh"}
    forbidden |= {n for n in _imports(path) if n in {"ketamine_tui._whoosh", "ketamine_tui.index"}}
    assert not forbidden


# Issue 13: no module over ~400 lines, no class over ~200 (checked here for the app's modules).
MAX_MODULE_LINES, MAX_CLASS_LINES = 400, 200


@pytest.mark.parametrize("path", UI, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_apps_modules_and_classes_stay_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_MODULE_LINES, f"{path.name} has {text.count(chr(10))} lines"
    classes = [n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.ClassDef)]
    large = {
        c.name: size
        for c in classes
        if (size := (c.end_lineno or c.lineno) - c.lineno + 1) > MAX_CLASS_LINES
    }
    assert not large, f"{path.name}: classes over {MAX_CLASS_LINES} lines: {large}"


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_every_module_and_public_function_has_a_docstring(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.name} has no module docstring"
    defined = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    public = [n for n in tree.body if isinstance(n, defined)]
    public += [
        m
        for c in tree.body
        if isinstance(c, ast.ClassDef)
        for m in c.body
        if isinstance(m, defined)
    ]
    missing = [n.name for n in public if not n.name.startswith("_") and not ast.get_docstring(n)]
    assert not missing, f"{path.name}: no docstring on {missing}"
    # Every docstring (private ones too) opens with a one-line summary: a blank line or the end
    # follows its first line.
    documented = [tree, *(n for n in ast.walk(tree) if isinstance(n, defined))]
    wrapped = [
        getattr(n, "name", "module")
        for n in documented
        if len(lines := (ast.get_docstring(n) or "").splitlines()) > 1 and lines[1].strip()
    ]
    assert not wrapped, f"{path.name}: the summary of {wrapped} runs over one line"


def test_styles_live_in_one_tcss_file() -> None:
    tcss = sorted(p.name for p in PACKAGE.rglob("*.tcss"))
    assert tcss == ["app.tcss"]
    for path in UI:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                assigned = {
                    t.id
                    for stmt in node.body
                    if isinstance(stmt, ast.Assign)
                    for t in stmt.targets
                    if isinstance(t, ast.Name)
                }
                assert "CSS" not in assigned, f"{path.name}:{node.name} has inline CSS"


def _run_python(code: str, tmp_path: Path) -> str:
    env = {**__import__("os").environ, "KETAMINE_TUI_CACHE_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return done.stdout


def test_cli_search_loads_nothing_it_does_not_use(tmp_path: Path) -> None:
    # Whoosh imports these eagerly; ketamine_tui._whoosh keeps them out of a search (DESIGN: CLI speed).
    unused = ["asyncio", "urllib.request", "http.client", "ssl", "email", "whoosh.lang.morph_en"]
    unused += sorted(SERVE_ONLY)  # `serve` adds nothing to the start of any other command
    # Each command's module loads when it runs (cli.CommandGroup): a search loads no other's.
    unused += [
        "ketamine_tui.cli_corpus",
        "ketamine_tui.cli_maintenance",
        "ketamine_tui.cli_userdata",
    ]
    code = (
        "import sys\n"
        "from ketamine_tui.shell import main\n"
        "try:\n    main(['search', 'side effects', '--json'])\n"
        "except SystemExit:\n    pass\n"
        # A stand-in has no __file__; only real modules count as loaded.
        f"loaded = [m for m in {unused!r} if getattr(sys.modules.get(m), '__file__', None)]\n"
        "print('LOADED', loaded)\n"
    )
    assert "LOADED []" in _run_python(code, tmp_path)


def test_the_stand_ins_hand_over_the_real_modules(tmp_path: Path) -> None:
    # What Whoosh imported lazily still works, and later importers get the real modules.
    source = tmp_path / "source.txt"
    source.write_text("fetched", encoding="utf-8")
    code = (
        "import ketamine_tui.whoosh_backend, whoosh.compat, whoosh.lang.morph_en, whoosh.reading\n"
        "import urllib.request, cached_property\n"
        "print('URLOPEN', callable(urllib.request.urlopen), urllib.request.__file__ is not None)\n"
        f"path, _ = whoosh.compat.urlretrieve({source.as_uri()!r}, {str(tmp_path / 'copy')!r})\n"
        "print('RETRIEVED', open(path).read())\n"
        "print('VARIATIONS', sorted(whoosh.lang.morph_en.variations('run'))[:3])\n"
        "print('CACHED', whoosh.reading.cached_property.__name__)\n"
    )
    out = _run_python(code, tmp_path)
    assert "URLOPEN True True" in out
    assert "RETRIEVED fetched" in out
    assert "VARIATIONS ['ran', 'run'" in out
    assert "CACHED cached_property" in out


# "No module over ~400 lines" (issue 13): the package's own modules; a module near the limit
# is split along its jobs, as cli.py was into the cli_* modules.
MODULE_LINES = 420


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_no_module_of_the_core_or_the_command_line_grows_past_the_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MODULE_LINES, f"{path.name} has {lines} lines"
