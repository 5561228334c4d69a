"""Run the command-line tool: `python -m ketamine_tui`."""

from ketamine_tui.cli import main

if __name__ == "__main__":
    main()
