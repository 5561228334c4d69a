"""Benchmarks of ketamine-tui: `make bench` (or `python benchmarks/run.py`) prints one table."""
