"""View data derived from a Story: what the HTML report and the web UI show.

Kept apart from templates so the report, the web pages and their `?format=json` answers all
show the same numbers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from storylens.model import Article, Statement, Story

__all__ = [
    "actor_rows",
    "article_label",
    "channel_label",
    "claim_matrix",
    "contradiction_rows",
    "outlet_rows",
    "sourcing_rows",
    "statements_by_actor",
    "timeline_rows",
    "timeline_spec",
    "timeline_spec_from_rows",
]


def article_label(a: Article) -> str:
    """How an article is named to a person: outlet and date, else its file name."""
    name = a.path.rsplit("/", 1)[-1]
    outlet = a.outlet or "unknown outlet"
    date = a.published or "undated"
    return f"{outlet}, {date} ({name})"


def outlet_rows(story: Story) -> list[dict[str, Any]]:
    rows = []
    for rec in sorted(story.records, key=lambda r: (r.article.published or "9999", r.article.path)):
        a = rec.article
        rows.append(
            {
                "id": a.id,
                "path": a.path,
                "name": a.path.rsplit("/", 1)[-1],
                "outlet": a.outlet,
                "outlet_source": a.outlet_source,
                "published": a.published,
                "published_source": a.published_source,
                "title": a.title,
                "language": a.language,
                "analysed": a.analysed,
                "note": a.note,
                "chars": len(a.text),
                "entities": len(rec.mentions),
                "statements": len(rec.statements),
                "entity_counts": dict(Counter(m.label for m in rec.mentions).most_common()),
            }
        )
    return rows


def actor_rows(story: Story) -> list[dict[str, Any]]:
    outlet_of = {a.id: a.outlet or "unknown outlet" for a in story.articles}
    quoted = Counter(s.speaker_actor for s in story.statements() if s.speaker_actor)
    rows = []
    for x in story.actors:
        per_outlet = Counter(outlet_of.get(m.article, "?") for m in x.mentions)
        rows.append(
            {
                "id": x.id,
                "name": x.name,
                "type": x.type,
                "role": x.role,
                "aliases": list(x.aliases),
                "mentions": len(x.mentions),
                "statements": quoted.get(x.id, 0),
                "per_outlet": dict(per_outlet.most_common()),
                "first": x.mentions[0] if x.mentions else None,
            }
        )
    rows.sort(key=lambda r: (-r["statements"], -r["mentions"], r["name"]))
    return rows


def statements_by_actor(story: Story) -> list[dict[str, Any]]:
    """Who said what: statements grouped by speaker actor (unattributed/anonymous last)."""
    names = {x.id: x.name for x in story.actors}
    art = {a.id: a for a in story.articles}
    groups: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for s in story.statements():
        a = art[s.article]
        groups[s.speaker_actor].append(
            {
                "id": s.id,
                "article": s.article,
                "outlet": a.outlet,
                "date": s.date or a.published,
                "speaker_text": s.speaker_text,
                "cue": s.cue,
                "content": s.content,
                "kind": s.kind,
                "score": s.score,
                "start": s.start,
                "end": s.end,
                "channel": channel_label(s),
            }
        )
    out = [
        {
            "actor": aid,
            "name": names.get(aid, "Anonymous or unresolved speakers")
            if aid
            else "Anonymous or unresolved speakers",
            "statements": sts,
        }
        for aid, sts in groups.items()
    ]
    out.sort(key=lambda g: (g["actor"] is None, -len(g["statements"]), g["name"]))
    return out


def timeline_rows(story: Story) -> list[dict[str, Any]]:
    """Events by date with their outlets, one source per article (the earliest mention) and a
    short label from the words around the trigger (brief.event_label; the report replaces it
    with a parsed one)."""
    from storylens.report.brief import event_label

    art = {a.id: a for a in story.articles}
    rows = []
    for e in story.events:
        outlets = sorted(
            {art[m.article].outlet or "unknown outlet" for m in e.mentions if m.article in art}
        )
        firsts: dict[str, Any] = {}
        for m in sorted(e.mentions, key=lambda m: (art[m.article].published or "9999"
                                                   if m.article in art else "9999",
                                                   m.article, m.start)):  # fmt: skip
            firsts.setdefault(m.article, m)
        mentions = list(firsts.values())
        first = mentions[0] if mentions else None
        label = (
            event_label(first.text, first.trigger_start - first.start,
                        first.trigger_end - first.start, first.participants)
            if first is not None and first.text
            else ""
        )  # fmt: skip
        rows.append(
            {
                "id": e.id,
                "date": e.date,
                "precision": e.date_precision,
                "description": e.description,
                "label": label or e.description[:60],
                "outlets": outlets,
                "outlet_count": len(outlets),
                "mention_count": len(mentions),
                "mentions": [
                    {
                        "article": m.article,
                        "start": m.start,
                        "end": m.end,
                        "text": art[m.article].text[m.start : m.end]
                        if m.article in art
                        else m.text,
                        "outlet": art[m.article].outlet if m.article in art else None,
                        "trigger": m.trigger_start - m.start,
                        "date_source": art[m.article].published_source
                        if m.article in art
                        else None,
                    }
                    for m in mentions
                ],
            }
        )
    rows.sort(key=lambda r: (r["date"] or "9999", r["id"]))
    return rows


def _chart_date(value: str) -> str:
    """Vega-Lite needs a full date: month and year precision are drawn at their first day."""
    parts = value.split("-")
    while len(parts) < 3:
        parts.append("01")
    return "-".join(parts)


def timeline_spec(story: Story) -> dict[str, Any]:
    """A Vega-Lite spec: one mark per event, colour by the number of outlets reporting it."""
    return timeline_spec_from_rows(timeline_rows(story))


TIMELINE_FOCUS_DAYS = 31  # the window the timeline opens on: the month with most dated events


def _focus(dates: list[str]) -> list[str] | None:
    """[first, last] ISO day of the TIMELINE_FOCUS_DAYS window holding most day-dated events
    (earliest such window), or None when fewer than two events have a day."""
    from datetime import date, timedelta

    days = sorted(date.fromisoformat(d) for d in dates if len(d) == 10)
    if len(days) < 2:
        return None
    best, best_n = days[0], 0
    for i, d in enumerate(days):
        n = sum(1 for x in days[i:] if x < d + timedelta(days=TIMELINE_FOCUS_DAYS))
        if n > best_n:
            best, best_n = d, n
    if best_n < 2:
        return None
    return [
        (best - timedelta(days=2)).isoformat(),
        (best + timedelta(days=TIMELINE_FOCUS_DAYS)).isoformat(),
    ]


def _datetime(iso: str) -> dict[str, int]:
    y, m, d = (int(x) for x in iso.split("-"))
    return {"year": y, "month": m, "date": d}


def timeline_spec_from_rows(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The timeline spec from rows shaped like `timeline_rows` (the web UI builds them in SQL).

    Two views (issue 14: 2008-2023 on one axis squeezed ten days of January 2020 into one
    column): below, every event on the whole time axis, where dragging brushes an interval
    (the wheel zooms it, dragging it pans); above, one row per event of that interval with
    its short label. It opens on the month with the most dated events.
    """
    rows = [r for r in rows if r["date"]]
    values = [
        {
            "date": _chart_date(r["date"]),
            "label": r["date"],
            "precision": r["precision"],
            "event": f"{r['date']} · {r.get('label') or r['description'][:60]}",
            "order": i,
            "outlets": r["outlet_count"],
            "reported_by": ", ".join(r["outlets"]),
            "id": r["id"],
        }
        for i, r in enumerate(rows)
    ]
    focus = _focus([r["date"] for r in rows])
    brush: dict[str, Any] = {
        "name": "brush",
        "select": {
            "type": "interval",
            "encodings": ["x"],
            "mark": {"fill": "#ff9f1c", "fillOpacity": 0.35, "stroke": "#e08600"},
        },
    }
    if focus:
        brush["value"] = {"x": [_datetime(focus[0]), _datetime(focus[1])]}
    color = {
        "field": "outlets",
        "type": "ordinal",
        "title": "outlets reporting",
        "scale": {"scheme": "viridis"},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Events by date; colour = number of outlets reporting the event; "
        "brush the lower strip to choose the interval shown above",
        "data": {"values": values},
        "vconcat": [
            {
                "width": "container",
                "height": {"step": 18},
                "transform": [{"filter": {"param": "brush"}}],
                "mark": {"type": "point", "filled": True, "size": 120, "opacity": 0.9},
                "encoding": {
                    "x": {"field": "date", "type": "temporal", "title": None,
                          "scale": {"domain": {"param": "brush", "encoding": "x"}}},
                    "y": {
                        "field": "event",
                        "type": "nominal",
                        "title": None,
                        "sort": {"field": "order"},
                        "axis": {"labelLimit": 420},
                    },
                    "shape": {"field": "precision", "type": "nominal", "title": "date precision"},
                    "color": color,
                    "tooltip": [
                        {"field": "label", "title": "date"},
                        {"field": "event"},
                        {"field": "reported_by", "title": "reported by"},
                    ],
                },
            },
            {
                "width": "container",
                "height": 44,
                "params": [brush],
                "mark": {"type": "tick", "thickness": 2},
                "encoding": {
                    "x": {"field": "date", "type": "temporal",
                          "title": "all events: drag to choose the interval above"},
                    "color": {**color, "legend": None},
                },
            },
        ],
        "resolve": {"scale": {"color": "shared"}},
        "config": {"legend": {"orient": "bottom", "direction": "horizontal"}},
    }  # fmt: skip


