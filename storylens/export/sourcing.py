"""The sourcing graph (issue 13): who knows what from whom, as JSON and GraphML.

Nodes (``kind``):
  - ``outlet``: an outlet that published an article of the story (``articles`` = how many);
    an article with no known outlet is its own node, named by its file;
  - ``cited``: an outlet or agency named only as a channel ("the newspaper Al-Akhbar
    reported", "said on CBS");
  - ``anonymous`` / ``document``: the unnamed sources and the documents one outlet cites
    (one node per citing outlet: two outlets' anonymous sources are not known to be one);
  - ``source``: a named speaker an outlet reported itself (an interview, "told X").
Edges (directed: from the outlet that knows to where it knows from; ``kind``):
  - ``relays``: the outlet reports statements another outlet published;
  - ``cites``: the outlet's own reporting from a source, an anonymous source or a document;
  - ``copies``: the later article's outlet shares passages with the earlier one's (when the
    dates do not say which is earlier, the edge goes from the larger id to the smaller and
    ``direction`` is "unknown").
``weight`` counts statements (relays, cites) or copied passages (copies); ``statements``
lists the statement ids behind an edge, so every edge traces back to character offsets.
Sorted throughout: the same story gives byte-identical files.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from storylens.model import Article, Statement, Story
from storylens.resolve.sourcing import outlet_key

__all__ = ["sourcing_graph", "sourcing_graphml", "write_sourcing_graphml", "write_sourcing_json"]


def _outlet_node(article: Article) -> tuple[str, str]:
    if article.outlet:
        return "outlet:" + outlet_key(article.outlet), article.outlet
    return "article:" + article.id, Path(article.path).name or article.id


def _speaker_is_evidence(st: Statement) -> bool:
    """The speaker is the outlet itself ("according to Fars News Agency's International
    Group"): no source of its own."""
    if None in (st.speaker_start, st.speaker_end, st.channel_start, st.channel_end):
        return False
    return st.speaker_start < st.channel_end and st.channel_start < st.speaker_end  # type: ignore[operator]


def sourcing_graph(story: Story) -> dict[str, Any]:
    """{"nodes": [...], "edges": [...]} (module doc), JSON-able and sorted."""
    nodes: dict[str, dict[str, Any]] = {}
    articles_of: dict[str, set[str]] = defaultdict(set)
    actor = {a.id: a for a in story.actors}
    media_type = {outlet_key(a.name): a.type for a in story.actors if a.type in ("MEDIA", "AGENCY")}
    for rec in story.records:
        nid, name = _outlet_node(rec.article)
        nodes.setdefault(nid, {"id": nid, "name": name, "kind": "outlet"})
        articles_of[nid].add(rec.article.id)
    edges: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for rec in story.records:
        src, src_name = _outlet_node(rec.article)
        for st in rec.statements:
            if st.channel == "outlet" and st.channel_source:
                key = outlet_key(st.channel_source)
                dst = "outlet:" + key
                if dst == src:
                    continue
                nodes.setdefault(dst, {"id": dst, "name": st.channel_source, "kind": "cited"})
                edges[(src, dst, "relays")].append(st.id)
            elif st.channel in ("anonymous", "document"):
                dst = f"{st.channel}:{src.split(':', 1)[1]}"
                label = "anonymous sources" if st.channel == "anonymous" else "documents"
                nodes.setdefault(
                    dst, {"id": dst, "name": f"{label} ({src_name})", "kind": st.channel}
                )
                edges[(src, dst, "cites")].append(st.id)
            elif (
                st.channel == "own"
                and st.speaker_actor in actor
                and actor[st.speaker_actor].type not in ("MEDIA", "AGENCY")
                and not _speaker_is_evidence(st)
            ):
                a = actor[st.speaker_actor]
                dst = "actor:" + a.id
                nodes.setdefault(dst, {"id": dst, "name": a.name, "kind": "source"})
                edges[(src, dst, "cites")].append(st.id)
    by_id = {r.article.id: r.article for r in story.records}
    copies: dict[tuple[str, str, str], int] = defaultdict(int)
    for p in story.copies:
        if p.a not in by_id or p.b not in by_id:
            continue
        na, nb = _outlet_node(by_id[p.a])[0], _outlet_node(by_id[p.b])[0]
        if na == nb:
            continue
        if p.earlier == p.a:
            copies[(nb, na, "known")] += 1
        elif p.earlier == p.b:
            copies[(na, nb, "known")] += 1
        else:
            x, y = sorted((na, nb), reverse=True)
            copies[(x, y, "unknown")] += 1
    for nid, node in nodes.items():
        node["articles"] = len(articles_of.get(nid, ()))
        node["type"] = media_type.get(nid.split(":", 1)[1], "") if nid.startswith("outlet:") else ""
    edge_rows = [
        {"source": s, "target": t, "kind": k, "weight": len(ids), "statements": sorted(ids)}
        for (s, t, k), ids in edges.items()
    ]
    edge_rows += [
        {
            "source": s, "target": t, "kind": "copies", "weight": w, "statements": [],
            "direction": d,
        }
        for (s, t, d), w in copies.items()
    ]  # fmt: skip
    edge_rows.sort(key=lambda e: (e["kind"], e["source"], e["target"]))
    return {"nodes": sorted(nodes.values(), key=lambda n: n["id"]), "edges": edge_rows}


def sourcing_graphml(story: Story) -> nx.MultiDiGraph:
    """The sourcing graph as a networkx MultiDiGraph (lists joined by spaces)."""
    data = sourcing_graph(story)
    g = nx.MultiDiGraph()
    for n in data["nodes"]:
        g.add_node(n["id"], **{k: v for k, v in n.items() if k != "id"})
    for e in data["edges"]:
        g.add_edge(
            e["source"],
            e["target"],
            key=e["kind"],
            kind=e["kind"],
            weight=e["weight"],
            statements=" ".join(e["statements"]),
            direction=e.get("direction", "known"),
        )
    return g


def write_sourcing_graphml(story: Story, path: Path) -> None:
    nx.write_graphml(sourcing_graphml(story), str(path))


def write_sourcing_json(story: Story, path: Path) -> None:
    import json

    path.write_text(
        json.dumps(sourcing_graph(story), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )
