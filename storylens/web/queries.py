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

import contextlib
import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from storylens.report.brief import (
    BriefInputs,
    build_brief,
    claim_matrix_rows,
    event_label,
    inputs_from_db,
    ranked_claims,
    short_text,
)
from storylens.report.views import timeline_spec_from_rows
from storylens.web.fts import fts_query

__all__ = [
    "COUNT_CAP",
    "PAGE_SIZE",
    "Snapshot",
    "actor_detail",
    "actor_network",
    "actors_page",
    "article_meta",
    "articles_page",
    "find_actor",
    "like_pattern",
    "network_spec",
    "stance_with_cache",
    "statements_page",
    "warm_stance",
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
    brief: dict[str, Any] = field(default_factory=dict)  # the landing page (report.brief)
    network: dict[str, Any] = field(default_factory=dict)  # actor network (nodes, edges)

    @classmethod
    def build(
        cls, conn: sqlite3.Connection, label_cache: dict[tuple[str, str], str] | None = None
    ) -> Snapshot:
        """Every figure from one read transaction, ended before returning.

        Why end it: the temp-table INSERTs open a transaction (Python's sqlite3 begins one
        before DML) that would otherwise stay open, pinning the connection to the database
        as it was at startup: articles a later `analyze` adds were never seen.
        """
        conn.executescript(_FACETS_SQL)  # commits whatever is pending first
        conn.execute("BEGIN")
        try:
            return cls._build(conn, {} if label_cache is None else label_cache)
        finally:
            conn.commit()

    @classmethod
    def _build(cls, conn: sqlite3.Connection, label_cache: dict[tuple[str, str], str]) -> Snapshot:
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
        timeline = _timeline_rows(conn, label_cache)
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
        inputs = inputs_from_db(conn, timeline)
        labels = _statement_labels(inputs, label_cache)
        brief = build_brief(inputs, labels)
        matrix = _claim_matrix(inputs, labels, [o["outlet"] for o in brief["outlets"]])
        return cls(
            counts=counts,
            outlets=outlets,
            date_range=(lo, hi),
            timeline=timeline,
            timeline_spec=timeline_spec_from_rows(timeline),
            matrix=matrix,
            contradictions=_contradictions(conn, labels),
            actor_stats=stats,
            actor_rank=rank,
            quoted_by=dict(quoted_by),
            by_date=dict(by_date),
            brief=brief,
            network=actor_network(conn),
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


LABELLED_EVENTS = 500  # events given a parsed label (brief.event_label_parsed); the rest: words


def _timeline_rows(
    conn: sqlite3.Connection, label_cache: dict[tuple[str, str], str] | None = None
) -> list[dict[str, Any]]:
    """Events by date, the outlets reporting each, a few source spans (one per article:
    issue 14 saw "Al Jazeera Net, Al Jazeera Net") and a short label (brief.event_label)
    from the earliest mention (views.timeline_rows' shape)."""
    outlets: dict[str, set[str]] = defaultdict(set)
    for event, outlet in conn.execute(
        "SELECT DISTINCT em.event, coalesce(a.outlet, ?) FROM event_mentions em"
        " JOIN articles a ON a.id = em.article WHERE em.event IS NOT NULL",
        (UNKNOWN_OUTLET,),
    ):
        outlets[event].add(outlet)
    sources: dict[str, list[dict[str, Any]]] = defaultdict(list)
    labels: dict[str, str] = {}
    firsts: dict[str, tuple[str, int]] = {}
    totals: Counter[str] = Counter()
    for r in conn.execute(
        'SELECT event, article, start, "end", text, outlet, ts, te, participants, psrc FROM ('
        '  SELECT em.event, em.article, em.start, em."end", em.text, a.outlet,'
        "   em.trigger_start - em.start AS ts, em.trigger_end - em.start AS te, em.participants,"
        "   a.published_source AS psrc,"
        "   row_number() OVER (PARTITION BY em.event, em.article ORDER BY em.start) AS k,"
        "   a.published AS pub"
        "  FROM event_mentions em JOIN articles a ON a.id = em.article WHERE em.event IS NOT NULL"
        ") WHERE k = 1 ORDER BY event, pub IS NULL, pub, article"
    ):
        if r[0] not in labels:
            labels[r[0]] = event_label(r[4], r[6], r[7], json.loads(r[8] or "[]"))
            firsts[r[0]] = (r[4], r[6])
        if len(sources[r[0]]) < TIMELINE_SOURCES_PER_EVENT:
            sources[r[0]].append(
                {"article": r[1], "start": r[2], "end": r[3], "text": r[4], "outlet": r[5],
                 "date_source": r[9]}
            )  # fmt: skip
    for event, n in conn.execute(
        "SELECT event, count(DISTINCT article) FROM event_mentions WHERE event IS NOT NULL"
        " GROUP BY event"
    ):
        totals[event] = n
    labels.update(_parsed_event_labels(firsts, outlets, label_cache))
    rows = []
    for r in conn.execute("SELECT id, date, date_precision, description FROM events"):
        outs = sorted(outlets.get(r[0], ()))
        rows.append(
            {
                "id": r[0],
                "date": r[1],
                "precision": r[2],
                "description": r[3],
                "label": labels.get(r[0]) or short_text(r[3], 8),
                "outlets": outs,
                "outlet_count": len(outs),
                "mention_count": totals.get(r[0], 0),
                "mentions": sources.get(r[0], []),
            }
        )
    rows.sort(key=lambda r: (r["date"] or "9999", r["id"]))
    return rows


# Claims whose statements get a parsed proposition label at startup (the rest, far down the
# matrix, show their first words): about 80 statements/s on 2 shared CPUs, so a 10,000-article
# story waits seconds, not minutes.
LABELLED_CLAIMS = 200
LABELLED_CONTRADICTIONS = 100


def _statement_labels(inputs: BriefInputs, cache: dict[tuple[str, str], str]) -> dict[str, str]:
    """Proposition labels (brief.label_statements) of the statements the pages show first.

    `cache` (the server's, keyed by statement id and text) keeps labels across snapshot
    rebuilds, so an edit re-parses nothing. Without spaCy installed, no labels: the pages
    show first words instead."""
    wanted = {s for c in ranked_claims(inputs)[:LABELLED_CLAIMS] for s in c["statements"]}
    wanted |= {r[k] for r in inputs.contradictions[:LABELLED_CONTRADICTIONS] for k in ("a", "b")}
    todo = {
        sid: inputs.statements[sid]
        for sid in wanted
        if sid in inputs.statements and (sid, inputs.statements[sid]["content"]) not in cache
    }
    if todo:
        from storylens.errors import StorylensError
        from storylens.report.brief import label_statements

        try:
            fresh = label_statements(todo)
        except (ImportError, StorylensError):  # no spaCy model: first words, said in the docs
            fresh = {}
        for sid, label in fresh.items():
            cache[(sid, todo[sid]["content"])] = label
    return {
        sid: cache[(sid, inputs.statements[sid]["content"])]
        for sid in wanted
        if (sid, inputs.statements.get(sid, {}).get("content", "")) in cache
    }


def _parsed_event_labels(
    firsts: dict[str, tuple[str, int]],
    outlets: dict[str, set[str]],
    cache: dict[tuple[str, str], str] | None,
) -> dict[str, str]:
    """Parsed labels for the LABELLED_EVENTS events most outlets report (cached by event id
    and sentence); {} without a spaCy model (the word-window labels stay)."""
    if cache is None:
        return {}
    top = sorted(firsts, key=lambda e: (-len(outlets.get(e, ())), e))[:LABELLED_EVENTS]
    todo = [(e, *firsts[e]) for e in top if ("event:" + e, firsts[e][0]) not in cache]
    if todo:
        from storylens.errors import StorylensError
        from storylens.report.brief import label_events

        try:
            fresh = label_events(todo)
        except (ImportError, StorylensError):
            fresh = {}
        for e, sentence, _ in todo:
            cache[("event:" + e, sentence)] = fresh.get(e, "")
    return {
        e: cache[("event:" + e, firsts[e][0])] for e in top if cache[("event:" + e, firsts[e][0])]
    }


def _claim_matrix(
    inputs: BriefInputs, labels: dict[str, str], outlets: list[str]
) -> dict[str, Any]:
    """Outlet x claim statement counts (brief.claim_matrix_rows)."""
    return claim_matrix_rows(inputs, labels, outlets)


_SIDES_SQL = (
    "SELECT s.id, s.article, coalesce(x.name, s.speaker_text, 'unattributed'), a.outlet,"
    ' coalesce(s.date, a.published), s.content, s.start, s."end", s.speaker_actor,'
    " CASE WHEN s.date IS NULL OR s.date = a.published THEN a.published_source END"
    " FROM statements s JOIN articles a ON a.id = s.article"
    " LEFT JOIN actors x ON x.id = s.speaker_actor WHERE s.id IN"
    " (SELECT a FROM relations WHERE type='contradict' UNION SELECT b FROM relations"
    " WHERE type='contradict')"
)
_SIDE_KEYS = ("id", "article", "speaker", "outlet", "date", "content", "start", "end", "actor",
              "date_source")  # fmt: skip


def _contradictions(conn: sqlite3.Connection, labels: dict[str, str]) -> list[dict[str, Any]]:
    """Contradicting statement pairs, strongest first (views.contradiction_rows' shape)."""
    sides = {r[0]: dict(zip(_SIDE_KEYS, r, strict=True)) for r in conn.execute(_SIDES_SQL)}
    for sid, side in sides.items():
        side["label"] = labels.get(sid)
    from storylens.resolve.claims import CONTRADICT_THRESHOLD

    return [
        {
            "score": score,
            "why": why,
            "possible": score < CONTRADICT_THRESHOLD,
            "a": sides[a],
            "b": sides[b],
        }
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


NETWORK_ACTORS = 30  # most mentioned actors drawn; more is a hairball on a phone
NETWORK_MIN_CO = 2  # sentences two actors must share to be drawn as "named together"


def actor_network(conn: sqlite3.Connection) -> dict[str, Any]:
    """Who quotes, names or answers whom: the GraphML export's data (export.graph: actors
    named in one sentence, outlets quoting an actor) plus "answers" (a speaker whose
    statement contradicts another's), for the NETWORK_ACTORS most mentioned actors."""
    import bisect

    names = {
        r[0]: (r[1], r[2], r[3])
        for r in conn.execute(
            "SELECT x.id, x.name, x.type, count(m.id) FROM actors x"
            " JOIN mentions m ON m.actor = x.id GROUP BY x.id ORDER BY count(m.id) DESC, x.name"
            " LIMIT ?",
            (NETWORK_ACTORS,),
        )
    }
    sentences: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for article, start, end in conn.execute(
        'SELECT article, start, "end" FROM sentences ORDER BY article, start'
    ):
        sentences[article].append((start, end))
    together: dict[tuple[str, int], set[str]] = defaultdict(set)
    for article, start, actor in conn.execute(
        "SELECT article, start, actor FROM mentions WHERE actor IS NOT NULL ORDER BY article, start"
    ):
        if actor not in names:
            continue
        sents = sentences.get(article, [])
        i = bisect.bisect_right(sents, (start, 1 << 62)) - 1
        if i >= 0 and start < sents[i][1]:
            together[(article, i)].add(actor)
    co: Counter[tuple[str, str]] = Counter()
    for ids in together.values():
        ordered = sorted(ids)
        for j, x in enumerate(ordered):
            for y in ordered[j + 1 :]:
                co[(x, y)] += 1
    edges = [
        {"source": x, "target": y, "kind": "named together", "weight": n}
        for (x, y), n in sorted(co.items())
        if n >= NETWORK_MIN_CO
    ]
    quoted: Counter[tuple[str, str]] = Counter()
    for outlet, actor, n in conn.execute(
        "SELECT coalesce(a.outlet, ?), s.speaker_actor, count(*) FROM statements s"
        " JOIN articles a ON a.id = s.article WHERE s.speaker_actor IS NOT NULL GROUP BY 1, 2",
        (UNKNOWN_OUTLET,),
    ):
        if actor in names:
            quoted[(f"outlet:{outlet}", actor)] = n
    edges += [
        {"source": o, "target": x, "kind": "quotes", "weight": n}
        for (o, x), n in sorted(quoted.items())
    ]
    answers: Counter[tuple[str, str]] = Counter()
    for a, b in conn.execute(
        "SELECT sa.speaker_actor, sb.speaker_actor FROM relations r"
        " JOIN statements sa ON sa.id = r.a JOIN statements sb ON sb.id = r.b"
        " WHERE r.type = 'contradict' AND sa.speaker_actor IS NOT NULL"
        " AND sb.speaker_actor IS NOT NULL AND sa.speaker_actor != sb.speaker_actor"
    ):
        if a in names and b in names:
            answers[(b, a)] += 1
    edges += [
        {"source": x, "target": y, "kind": "answers", "weight": n}
        for (x, y), n in sorted(answers.items())
    ]
    nodes = [
        {"id": i, "name": n, "type": t, "mentions": m, "link": f"/actors/{i}"}
        for i, (n, t, m) in names.items()
    ]
    for outlet in sorted({o for o, _ in quoted}):
        nodes.append({"id": outlet, "name": outlet.removeprefix("outlet:"), "type": "OUTLET",
                      "mentions": 0, "link": "/statements?" + urlencode(
                          {"outlet": outlet.removeprefix("outlet:")})})  # fmt: skip
    return {"nodes": nodes, "edges": edges}


# -- per-request queries ----------------------------------------------------------------------


def articles_page(conn: sqlite3.Connection, page: int) -> list[dict[str, Any]]:
    """Articles by publication date (undated last), one page, without their text."""
    lo = (page - 1) * PAGE_SIZE
    return [
        dict(r)
        for r in conn.execute(
            "SELECT a.id, a.path, a.outlet, a.published, a.published_source, a.title, a.language,"
            " a.analysed, a.note,"
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
    " s.channel_source, CASE WHEN s.date IS NULL OR s.date = a.published THEN a.published_source END AS date_source"
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
    claim: str = "",
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
    if claim:  # the statements of one claim (a cell of the claims matrix links here)
        where.append(
            "f.rid IN (SELECT s2.rowid FROM claim_statements cs"
            " JOIN statements s2 ON s2.id = cs.statement WHERE cs.claim = ?)"
        )
        params.append(claim)
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
    label = {
        r.article.id: f"{r.article.outlet or UNKNOWN_OUTLET}, {r.article.published or 'undated'}"
        f" ({r.article.path.rsplit('/', 1)[-1]})"
        for r in records
    }
    named = [
        {**e, "source_name": name[e["source"]], "target_name": name[e["target"]]}
        for e in graph["edges"]
    ]
    return {
        "graph": graph,
        "channels": channels,
        "edges": [e for e in named if not e["target"].startswith("actor:")],
        "interviews": [e for e in named if e["target"].startswith("actor:")],
        "copies": [
            {
                "a": p.a, "a_start": p.a_start, "a_end": p.a_end, "a_label": label[p.a],
                "b": p.b, "b_start": p.b_start, "b_end": p.b_end, "b_label": label[p.b],
                "similarity": p.similarity, "earlier": p.earlier,
                "earlier_label": label.get(p.earlier or ""),
            }
            for p in copies
            if p.a in label and p.b in label
        ],
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


def network_spec(network: dict[str, Any]) -> dict[str, Any]:
    """Vega (not Vega-Lite: it has no force layout): actors and outlets as dots, edges coloured
    by kind (named together, quotes, answers); drag a node to pull it, hover for names, click
    to open the actor. The width follows the container, so it fits 390 px."""
    index = {n["id"]: i for i, n in enumerate(network["nodes"])}
    nodes = [{**n, "index": i} for i, n in enumerate(network["nodes"])]
    links = [
        {"source": index[e["source"]], "target": index[e["target"]], "kind": e["kind"],
         "weight": e["weight"]}
        for e in network["edges"]
        if e["source"] in index and e["target"] in index
    ]  # fmt: skip
    return {
        "$schema": "https://vega.github.io/schema/vega/v6.json",
        "description": "Who quotes, names or answers whom",
        "autosize": {"type": "fit", "contains": "padding"},
        "width": 600,
        "height": 460,
        "padding": 4,
        "signals": [
            {"name": "cx", "update": "width / 2"},
            {"name": "cy", "update": "height / 2"},
            {"name": "nodeRadius", "value": 7},
            {"name": "static", "value": True},
            {"name": "fix", "value": False,
             "on": [{"events": "symbol:pointerout[!event.buttons], window:pointerup",
                     "update": "false"},
                    {"events": "symbol:pointerover", "update": "fix || true"},
                    {"events": "[symbol:pointerdown, window:pointerup] > window:pointermove!",
                     "update": "xy()", "force": True}]},
            {"name": "node", "value": None,
             "on": [{"events": "symbol:pointerover", "update": "fix === true ? item() : node"}]},
            {"name": "restart", "value": False, "on": [{"events": {"signal": "fix"},
                                                        "update": "fix && fix.length"}]},
        ],
        "data": [
            # tx, ty: the centre, which a weak x/y force pulls every node toward (on a phone
            # the charge alone pushes the outer nodes off the canvas)
            {"name": "node-data", "values": nodes, "transform": [
                {"type": "formula", "as": "tx", "expr": "width / 2"},
                {"type": "formula", "as": "ty", "expr": "height / 2"}]},
            {"name": "link-data", "values": links},
        ],
        "scales": [
            {"name": "color", "type": "ordinal",
             "domain": ["PERSON", "ORG", "MEDIA", "AGENCY", "GPE", "NORP", "OUTLET"],
             "range": ["#2a7de1", "#a541c8", "#e07b00", "#b5651d", "#2e9d5b", "#6b8e23", "#14213d"]},
            {"name": "edge", "type": "ordinal",
             "domain": ["named together", "quotes", "answers"],
             "range": ["#b8c2cc", "#1f5fbf", "#c0392b"]},
            {"name": "size", "type": "sqrt", "domain": {"data": "node-data", "field": "mentions"},
             "range": [40, 400], "zero": False},
        ],
        "legends": [
            {"stroke": "edge", "title": "edge", "orient": "bottom", "direction": "horizontal",
             "symbolType": "stroke"},
            {"fill": "color", "title": None, "orient": "bottom", "direction": "horizontal",
             "columns": 2},
        ],
        "marks": [
            {
                "name": "nodes",
                "type": "symbol",
                "zindex": 1,
                "from": {"data": "node-data"},
                "on": [
                    {"trigger": "fix", "modify": "node",
                     "values": "fix === true ? {fx: node.x, fy: node.y} : {fx: fix[0], fy: fix[1]}"},
                    {"trigger": "!fix", "modify": "node", "values": "{fx: null, fy: null}"},
                ],
                "encode": {
                    "enter": {
                        "fill": {"scale": "color", "field": "type"},
                        "stroke": {"value": "#fff"},
                        "shape": {"signal": "datum.type === 'OUTLET' ? 'square' : 'circle'"},
                        "href": {"field": "link"},
                        "tooltip": {"signal": "datum.name + ' (' + datum.type + ')'"},
                    },
                    "update": {"size": {"signal": "datum.type === 'OUTLET' ? 160 : scale('size', datum.mentions)"},
                               "cursor": {"value": "pointer"}},
                },
                "transform": [
                    {
                        "type": "force",
                        "iterations": 300,
                        "restart": {"signal": "restart"},
                        "static": {"signal": "static"},
                        "signal": "force",
                        "forces": [
                            {"force": "center", "x": {"signal": "cx"}, "y": {"signal": "cy"}},
                            {"force": "collide", "radius": 16},
                            {"force": "nbody", "strength": -30, "distanceMax": 160},
                            {"force": "link", "links": "link-data", "distance": 60},
                            {"force": "x", "x": "datum.tx", "strength": 0.03},
                            {"force": "y", "y": "datum.ty", "strength": 0.03},
                        ],
                    }
                ],
            },
            {
                "type": "path",
                "from": {"data": "link-data"},
                "interactive": False,
                "encode": {
                    "update": {"stroke": {"scale": "edge", "field": "kind"},
                               "strokeWidth": {"signal": "min(4, 0.6 + datum.weight * 0.4)"},
                               "strokeOpacity": {"value": 0.7}},
                },
                "transform": [
                    {"type": "linkpath", "require": {"signal": "force"}, "shape": "line",
                     "sourceX": "datum.source.x", "sourceY": "datum.source.y",
                     "targetX": "datum.target.x", "targetY": "datum.target.y"}
                ],
            },
            {
                "type": "text",
                "from": {"data": "nodes"},
                "interactive": False,
                "zindex": 2,
                "encode": {
                    "update": {
                        "x": {"field": "x"}, "y": {"field": "y", "offset": -9},
                        "text": {"signal": "length(datum.datum.name) > 18 ? slice(datum.datum.name, 0, 17) + '…' : datum.datum.name"},
                        "align": {"value": "center"}, "fontSize": {"value": 10},
                        "fill": {"value": "#1d2330"},
                    }
                },
            },
        ],
    }  # fmt: skip


# Sentence vectors the stance box keeps per server (text SHA-1 -> vector, see
# resolve.embeddings.text_key): the article texts do not change while a snapshot stands, so a
# second question embeds only itself. Cleared past this many sentences (about 1.5 KB each).
STANCE_CACHE_MAX = 200_000


def stance_with_cache(claim: str, articles: list[Any], cache: dict[str, Any]) -> list[Any]:
    """`resolve.stance.stance_of_articles`, with the sentence embeddings read from and added
    to `cache` (in memory, keyed by the sentence text's hash, so an edited article is a
    miss, never a stale hit). The model itself is loaded once per process
    (`load_stance_model` and `load_embedder` are cached)."""
    from storylens.extract.pipeline import masked_text
    from storylens.resolve.embeddings import embed_texts
    from storylens.resolve.stance import StanceResult, decide, load_stance_model, stance_features

    if len(cache) > STANCE_CACHE_MAX:
        cache.clear()
    model = load_stance_model()
    pairs = [(claim, masked_text(a)) for a in articles]
    if not pairs:
        return []
    features, evidence = stance_features(
        model, pairs, embed=lambda texts: embed_texts(texts, cache=cache)
    )
    results = [
        StanceResult(label, round(score, 4), ev if label != "unrelated" else ())
        for (label, score), ev in zip(decide(model, features), evidence, strict=True)
    ]
    return list(zip(articles, results, strict=True))


def warm_stance(articles: list[Any], cache: dict[str, Any]) -> None:
    """Load the stance models and embed the articles' sentences into `cache` (run after the
    first /stance page is sent, so the first question does not wait ~10 s for them). A
    failure here is the first question's to report, with its message."""
    from storylens.errors import StorylensError

    with contextlib.suppress(StorylensError, ImportError):
        stance_with_cache("warm-up", articles, cache)