def claim_matrix(story: Story) -> dict[str, Any]:
    """Outlet x claim: which outlet carries which claim (number of statements)."""
    outlet_of = {a.id: a.outlet or "unknown outlet" for a in story.articles}
    st_article = {s.id: s.article for s in story.statements()}
    outlets = sorted({outlet_of[a.id] for a in story.articles})
    rows = []
    for c in story.claims:
        counts = Counter(outlet_of[st_article[s]] for s in c.statements if s in st_article)
        rows.append(
            {
                "id": c.id,
                "text": c.text,
                "cells": [counts.get(o, 0) for o in outlets],
                "outlets": len(counts),
                "independent": c.independent_sources,
            }
        )
    # Most independently confirmed first (issue 13), then most outlets.
    rows.sort(key=lambda r: (-(r["independent"] or 0), -r["outlets"], r["id"]))
    return {"outlets": outlets, "rows": rows}


def channel_label(s: Statement) -> str:
    """How the outlet knows a statement, in words: "own reporting", "via Al-Akhbar",
    "anonymous source", "document", "unknown" (issue 13)."""
    if s.channel == "own":
        return "own reporting"
    if s.channel == "outlet":
        return f"via {s.channel_source}" if s.channel_source else "via another outlet"
    if s.channel == "anonymous":
        return "anonymous source"
    if s.channel == "document":
        return "document"
    return "unknown"


