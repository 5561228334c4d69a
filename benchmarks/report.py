"""The benchmark table: rows with a value, a reference, a ratio and a target; printed and saved."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass
class Row:
    """One measure. `limit` applies to the ratio (`on="ratio"`) or to the value (`on="value"`)."""

    group: str
    measure: str
    value: float | None
    unit: str
    reference: float | None = None
    reference_label: str = ""
    target: str = ""
    limit: float | None = None
    on: str = "ratio"
    strict: bool = False  # the limit is "<" rather than "<="
    note: str = ""
    unavailable: str = ""  # why there is no value ("app not built")

    @property
    def ratio(self) -> float | None:
        """value / reference, when both exist."""
        if self.value is None or not self.reference:
            return None
        return self.value / self.reference

    @property
    def status(self) -> str:
        """ "pass", "miss", "info" (no target) or "n/a" (not measured)."""
        if self.value is None:
            return "n/a"
        if self.limit is None:
            return "info"
        checked = self.ratio if self.on == "ratio" else self.value
        if checked is None:
            return "n/a"
        ok = checked < self.limit if self.strict else checked <= self.limit
        return "pass" if ok else "miss"

    def to_json(self) -> dict[str, Any]:
        """The row with its ratio and status, for the JSON file."""
        data = asdict(self)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        data["status"] = self.status
        for key in ("value", "reference"):
            if isinstance(data[key], float):
                data[key] = round(data[key], 4)
        return data


def fmt(value: float | None, unit: str) -> str:
    """A value with its unit, to about three significant digits."""
    if value is None:
        return "—"
    if unit == "passages/s":
        return f"{value:,.0f} passages/s"
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2 if abs(value) >= 1 else 3
    return f"{value:.{digits}f} {unit}"


def render(data: dict[str, Any]) -> None:
    """Print the table, the growth lines and the notes with rich (132 columns when piped)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=132)
    machine = data["machine"]
    memory = f", {machine['memory_gb']} GiB" if machine.get("memory_gb") else ""
    title = (
        f"ketamine-tui benchmarks — {machine['cpu']}, {machine['cpu_count']} CPUs{memory}, "
        f"{machine['python']}, {machine['platform']}"
    )
    table = Table(title=title, title_justify="left")
    for name, justify in (
        ("measure", "left"),
        ("value", "right"),
        ("reference", "right"),
        ("ratio", "right"),
        ("target", "left"),
        ("result", "left"),
    ):
        table.add_column(name, justify=justify, overflow="fold")
    styles = {"pass": "green", "miss": "bold red", "info": "dim", "n/a": "yellow"}
    group = None
    for row in data["rows"]:
        if row["group"] != group:
            if group is not None:
                table.add_section()
            group = row["group"]
            table.add_row(Text(group, style="bold"))
        reference = fmt(row["reference"], row["unit"])
        if row["reference_label"] and row["reference"] is not None:
            reference = f"{row['reference_label']} {reference}"
        status = row["status"] if not row["unavailable"] else f"n/a: {row['unavailable']}"
        table.add_row(
            Text(f"  {row['measure']}"),
            Text(fmt(row["value"], row["unit"])),
            Text(reference),
            Text("" if row["ratio"] is None else f"{row['ratio']:.2f}×"),
            Text(row["target"]),
            Text(status, style=styles.get(row["status"], "")),
        )
    console.print(table)
    for line in data["growth"]:
        console.print(Text(f"Growth {line}"))
    for note in data["notes"]:
        console.print(Text(f"· {note}", style="dim"))
    misses = [r for r in data["rows"] if r["status"] == "miss"]
    summary = f"{sum(r['status'] == 'pass' for r in data['rows'])} pass, {len(misses)} miss"
    console.print(Text(f"{summary}; {data['run']['seconds']:.0f} s in all.", style="bold"))


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write the results as JSON through a temporary file (never half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
