"""One bounded least-recently-used cache, for every cache of the engine.

Each cache holds what an opened index can no longer change (a passage's stems, a word's document
frequency), so entries never go stale; the bound keeps a long session or a large corpus from
growing memory without end. Not thread-safe on its own: the engine serves one call at a time.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    """A mapping of at most `size` entries; the least recently used one goes first."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("an LRU cache holds at least one entry")
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The cached value of `key`, made (and kept) on a miss."""
        try:
            value = self._items[key]
        except KeyError:
            value = make()
            self._items[key] = value
            if len(self._items) > self.size:
                self._items.popitem(last=False)
            return value
        self._items.move_to_end(key)
        return value

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items