def sourcing_rows(story: Story) -> dict[str, Any]:
    """The report's sourcing section: the graph's edges in words, channel counts per outlet,
    and what each article shares with whom (issue 13)."""
    from storylens.export.sourcing import sourcing_graph

    graph = sourcing_graph(story)
    name = {n["id"]: n["name"] for n in graph["nodes"]}
    edges = [
        {**e, "source_name": name[e["source"]], "target_name": name[e["target"]]}
        for e in graph["edges"]
        if e["kind"] in ("relays", "copies") or not e["target"].startswith("actor:")
    ]
    art = {a.id: a for a in story.articles}
    channels = ("own", "outlet", "anonymous", "document", "unknown")
    per_outlet: dict[str, Counter[str]] = defaultdict(Counter)
    for s in story.statements():
        per_outlet[art[s.article].outlet or article_label(art[s.article])][
            s.channel or "unknown"
        ] += 1
    outlets = [
        {"outlet": o, "counts": [per_outlet[o][c] for c in channels]} for o in sorted(per_outlet)
    ]
    copies = []
    for p in story.copies:
        a, b = art.get(p.a), art.get(p.b)
        if a is None or b is None:
            continue
        copies.append(
            {
                "a": p.a, "a_label": article_label(a), "a_start": p.a_start, "a_end": p.a_end,
                "b": p.b, "b_label": article_label(b), "b_start": p.b_start, "b_end": p.b_end,
                "similarity": p.similarity,
                "earlier": article_label(art[p.earlier]) if p.earlier in art else None,
                "text": a.text[p.a_start : p.a_end],
            }
        )  # fmt: skip
    return {"edges": edges, "channels": channels, "outlets": outlets, "copies": copies}


def contradiction_rows(story: Story) -> list[dict[str, Any]]:
    st = {s.id: s for s in story.statements()}
    art = {a.id: a for a in story.articles}
    names = {x.id: x.name for x in story.actors}
    rows = []
    for r in story.relations:
        if r.type != "contradict" or r.a not in st or r.b not in st:
            continue
        sides = []
        for sid in (r.a, r.b):
            s = st[sid]
            sides.append(
                {
                    "id": s.id,
                    "article": s.article,
                    "speaker": names.get(s.speaker_actor or "", s.speaker_text or "unattributed"),
                    "outlet": art[s.article].outlet,
                    "date": s.date or art[s.article].published,
                    "content": s.content,
                    "start": s.start,
                    "end": s.end,
                }
            )
        rows.append(
            {"score": r.score, "why": r.why, "possible": r.possible, "a": sides[0], "b": sides[1]}
        )
    rows.sort(key=lambda x: -x["score"])
    return rows
