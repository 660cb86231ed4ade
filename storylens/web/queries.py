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
    "COUNT_CAP",
    "PAGE_SIZE",
    "Snapshot",
    "actor_detail",
    "actors_page",
    "article_meta",
    "articles_page",
    "find_actor",
    "like_pattern",
    "statements_page",
]

PAGE_SIZE = 50
TIMELINE_SOURCES_PER_EVENT = 5  # links shown per event; the rest are counted
UNKNOWN_OUTLET = "unknown outlet"


def find_actor(conn: sqlite3.Connection, ref: str) -> str | None:
    """The id of the actor named by id, name or alias (case-insensitive), or None.

    The same lookup as the corrections use (`resolve.actors._find`): an id first, then the
    first actor in stored order whose name or an alias matches.
    """
    low = ref.strip().lower()
    rows = conn.execute("SELECT id, name, aliases FROM actors ORDER BY rowid").fetchall()
    for r in rows:
        if r[0].lower() == low:
            return str(r[0])
    for r in rows:
        if r[1].lower() == low or any(str(a).lower() == low for a in json.loads(r[2] or "[]")):
            return str(r[0])
    return None


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
    quoted_by: dict[str, list[dict[str, Any]]]  # actor id -> outlets quoting it
    by_date: dict[str, list[dict[str, Any]]]  # actor id -> statements per date

    @classmethod
    def build(cls, conn: sqlite3.Connection) -> Snapshot:
        """Every figure from one read transaction, ended before returning.

        Why end it: the temp-table INSERTs open a transaction (Python's sqlite3 begins one
        before DML) that would otherwise stay open, pinning the connection to the database
        as it was at startup: articles a later `analyze` adds were never seen.
        """
        conn.executescript(_FACETS_SQL)  # commits whatever is pending first
        conn.execute("BEGIN")
        try:
            return cls._build(conn)
        finally:
            conn.commit()

    @classmethod
    def _build(cls, conn: sqlite3.Connection) -> Snapshot:
        _build_facets(conn)
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
        quoted_by: dict[str, list[dict[str, Any]]] = defaultdict(list)
        # first/last, not lo/hi: this loop once overwrote the story's date range (issue 14)
        for actor, outlet, n, first, last in conn.execute(
            "SELECT speaker, outlet, count(*), min(date), max(date) FROM temp.stmt_facets"
            " WHERE speaker IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2"
        ):
            quoted_by[actor].append(
                {"outlet": outlet, "statements": n, "first": first, "last": last}
            )
        by_date: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for actor, day, n in conn.execute(
            "SELECT speaker, date, count(*) FROM temp.stmt_facets"
            " WHERE speaker IS NOT NULL AND date IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"
        ):
            by_date[actor].append({"date": day, "statements": n})
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
            quoted_by=dict(quoted_by),
            by_date=dict(by_date),
        )

    @property
    def outlet_names(self) -> list[str]:
        return sorted(o["outlet"] for o in self.outlets)


_FACETS_SQL = """
DROP TABLE IF EXISTS temp.stmt_facets;
DROP TABLE IF EXISTS temp.article_order;
CREATE TEMP TABLE stmt_facets(rid INTEGER PRIMARY KEY, outlet TEXT NOT NULL, date TEXT, speaker TEXT);
CREATE TEMP TABLE article_order(pos INTEGER PRIMARY KEY, id TEXT NOT NULL);
"""


def _build_facets(conn: sqlite3.Connection) -> None:
    """Fill the per-connection TEMP tables (made by _FACETS_SQL) and index them.

    Why TEMP: the story database is opened read-only, yet "statements of this outlet between
    these dates, newest first" must not scan 180,000 rows per request. A temp table lives in
    the connection (the file is untouched) and costs about 0.5 s at startup for 10,000
    articles. A store migration adding these indexes would make this unnecessary.
    """
    conn.execute(
        "INSERT INTO temp.stmt_facets SELECT s.rowid, coalesce(a.outlet, ?),"
        " coalesce(s.date, a.published), s.speaker_actor"
        " FROM statements s JOIN articles a ON a.id = s.article",
        (UNKNOWN_OUTLET,),
    )
    conn.execute("CREATE INDEX temp.stmt_facets_date ON stmt_facets(date)")
    conn.execute("CREATE INDEX temp.stmt_facets_outlet ON stmt_facets(outlet, date)")
    conn.execute("CREATE INDEX temp.stmt_facets_speaker ON stmt_facets(speaker, date)")
    conn.execute(
        "INSERT INTO temp.article_order(id) SELECT id FROM articles"
        " ORDER BY published IS NULL, published, path"
    )


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
    independent = {r[0]: r[1] for r in conn.execute("SELECT id, independent_sources FROM claims")}
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
            "independent": independent.get(cid),
        }
        for cid, text in texts.items()
    ]
    # most independently confirmed first (issue 13), as views.claim_matrix
    rows.sort(key=lambda r: (-(r["independent"] or 0), -r["outlets"], r["id"]))
    return {"outlets": outlets, "rows": rows}


