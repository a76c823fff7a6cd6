"""The selectors' shared cache: computed once per key, least recently used dropped first."""

from __future__ import annotations

from staffroom.web.core.memo import BoundedCache


def test_a_value_is_computed_once_per_key_and_none_is_remembered():
    calls: list[str] = []
    cache: BoundedCache[int | None] = BoundedCache(4)

    def compute(key: str, value: int | None):
        def run() -> int | None:
            calls.append(key)
            return value

        return run

    assert cache.get_or_compute("a", compute("a", 1)) == 1
    assert cache.get_or_compute("a", compute("a", 2)) == 1
    assert cache.get_or_compute("empty", compute("empty", None)) is None
    assert cache.get_or_compute("empty", compute("empty", 3)) is None
    assert calls == ["a", "empty"]


def test_the_least_recently_used_key_goes_first_and_clear_forgets_all():
    cache: BoundedCache[str] = BoundedCache(2)
    cache.get_or_compute("a", lambda: "A")
    cache.get_or_compute("b", lambda: "B")
    cache.get_or_compute("a", lambda: "not again")  # a is now the most recent
    cache.get_or_compute("c", lambda: "C")  # b goes
    assert len(cache) == 2
    assert cache.get_or_compute("a", lambda: "fresh") == "A"
    assert cache.get_or_compute("b", lambda: "B again") == "B again"
    cache.clear()
    assert len(cache) == 0
