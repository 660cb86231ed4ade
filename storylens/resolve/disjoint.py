"""Disjoint sets over hashable, ordered keys: the grouping several cross-article steps share.

Why a class of our own: sourcing (independent origins) and the stance topic split both group
string keys by union, and want the smallest key as each group's representative so groups
come out the same whatever order the unions arrive in (determinism, issue 18). scipy's
DisjointSet would do the grouping but not the stable smallest-key representative.
"""

from __future__ import annotations

from typing import Generic, TypeVar

__all__ = ["DisjointSets"]

K = TypeVar("K", int, str)


class DisjointSets(Generic[K]):
    """Union-find with path halving; the root of a group is its smallest key."""

    def __init__(self) -> None:
        self.parent: dict[K, K] = {}

    def find(self, x: K) -> K:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, x: K, y: K) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)
