"""Union-find: sets that merge (revisions of an article, reprints of a wire story, duplicate claims)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class Groups(Generic[T]):
    """Disjoint sets with path halving; an unseen item is its own group."""

    def __init__(self, pairs: Iterable[tuple[T, T]] = ()) -> None:
        self._parent: dict[T, T] = {}
        for a, b in pairs:
            self.join(a, b)

    def find(self, item: T) -> T:
        """The representative of ``item``'s group."""
        parent = self._parent
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(self, a: T, b: T) -> None:
        """Merge the groups of ``a`` and ``b``."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self._parent[root_b] = root_a

    def members(self) -> dict[T, list[T]]:
        """Every group with more than one item, by representative."""
        found: dict[T, list[T]] = {}
        for item in list(self._parent):
            found.setdefault(self.find(item), []).append(item)
        return {root: items for root, items in found.items() if len(items) > 1}
