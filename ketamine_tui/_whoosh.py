"""Import Whoosh cheaply: every core module imports this before any Whoosh module.

Three imports that Whoosh makes eagerly serve nothing we use and would add tens of milliseconds
to every CLI search:

- `whoosh.reading` imports the `cached_property` package for one decorator, and that package
  imports asyncio (about 15 ms). The standard library's `functools.cached_property` does the same
  job, so a stand-in module provides it.
- `whoosh.query.terms` imports `whoosh.lang.morph_en` (about 6 ms of regular expressions) for the
  `Variations` query, which we never build. A stand-in defers that import until first use.
- `whoosh.compat` imports `urllib.request` for `urlretrieve`, which no Whoosh module calls; that
  drags in http.client, ssl and the email package (about 40 ms here). A stand-in is in
  place only while `whoosh.compat` is imported, and its `urlretrieve` imports the real one on call.

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
    module = types.ModuleType(
        module_name, f"Stand-in for {module_name} (see ketamine_tui._whoosh)."
    )

    def load_real(name: str) -> Any:
        if name.startswith("__"):
            # The import system probes modules for dunders such as __path__: not a request.
            raise AttributeError(name)
        if sys.modules.get(module_name) is module:
            del sys.modules[module_name]  # the import below then loads (and binds) the real one
        return getattr(importlib.import_module(module_name), name)

    module.__dict__.update(attributes)
    module.__getattr__ = load_real  # type: ignore[method-assign]  # a module-level __getattr__ (PEP 562)
    sys.modules[module_name] = module
    parent_name, _, child = module_name.rpartition(".")
    if parent_name:
        # As the import system does for a real submodule, so that `import a.b; a.b.x` works.
        setattr(importlib.import_module(parent_name), child, module)


def _variations(word: str) -> Any:
    """`whoosh.lang.morph_en.variations`, imported on first call."""
    module = sys.modules.get("whoosh.lang.morph_en")
    if module is None or module.__dict__.get("variations") is _variations:
        sys.modules.pop("whoosh.lang.morph_en", None)
        module = importlib.import_module("whoosh.lang.morph_en")
    return module.variations(word)


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    """`urllib.request.urlretrieve`, imported on first call."""
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


_stand_in("cached_property", cached_property=functools.cached_property)
_stand_in("whoosh.lang.morph_en", variations=_variations)

if "whoosh.compat" not in sys.modules and "urllib.request" not in sys.modules:
    _stand_in("urllib.request", urlretrieve=_urlretrieve)
    _urllib_stand_in = sys.modules["urllib.request"]
    try:
        import whoosh.compat
    finally:
        # Only for that one import: whoever imports urllib.request later gets the real module.
        if sys.modules.get("urllib.request") is _urllib_stand_in:
            del sys.modules["urllib.request"]
        _urllib_package = sys.modules.get("urllib")
        if _urllib_package is not None and vars(_urllib_package).get("request") is _urllib_stand_in:
            del _urllib_package.request
        del _urllib_stand_in, _urllib_package

import whoosh  # noqa: E402

WHOOSH_VERSION = whoosh.versionstring()
