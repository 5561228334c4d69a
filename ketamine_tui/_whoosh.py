"""Import Whoosh cheaply: every core module imports this before any Whoosh module.

Two imports that Whoosh makes eagerly cost a quarter of a CLI search and serve nothing we use:

- `whoosh.reading` imports the `cached_property` package for one decorator, and that package
  imports asyncio (about 15 ms). The standard library's `functools.cached_property` does the same
  job, so a stand-in module provides it.
- `whoosh.query.terms` imports `whoosh.lang.morph_en` (about 6 ms of regular expressions) for the
  `Variations` query, which we never build. A stand-in defers that import until first use.

Each stand-in loads the real module for any other name asked of it, so nothing that needs the
real module is harmed.
"""

from __future__ import annotations

import functools
import importlib
import sys
import types
from typing import Any


def _stand_in(module_name: str, **attributes: Any) -> None:
    """Register a stand-in for `module_name` that loads the real module for any other name."""
    if module_name in sys.modules:
        return

    def load_real(name: str) -> Any:
        if name.startswith("__"):
            # The import system probes modules for dunders such as __path__: not a request.
            raise AttributeError(name)
        sys.modules.pop(module_name, None)
        return getattr(importlib.import_module(module_name), name)

    module = types.ModuleType(
        module_name, f"Stand-in for {module_name} (see ketamine_tui._whoosh)."
    )
    module.__dict__.update(attributes)
    module.__getattr__ = load_real  # type: ignore[method-assign]
    sys.modules[module_name] = module


def _variations(word: str) -> Any:
    """`whoosh.lang.morph_en.variations`, imported on first call."""
    module = sys.modules.get("whoosh.lang.morph_en")
    if module is None or module.__dict__.get("variations") is _variations:
        sys.modules.pop("whoosh.lang.morph_en", None)
        module = importlib.import_module("whoosh.lang.morph_en")
    return module.variations(word)


_stand_in("cached_property", cached_property=functools.cached_property)
_stand_in("whoosh.lang.morph_en", variations=_variations)

import whoosh  # noqa: E402

WHOOSH_VERSION = whoosh.versionstring()