_SIDES_SQL = (
    "SELECT s.id, s.article, coalesce(x.name, s.speaker_text, 'unattributed'), a.outlet,"
    ' coalesce(s.date, a.published), s.content, s.start, s."end", s.speaker_actor'
    " FROM statements s JOIN articles a ON a.id = s.article"
    " LEFT JOIN actors x ON x.id = s.speaker_actor WHERE s.id IN"
    " (SELECT a FROM relations WHERE type='contradict' UNION SELECT b FROM relations"
    " WHERE type='contradict')"
)
_SIDE_KEYS = ("id", "article", "speaker", "outlet", "date", "content", "start", "end", "actor")


def _contradictions(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Contradicting statement pairs, strongest first (views.contradiction_rows' shape)."""
    sides = {r[0]: dict(zip(_SIDE_KEYS, r, strict=True)) for r in conn.execute(_SIDES_SQL)}
    return [
        {"score": score, "why": why, "a": sides[a], "b": sides[b]}
        for a, b, score, why in conn.execute(
            "SELECT a, b, score, why FROM relations WHERE type='contradict'"
            " ORDER BY score DESC, rowid"
        )
        if a in sides and b in sides
    ]


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
    lo = (page - 1) * PAGE_SIZE
    return [
        dict(r)
        for r in conn.execute(
            "SELECT a.id, a.path, a.outlet, a.published, a.title, a.language, a.analysed, a.note,"
            " (SELECT count(*) FROM statements s WHERE s.article = a.id) AS statements"
            " FROM temp.article_order o JOIN articles a ON a.id = o.id"
            " WHERE o.pos > ? AND o.pos <= ? ORDER BY o.pos",
            (lo, lo + PAGE_SIZE),
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
    " s.speaker_actor, x.name AS speaker_name, a.outlet, f.date AS date, s.channel,"
    " s.channel_source"
)
_STATEMENT_JOINS = (
    " CROSS JOIN statements s ON s.rowid = f.rid JOIN articles a ON a.id = s.article"
    " LEFT JOIN actors x ON x.id = s.speaker_actor"
)
COUNT_CAP = (
    1000  # result counts stop here ("1000+"): counting 60,000 matches costs more than a page
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
            f"SELECT {_STATEMENT_COLUMNS} FROM temp.stmt_facets f {_STATEMENT_JOINS}"
            " WHERE f.speaker = ? ORDER BY f.date, f.rid LIMIT ? OFFSET ?",
            (actor_id, PAGE_SIZE, (page - 1) * PAGE_SIZE),
        )
    ]
    row["quoted_by"] = snap.quoted_by.get(actor_id, [])
    row["by_date"] = snap.by_date.get(actor_id, [])
    return row


def _speaker_condition(conn: sqlite3.Connection, speaker: str) -> tuple[str, list[Any]]:
    """An actor id matches exactly; other text matches actor names, aliases and the
    speaker words as written (through FTS, so no scan)."""
    if conn.execute("SELECT 1 FROM actors WHERE id = ?", (speaker,)).fetchone():
        return "f.speaker = ?", [speaker]
    pattern = like_pattern(speaker)
    cond = (
        "(f.speaker IN (SELECT id FROM actors WHERE name LIKE ? ESCAPE '\\'"
        " UNION SELECT actor FROM actor_aliases WHERE alias LIKE ? ESCAPE '\\')"
    )
    params: list[Any] = [pattern, pattern]
    words = fts_query(speaker)
    if words:
        cond += " OR f.rid IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)"
        params.append("speaker_text : (" + words + ")")
    return cond + ")", params


def statements_page(
    conn: sqlite3.Connection,
    *,
    q: str,
    speaker: str,
    outlet: str,
    date_from: str | None,
    date_to: str | None,
    page: int,
) -> tuple[list[dict[str, Any]], int, bool]:
    """Who said what: FTS5 over statement text and speaker words, with filters; one page.

    Returns (rows, total, capped): total stops at COUNT_CAP (capped=True), and the pages with
    it. `speaker` is an actor id, or else words matched against actor names, aliases and the
    speaker as written. Dates compare as ISO strings, so "2020" matches "2020-01-06" via the
    prefix range [from, to + "\\uffff"). Newest first within the filters.
    """
    where: list[str] = []
    params: list[Any] = []
    if q:
        match = fts_query(q)
        if match is None:
            return [], 0, False
        where.append("statements_fts MATCH ?")
        params.append(match)
    if speaker:
        cond, more = _speaker_condition(conn, speaker)
        where.append(cond)
        params += more
    if outlet:
        where.append("f.outlet = ?")
        params.append(outlet)
    if date_from:
        where.append("f.date >= ?")
        params.append(date_from)
    if date_to:
        where.append("f.date < ?")
        params.append(date_to + "\uffff")
    cond = " WHERE " + " AND ".join(where) if where else ""
    # Newest first, as the page says, with words too (issue 14: the FTS rowid order was not):
    # FTS5 finds the matches, then they are sorted by date, so a common word costs one sort
    # of its matches.
    source = "temp.stmt_facets f"
    order = " ORDER BY f.date DESC, f.rid DESC"
    if q:
        source = "statements_fts CROSS JOIN temp.stmt_facets f ON f.rid = statements_fts.rowid"
    total = int(
        conn.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {source}{cond} LIMIT ?)",
            [*params, COUNT_CAP + 1],
        ).fetchone()[0]
    )
    offset = (page - 1) * PAGE_SIZE
    if offset >= min(total, COUNT_CAP):
        return [], min(total, COUNT_CAP), total > COUNT_CAP
    rows = [
        dict(r)
        for r in conn.execute(
            f"SELECT {_STATEMENT_COLUMNS} FROM {source}"
            " CROSS JOIN statements s ON s.rowid = f.rid JOIN articles a ON a.id = s.article"
            f" LEFT JOIN actors x ON x.id = s.speaker_actor{cond}{order} LIMIT ? OFFSET ?",
            [*params, PAGE_SIZE, offset],
        )
    ]
    return rows, min(total, COUNT_CAP), total > COUNT_CAP


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


