"""Run the command-line tool: `python -m ketamine_tui`."""

from ketamine_tui.shell import entry_point

if __name__ == "__main__":
    entry_point()
