"""Focused SQL for each page of the web UI.

Why not `Store.load_story()`: it loads every article, and a page must answer in well under
100 ms on a 10,000-article story. Each page runs a few indexed queries with LIMIT/OFFSET.
What cannot change while the server runs (counts, outlets, the timeline, the claims matrix,
per-actor totals) is computed once in `Snapshot.build` and kept in the app state; an edit
(`--allow-edits`) rebuilds it.

Every value from a request is a bound parameter; the only SQL text assembled here is from
constants in this module.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from storylens.report.views import timeline_spec_from_rows
from storylens.web.fts import fts_query

__all__ = [
    "PAGE_SIZE",
    "Snapshot",
    "actor_detail",
    "actors_page",
    "article_meta",
    "articles_page",
    "like_pattern",
    "statements_page",
]

PAGE_SIZE = 50
TIMELINE_SOURCES_PER_EVENT = 5  # links shown per event; the rest are counted
UNKNOWN_OUTLET = "unknown outlet"


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with % and _ escaped (ESCAPE '\\')."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(slots=True)
class ActorStats:
    mentions: int = 0
    statements: int = 0
    per_outlet: dict[str, int] = field(default_factory=dict)
    first: dict[str, Any] | None = None


@dataclass(slots=True)
class Snapshot:
    """What is static per database: computed at startup, rebuilt after an edit."""

    counts: dict[str, int]
    outlets: list[dict[str, Any]]
    date_range: tuple[str | None, str | None]
    timeline: list[dict[str, Any]]
    timeline_spec: dict[str, Any]
    matrix: dict[str, Any]
    contradictions: list[dict[str, Any]]
    actor_stats: dict[str, ActorStats]
    actor_rank: dict[str, int]  # actor id -> position in the default order (most quoted first)

    @classmethod
    def build(cls, conn: sqlite3.Connection) -> Snapshot:
        counts = {
            t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("articles", "actors", "statements", "events", "claims", "mentions")
        }
        counts["contradictions"] = int(
            conn.execute("SELECT count(*) FROM relations WHERE type='contradict'").fetchone()[0]
        )
        outlets = [
            {"outlet": r[0], "articles": r[1], "first": r[2], "last": r[3]}
            for r in conn.execute(
                "SELECT coalesce(outlet, ?), count(*), min(published), max(published)"
                " FROM articles GROUP BY 1 ORDER BY 2 DESC, 1",
                (UNKNOWN_OUTLET,),
            )
        ]
        lo, hi = conn.execute("SELECT min(published), max(published) FROM articles").fetchone()
        timeline = _timeline_rows(conn)
        stats, rank = _actor_stats(conn)
        return cls(
            counts=counts,
            outlets=outlets,
            date_range=(lo, hi),
            timeline=timeline,
            timeline_spec=timeline_spec_from_rows(timeline),
            matrix=_claim_matrix(conn),
            contradictions=_contradictions(conn),
            actor_stats=stats,
            actor_rank=rank,
        )

    @property
    def outlet_names(self) -> list[str]:
        return sorted(o["outlet"] for o in self.outlets)


def _timeline_rows(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Events by date, the outlets reporting each, and a few source spans (views.timeline_rows)."""
    outlets: dict[str, set[str]] = defaultdict(set)
    for event, outlet in conn.execute(
        "SELECT DISTINCT em.event, coalesce(a.outlet, ?) FROM event_mentions em"
        " JOIN articles a ON a.id = em.article WHERE em.event IS NOT NULL",
        (UNKNOWN_OUTLET,),
    ):
        outlets[event].add(outlet)
    sources: dict[str, list[dict[str, Any]]] = defaultdict(list)
    totals: Counter[str] = Counter()
    for r in conn.execute(
        'SELECT event, article, start, "end", text, outlet FROM ('
        '  SELECT em.event, em.article, em.start, em."end", em.text, a.outlet,'
        "   row_number() OVER (PARTITION BY em.event ORDER BY a.published, em.article, em.start) AS n"
        "  FROM event_mentions em JOIN articles a ON a.id = em.article WHERE em.event IS NOT NULL"
        ") WHERE n <= ?",
        (TIMELINE_SOURCES_PER_EVENT,),
    ):
        sources[r[0]].append(
            {"article": r[1], "start": r[2], "end": r[3], "text": r[4], "outlet": r[5]}
        )
    for event, n in conn.execute(
        "SELECT event, count(*) FROM event_mentions WHERE event IS NOT NULL GROUP BY event"
    ):
        totals[event] = n
    rows = []
    for r in conn.execute("SELECT id, date, date_precision, description FROM events"):
        outs = sorted(outlets.get(r[0], ()))
        rows.append(
            {
                "id": r[0],
                "date": r[1],
                "precision": r[2],
                "description": r[3],
                "outlets": outs,
                "outlet_count": len(outs),
                "mention_count": totals.get(r[0], 0),
                "mentions": sources.get(r[0], []),
            }
        )
    rows.sort(key=lambda r: (r["date"] or "9999", r["id"]))
    return rows


