"""Data files shipped with the package (an English word list; see COPYING-SCOWL)."""