def sourcing_data(conn: sqlite3.Connection) -> dict[str, Any]:
    """The sourcing graph (storylens.export.sourcing) and channel counts per outlet, read
    from the tables without article texts (issue 13)."""
    from storylens.export.sourcing import sourcing_graph
    from storylens.model import Actor, Article, ArticleRecords, CopiedPassage, Statement, Story
    from storylens.resolve.sourcing import CHANNELS

    statements: dict[str, list[Statement]] = defaultdict(list)
    for r in conn.execute(
        'SELECT id, article, start, "end", kind, cue, speaker_text, speaker_start, speaker_end,'
        " speaker_actor, channel, channel_source, channel_start, channel_end FROM statements"
        " ORDER BY article, start, id"
    ):
        statements[r[1]].append(
            Statement(
                id=r[0], article=r[1], start=r[2], end=r[3], content="", kind=r[4], cue=r[5],
                speaker_text=r[6], speaker_start=r[7], speaker_end=r[8], speaker_actor=r[9],
                channel=r[10], channel_source=r[11], channel_start=r[12], channel_end=r[13],
            )
        )  # fmt: skip
    records = [
        ArticleRecords(
            article=Article(id=r[0], path=r[1], text="", outlet=r[2], published=r[3]),
            statements=tuple(statements.get(r[0], ())),
        )
        for r in conn.execute("SELECT id, path, outlet, published FROM articles ORDER BY id")
    ]
    actors = [
        Actor(id=r[0], name=r[1], type=r[2])
        for r in conn.execute("SELECT id, name, type FROM actors ORDER BY id")
    ]
    copies = [
        CopiedPassage(*r)
        for r in conn.execute(
            "SELECT a, a_start, a_end, b, b_start, b_end, similarity, earlier FROM copies"
            " ORDER BY a, a_start, b, b_start"
        )
    ]
    story = Story(records=records, actors=actors, copies=copies)
    graph = sourcing_graph(story)
    per_outlet: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(CHANNELS, 0))
    for rec in records:
        outlet = rec.article.outlet or UNKNOWN_OUTLET
        for st in rec.statements:
            per_outlet[outlet][st.channel or "unknown"] += 1
    channels = [
        {"outlet": o, "channel": c, "statements": n}
        for o in sorted(per_outlet)
        for c, n in per_outlet[o].items()
        if n
    ]
    name = {n["id"]: n["name"] for n in graph["nodes"]}
    named = [
        {**e, "source_name": name[e["source"]], "target_name": name[e["target"]]}
        for e in graph["edges"]
    ]
    return {
        "graph": graph,
        "channels": channels,
        "edges": [e for e in named if not e["target"].startswith("actor:")],
        "interviews": [e for e in named if e["target"].startswith("actor:")],
        "copies": [dict(zip(
        ("a", "a_start", "a_end", "b", "b_start", "b_end", "similarity", "earlier"),
        (p.a, p.a_start, p.a_end, p.b, p.b_start, p.b_end, p.similarity, p.earlier),
        strict=True)) for p in copies],
    }  # fmt: skip


def sourcing_spec(channels: list[dict[str, Any]]) -> dict[str, Any]:
    """Vega-Lite: one bar per outlet, its statements stacked by channel; fits 390 px."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": {"step": 22},
        "data": {"values": channels},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "outlet", "type": "nominal", "title": None,
                  "axis": {"labelLimit": 160}},
            "x": {"field": "statements", "type": "quantitative", "title": "statements",
                  "stack": "zero"},
            "color": {"field": "channel", "type": "nominal", "title": "how the outlet knows",
                      "scale": {"domain": ["own", "outlet", "anonymous", "document", "unknown"]},
                      "legend": {"orient": "bottom", "columns": 3}},
        },
    }  # fmt: skip
