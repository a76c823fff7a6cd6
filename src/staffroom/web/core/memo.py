"""A small per-process cache of computed results, shared by the selectors that keep engine
analyses between requests (results, indicators, improvement metrics).

Keys must say everything the value depends on (ids, counts, minimum group size), so a
stale entry is never hit; the size bound keeps memory flat on a busy host.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["BoundedCache"]

V = TypeVar("V")

_MISSING = object()


class BoundedCache(Generic[V]):
    """Least-recently-used values by key, at most ``size`` of them, safe across threads.

    ``get_or_compute`` computes outside the lock: two threads missing the same key at once
    each compute it, harmlessly, rather than one waiting on the other's database work.
    ``None`` is a value like any other (a cycle with nothing to show is remembered too).
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        with self._lock:
            hit = self._values.get(key, _MISSING)
            if hit is not _MISSING:
                self._values.move_to_end(key)
                return hit  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything (tests: database ids repeat between tests)."""
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)
