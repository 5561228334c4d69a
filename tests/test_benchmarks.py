"""The benchmark code keeps working: a quick run on tiny corpora (targets are read, not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_benchmark_run_produces_the_table(tmp_path: Path) -> None:
    output = tmp_path / "quick.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(output.read_text(encoding="utf-8"))
    assert report["errors"] == []
    groups = {row["group"] for row in report["rows"]}
    assert {
        "CLI search",
        "CLI ask",
        "App start",
        "Query latency",
        "Index build",
        "Memory (peak RSS)",
    } <= groups
    assert report["growth"] and report["machine"]
    for row in report["rows"]:
        assert row["value"] is not None or row["unavailable"], row
