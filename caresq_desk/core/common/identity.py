"""A bounded cache keyed by an object's identity, for values derived from objects that are
unhashable (a policy record with a mapping) or costly to compare (a result whose texts would be
made): the same few objects recur in every row of a list and every file of a werkmap."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class IdentityCache(Generic[K, V]):
    """``get(key, make)``: ``make(key)`` once per object. Each entry keeps its key alive, so an
    id is never reused while it is cached; a full cache starts again empty."""

    __slots__ = ("_entries", "_limit")

    def __init__(self, limit: int) -> None:
        self._entries: dict[int, tuple[K, V]] = {}
        self._limit = limit

    def get(self, key: K, make: Callable[[K], V]) -> V:
        known = self._entries.get(id(key))
        if known is not None and known[0] is key:
            return known[1]
        value = make(key)
        if len(self._entries) >= self._limit:
            self._entries.clear()
        self._entries[id(key)] = (key, value)
        return value
