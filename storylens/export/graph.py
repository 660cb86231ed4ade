"""GraphML export of the actor network, for Gephi and networkx.

Nodes: one per actor (kind="actor", name, type, aliases joined by " | ", role, mentions) and
one per outlet that quotes someone (kind="outlet"). Edges (undirected graph; GraphML cannot
mix directions, and Gephi reads the `kind` attribute to filter):
  - co-mention between two actors mentioned in the same sentence, weight = the number of
    sentences where both appear;
  - quoted-by between an outlet and an actor, from statements whose speaker_actor is set,
    weight = the number of such statements (outlet = Article.outlet, or the article's file
    name when the outlet is unknown).
"""

from __future__ import annotations

import bisect
from collections import Counter
from itertools import combinations
from pathlib import Path

import networkx as nx

from storylens.model import Story

__all__ = ["actor_graph", "write_graphml"]

UNKNOWN_OUTLET = "unknown outlet"


def actor_graph(story: Story) -> nx.Graph:
    """The actor network as a networkx Graph (see the module docstring)."""
    g = nx.Graph()
    for a in story.actors:
        g.add_node(
            a.id,
            kind="actor",
            name=a.name,
            type=a.type,
            aliases=" | ".join(a.aliases),
            role=a.role or "",
            mentions=len(a.mentions),
        )
    co: Counter[tuple[str, str]] = Counter()
    for rec in story.records:
        starts = [s.start for s in rec.sentences]
        in_sentence: dict[int, set[str]] = {}
        for a in story.actors:
            for m in a.mentions:
                if m.article != rec.article.id:
                    continue
                i = bisect.bisect_right(starts, m.start) - 1
                if i >= 0 and m.start < rec.sentences[i].end:
                    in_sentence.setdefault(i, set()).add(a.id)
        for ids in in_sentence.values():
            for x, y in combinations(sorted(ids), 2):
                co[(x, y)] += 1
    for (x, y), w in co.items():
        g.add_edge(x, y, kind="co-mention", weight=w)
    quoted: Counter[tuple[str, str]] = Counter()
    for rec in story.records:
        outlet = rec.article.outlet or Path(rec.article.path).name or UNKNOWN_OUTLET
        for st in rec.statements:
            if st.speaker_actor and st.speaker_actor in g:
                quoted[(outlet, st.speaker_actor)] += 1
    for (outlet, actor_id), w in quoted.items():
        node = f"outlet:{outlet}"
        g.add_node(node, kind="outlet", name=outlet, type="OUTLET", aliases="", role="", mentions=0)
        g.add_edge(node, actor_id, kind="quoted-by", weight=w)
    return g


def write_graphml(story: Story, path: Path) -> None:
    """Write the actor network as GraphML."""
    nx.write_graphml(actor_graph(story), str(path))
