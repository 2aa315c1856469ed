"""The identity cache behind the purchaser's wording and the table checks."""

from __future__ import annotations

from caresq_desk.core.common.identity import IdentityCache


def test_a_value_is_made_once_per_object_not_per_equal_object() -> None:
    made: list[list[int]] = []
    cache: IdentityCache[list[int], int] = IdentityCache(limit=2)

    def make(key: list[int]) -> int:
        made.append(key)
        return sum(key)

    first, twin = [1, 2], [1, 2]
    assert cache.get(first, make) == 3
    assert cache.get(first, make) == 3
    assert made == [first]
    assert cache.get(twin, make) == 3  # equal, but another object
    assert len(made) == 2 and made[1] is twin
    cache.get([5], make)  # over the limit: starts again empty
    assert cache.get(first, make) == 3
    assert len(made) == 4