def _claim_matrix(conn: sqlite3.Connection) -> dict[str, Any]:
    """Outlet x claim statement counts: the same shape as views.claim_matrix."""
    outlets = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT coalesce(outlet, ?) FROM articles ORDER BY 1", (UNKNOWN_OUTLET,)
        )
    ]
    col = {o: i for i, o in enumerate(outlets)}
    cells: dict[str, list[int]] = {}
    texts = {r[0]: r[1] for r in conn.execute("SELECT id, text FROM claims")}
    for claim, outlet, n in conn.execute(
        "SELECT cs.claim, coalesce(a.outlet, ?), count(*) FROM claim_statements cs"
        " JOIN statements s ON s.id = cs.statement JOIN articles a ON a.id = s.article"
        " GROUP BY 1, 2",
        (UNKNOWN_OUTLET,),
    ):
        cells.setdefault(claim, [0] * len(outlets))[col[outlet]] = n
    rows = [
        {
            "id": cid,
            "text": text,
            "cells": cells.get(cid, [0] * len(outlets)),
            "outlets": sum(1 for n in cells.get(cid, []) if n),
        }
        for cid, text in texts.items()
    ]
    rows.sort(key=lambda r: (-r["outlets"], r["id"]))
    return {"outlets": outlets, "rows": rows}


_SIDE_SQL = (
    "SELECT s.id, s.article, coalesce(x.name, s.speaker_text, 'unattributed'), a.outlet,"
    ' coalesce(s.date, a.published), s.content, s.start, s."end", s.speaker_actor'
    " FROM statements s JOIN articles a ON a.id = s.article"
    " LEFT JOIN actors x ON x.id = s.speaker_actor WHERE s.id = ?"
)


