"""Dump `search --json` and `ask --json` for every question of every set in `tests/data/`.

    python benchmarks/dump_outputs.py OUT.txt        # one file: every command, its status, output

A restructure that must not change behaviour is checked by dumping before and after it and
comparing the two files byte for byte (`cmp before.txt after.txt`). The console script beside the
running interpreter is called once per command, in a private cache and data folder, so what is
dumped is exactly what a user's shell would print. The corpus folder's absolute path is written as
`<corpus>`, so that dumps taken in two checkouts compare equal.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SCRIPT = Path(sys.executable).with_name("ketamine-tui")


def questions() -> list[tuple[str, str]]:
    """(set name, question) for every line of every question set, in file and line order."""
    found = []
    for path in sorted(DATA.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append((path.stem, json.loads(line)["q"]))
    return found


def run(args: list[str], env: dict[str, str]) -> str:
    """One command's exit status and standard output, as a block of the dump."""
    done = subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    corpus = str((ROOT / "corpus").resolve())
    return f"$ {json.dumps(args)} -> {done.returncode}\n{done.stdout.replace(corpus, '<corpus>')}"


def main(argv: list[str]) -> int:
    """Write the dump to the file named by argv[0] (standard output without one)."""
    with tempfile.TemporaryDirectory() as work:
        env = {
            **os.environ,
            "KETAMINE_TUI_CACHE_DIR": str(Path(work) / "cache"),
            "KETAMINE_TUI_DATA_DIR": str(Path(work) / "data"),
        }
        env.pop("KETAMINE_TUI_CORPUS", None)
        subprocess.run([str(SCRIPT), "index"], env=env, capture_output=True, check=True)
        commands = []
        for name, question in questions():
            commands.append((name, ["search", question, "--json"]))
            commands.append((name, ["ask", question, "--json"]))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            blocks = list(pool.map(lambda item: f"# {item[0]}\n{run(item[1], env)}", commands))
    text = "".join(blocks)
    if argv:
        Path(argv[0]).write_text(text, encoding="utf-8")
        print(f"{len(commands)} commands dumped to {argv[0]}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
