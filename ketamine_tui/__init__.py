"""ketamine-tui: a terminal FAQ explorer over articles about ketamine treatment for depression.

The public API is re-exported lazily so that `import ketamine_tui` stays cheap for the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Engine": "ketamine_tui.engine",
    "load_corpus": "ketamine_tui.corpus",
    "Settings": "ketamine_tui.settings",
    "KetamineTuiError": "ketamine_tui.errors",
}

__all__ = ["Engine", "KetamineTuiError", "Settings", "__version__", "load_corpus"]

if TYPE_CHECKING:
    from ketamine_tui.corpus import load_corpus
    from ketamine_tui.engine import Engine
    from ketamine_tui.errors import KetamineTuiError
    from ketamine_tui.settings import Settings


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'ketamine_tui' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