def _contradictions(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Contradicting statement pairs, strongest first (views.contradiction_rows' shape)."""
    rows = []
    for a, b, score, why in conn.execute(
        "SELECT a, b, score, why FROM relations WHERE type='contradict' ORDER BY score DESC, rowid"
    ):
        sides = []
        for sid in (a, b):
            r = conn.execute(_SIDE_SQL, (sid,)).fetchone()
            if r is None:
                break
            sides.append(
                {
                    "id": r[0],
                    "article": r[1],
                    "speaker": r[2],
                    "outlet": r[3],
                    "date": r[4],
                    "content": r[5],
                    "start": r[6],
                    "end": r[7],
                    "actor": r[8],
                }
            )
        if len(sides) == 2:
            rows.append({"score": score, "why": why, "a": sides[0], "b": sides[1]})
    return rows


def _actor_stats(conn: sqlite3.Connection) -> tuple[dict[str, ActorStats], dict[str, int]]:
    stats: dict[str, ActorStats] = {
        r[0]: ActorStats() for r in conn.execute("SELECT id FROM actors")
    }
    for actor, outlet, n in conn.execute(
        "SELECT m.actor, coalesce(a.outlet, ?), count(*) FROM mentions m"
        " JOIN articles a ON a.id = m.article WHERE m.actor IS NOT NULL GROUP BY 1, 2",
        (UNKNOWN_OUTLET,),
    ):
        if actor in stats:
            stats[actor].per_outlet[outlet] = n
            stats[actor].mentions += n
    for actor, n in conn.execute(
        "SELECT speaker_actor, count(*) FROM statements WHERE speaker_actor IS NOT NULL GROUP BY 1"
    ):
        if actor in stats:
            stats[actor].statements = n
    for actor, _id, article, start, end in conn.execute(
        'SELECT actor, min(id), article, start, "end" FROM mentions'
        " WHERE actor IS NOT NULL GROUP BY actor"
    ):
        if actor in stats:
            stats[actor].first = {"article": article, "start": start, "end": end}
    for st in stats.values():
        st.per_outlet = dict(sorted(st.per_outlet.items(), key=lambda kv: (-kv[1], kv[0])))
    names = {r[0]: r[1] for r in conn.execute("SELECT id, name FROM actors")}
    order = sorted(stats, key=lambda a: (-stats[a].statements, -stats[a].mentions, names[a]))
    return stats, {a: i for i, a in enumerate(order)}


# -- per-request queries ----------------------------------------------------------------------


def articles_page(conn: sqlite3.Connection, page: int) -> list[dict[str, Any]]:
    """Articles by publication date (undated last), one page, without their text."""
    return [
        dict(r)
        for r in conn.execute(
            "SELECT a.id, a.path, a.outlet, a.published, a.title, a.language, a.analysed, a.note,"
            " (SELECT count(*) FROM statements s WHERE s.article = a.id) AS statements"
            " FROM articles a ORDER BY a.published IS NULL, a.published, a.path LIMIT ? OFFSET ?",
            (PAGE_SIZE, (page - 1) * PAGE_SIZE),
        )
    ]


def _actor_row(r: sqlite3.Row, snap: Snapshot) -> dict[str, Any]:
    st = snap.actor_stats.get(r["id"], ActorStats())
    return {
        "id": r["id"],
        "name": r["name"],
        "type": r["type"],
        "role": r["role"],
        "aliases": json.loads(r["aliases"]),
        "mentions": st.mentions,
        "statements": st.statements,
        "per_outlet": st.per_outlet,
        "first": st.first,
    }


def actors_page(
    conn: sqlite3.Connection, snap: Snapshot, *, q: str, kind: str | None, page: int
) -> tuple[list[dict[str, Any]], int]:
    """Actors whose name or an alias contains `q` (case-insensitive), most quoted first."""
    sql = "SELECT id, name, type, role, aliases FROM actors WHERE 1=1"
    params: list[Any] = []
    if q:
        sql += (
            " AND (name LIKE ? ESCAPE '\\' OR id IN"
            " (SELECT actor FROM actor_aliases WHERE alias LIKE ? ESCAPE '\\'))"
        )
        params += [like_pattern(q), like_pattern(q)]
    if kind:
        sql += " AND type = ?"
        params.append(kind)
    rows = list(conn.execute(sql, params))
    rows.sort(key=lambda r: snap.actor_rank.get(r["id"], len(snap.actor_rank)))
    start = (page - 1) * PAGE_SIZE
    return [_actor_row(r, snap) for r in rows[start : start + PAGE_SIZE]], len(rows)


_STATEMENT_COLUMNS = (
    's.id, s.article, s.start, s."end", s.content, s.kind, s.cue, s.speaker_text, s.score,'
    " s.speaker_actor, x.name AS speaker_name, a.outlet, coalesce(s.date, a.published) AS date"
)


def actor_detail(
    conn: sqlite3.Connection, snap: Snapshot, actor_id: str, page: int
) -> dict[str, Any] | None:
    """One actor: its row, statements over time (one page), and which outlets quote it."""
    r = conn.execute(
        "SELECT id, name, type, role, aliases FROM actors WHERE id = ?", (actor_id,)
    ).fetchone()
    if r is None:
        return None
    row = _actor_row(r, snap)
    row["statement_list"] = [
        dict(s)
        for s in conn.execute(
            f"SELECT {_STATEMENT_COLUMNS} FROM statements s JOIN articles a ON a.id = s.article"
            " LEFT JOIN actors x ON x.id = s.speaker_actor WHERE s.speaker_actor = ?"
            " ORDER BY date IS NULL, date, s.article, s.start LIMIT ? OFFSET ?",
            (actor_id, PAGE_SIZE, (page - 1) * PAGE_SIZE),
        )
    ]
    row["quoted_by"] = [
        {"outlet": o, "statements": n, "first": lo, "last": hi}
        for o, n, lo, hi in conn.execute(
            "SELECT coalesce(a.outlet, ?), count(*), min(coalesce(s.date, a.published)),"
            " max(coalesce(s.date, a.published)) FROM statements s"
            " JOIN articles a ON a.id = s.article WHERE s.speaker_actor = ?"
            " GROUP BY 1 ORDER BY 2 DESC, 1",
            (UNKNOWN_OUTLET, actor_id),
        )
    ]
    row["by_date"] = [
        {"date": d, "statements": n}
        for d, n in conn.execute(
            "SELECT coalesce(s.date, a.published) AS d, count(*) FROM statements s"
            " JOIN articles a ON a.id = s.article WHERE s.speaker_actor = ? AND d IS NOT NULL"
            " GROUP BY 1 ORDER BY 1",
            (actor_id,),
        )
    ]
    return row


def statements_page(
    conn: sqlite3.Connection,
    *,
    q: str,
    speaker: str,
    outlet: str,
    date_from: str | None,
    date_to: str | None,
    page: int,
) -> tuple[list[dict[str, Any]], int]:
    """Who said what: FTS5 over statement text and speaker words, with filters; one page.

    `speaker` is an actor id, or else words matched against the actor's name and the
    speaker as written. Dates compare as ISO strings, so "2020" matches "2020-01-06" via
    the prefix range [from, to + "\\uffff").
    """
    where: list[str] = []
    params: list[Any] = []
    source = "statements s"
    match = fts_query(q) if q else None
    if q and match is None:
        return [], 0
    if match:
        source = "statements_fts f JOIN statements s ON s.rowid = f.rowid"
        where.append("statements_fts MATCH ?")
        params.append(match)
    if speaker:
        where.append(
            "(s.speaker_actor = ? OR x.name LIKE ? ESCAPE '\\' OR s.speaker_text LIKE ? ESCAPE '\\')"
        )
        params += [speaker, like_pattern(speaker), like_pattern(speaker)]
    if outlet:
        where.append("coalesce(a.outlet, ?) = ?")
        params += [UNKNOWN_OUTLET, outlet]
    if date_from:
        where.append("coalesce(s.date, a.published) >= ?")
        params.append(date_from)
    if date_to:
        where.append("coalesce(s.date, a.published) < ?")
        params.append(date_to + "\uffff")
    body = (
        f" FROM {source} JOIN articles a ON a.id = s.article"
        " LEFT JOIN actors x ON x.id = s.speaker_actor"
        + (" WHERE " + " AND ".join(where) if where else "")
    )
    total = int(conn.execute("SELECT count(*)" + body, params).fetchone()[0])
    order = " ORDER BY f.rank" if match else " ORDER BY s.rowid"
    rows = [
        dict(r)
        for r in conn.execute(
            f"SELECT {_STATEMENT_COLUMNS}" + body + order + " LIMIT ? OFFSET ?",
            [*params, PAGE_SIZE, (page - 1) * PAGE_SIZE],
        )
    ]
    return rows, total


def article_meta(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    r = conn.execute(
        "SELECT id, path, outlet, outlet_source, published, published_source, title, url,"
        " language, analysed, note FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    return dict(r) if r else None


def actor_names_in(conn: sqlite3.Connection, article_id: str) -> dict[tuple[int, int], str]:
    """(start, end) of each resolved mention in one article -> its actor's name (tooltips)."""
    return {
        (r[0], r[1]): r[2]
        for r in conn.execute(
            'SELECT m.start, m."end", x.name FROM mentions m JOIN actors x ON x.id = m.actor'
            " WHERE m.article = ?",
            (article_id,),
        )
    }
