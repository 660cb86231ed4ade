"""The SQLite store: one file per story, readable by Datasette as is.

Why these choices:
  - WAL journal, and all writes for one article in one transaction: a run killed at any
    moment leaves every article either fully stored or absent, and a re-run completes it.
  - Articles are keyed by a hash of their text: the same text twice is stored once, and a
    re-run skips articles already stored by the same extractor versions (incremental).
  - Cross-article results (actors, events, claims, relations) are derived: each resolve
    rewrites them in one transaction. User corrections live in their own table and are
    applied on every resolve, so they survive re-analysis.
  - Schema changes are registered migrations, recorded in `schema_migrations`.
  - Foreign keys are declared so Datasette links rows; FTS5 indexes article text and
    statements.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from storylens.errors import StoreError
from storylens.model import (
    Actor,
    Article,
    ArticleRecords,
    Claim,
    Event,
    EventMention,
    Mention,
    Relation,
    Sentence,
    Skipped,
    Span,
    Statement,
    Story,
    Timex,
)
from storylens.resolve.actors import Correction

__all__ = ["SCHEMA_VERSION", "Store"]

DEFAULT_DB = "storylens.db"

_SCHEMA_V1 = """
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  command TEXT,
  status TEXT NOT NULL DEFAULT 'running',
  articles_added INTEGER NOT NULL DEFAULT 0,
  articles_unchanged INTEGER NOT NULL DEFAULT 0,
  inputs_skipped INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE articles (
  id TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  outlet TEXT,
  outlet_source TEXT,
  outlet_start INTEGER,
  outlet_end INTEGER,
  published TEXT,
  published_source TEXT,
  published_start INTEGER,
  published_end INTEGER,
  title TEXT,
  title_source TEXT,
  url TEXT,
  language TEXT,
  encoding TEXT,
  analysed INTEGER NOT NULL DEFAULT 1,
  note TEXT,
  text TEXT NOT NULL,
  extractor_versions TEXT NOT NULL,
  run INTEGER REFERENCES runs(id)
);
CREATE TABLE boilerplate (
  article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL
);
CREATE INDEX boilerplate_article ON boilerplate(article);
CREATE TABLE skipped (
  path TEXT NOT NULL,
  reason TEXT NOT NULL,
  run INTEGER REFERENCES runs(id)
);
CREATE TABLE sentences (
  article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL
);
CREATE INDEX sentences_article ON sentences(article);
CREATE TABLE actors (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  role TEXT,
  aliases TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE actor_aliases (
  actor TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
  alias TEXT NOT NULL
);
CREATE INDEX actor_aliases_actor ON actor_aliases(actor);
CREATE TABLE mentions (
  id INTEGER PRIMARY KEY,
  article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  label TEXT NOT NULL,
  actor TEXT REFERENCES actors(id) ON DELETE SET NULL
);
CREATE INDEX mentions_article ON mentions(article);
CREATE INDEX mentions_actor ON mentions(actor);
CREATE TABLE statements (
  id TEXT PRIMARY KEY,
  article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  content TEXT NOT NULL,
  kind TEXT NOT NULL,
  cue TEXT NOT NULL,
  cue_start INTEGER,
  cue_end INTEGER,
  speaker_text TEXT,
  speaker_start INTEGER,
  speaker_end INTEGER,
  speaker_ref_start INTEGER,
  speaker_ref_end INTEGER,
  speaker_actor TEXT REFERENCES actors(id) ON DELETE SET NULL,
  score REAL NOT NULL,
  date TEXT
);
CREATE INDEX statements_article ON statements(article);
CREATE INDEX statements_speaker ON statements(speaker_actor);
CREATE TABLE timexes (
  article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  value TEXT,
  precision TEXT,
  anchor TEXT NOT NULL
);
CREATE INDEX timexes_article ON timexes(article);
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  description TEXT NOT NULL,
  date TEXT,
  date_precision TEXT
);
CREATE TABLE event_mentions (
  id INTEGER PRIMARY KEY,
  article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  text TEXT NOT NULL,
  trigger TEXT NOT NULL,
  trigger_start INTEGER NOT NULL,
  trigger_end INTEGER NOT NULL,
  date TEXT,
  date_precision TEXT,
  timex_start INTEGER,
  timex_end INTEGER,
  participants TEXT NOT NULL DEFAULT '[]',
  event TEXT REFERENCES events(id) ON DELETE SET NULL
);
CREATE INDEX event_mentions_article ON event_mentions(article);
CREATE TABLE claims (
  id TEXT PRIMARY KEY,
  text TEXT NOT NULL
);
CREATE TABLE claim_statements (
  claim TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
  statement TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE
);
CREATE TABLE relations (
  a TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
  b TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
  type TEXT NOT NULL,
  score REAL NOT NULL,
  why TEXT NOT NULL
);
CREATE TABLE corrections (
  id INTEGER PRIMARY KEY,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  value TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
  INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE VIRTUAL TABLE statements_fts USING fts5(content, speaker_text, content='statements', content_rowid='rowid');
CREATE TRIGGER statements_ai AFTER INSERT ON statements BEGIN
  INSERT INTO statements_fts(rowid, content, speaker_text) VALUES (new.rowid, new.content, new.speaker_text);
END;
CREATE TRIGGER statements_ad AFTER DELETE ON statements BEGIN
  INSERT INTO statements_fts(statements_fts, rowid, content, speaker_text) VALUES ('delete', old.rowid, old.content, old.speaker_text);
END;
CREATE TRIGGER statements_au AFTER UPDATE ON statements BEGIN
  INSERT INTO statements_fts(statements_fts, rowid, content, speaker_text) VALUES ('delete', old.rowid, old.content, old.speaker_text);
  INSERT INTO statements_fts(rowid, content, speaker_text) VALUES (new.rowid, new.content, new.speaker_text);
END;
"""


def _migration_1(conn: sqlite3.Connection) -> None:
    conn.executescript(_SCHEMA_V1)


def _migration_2(conn: sqlite3.Connection) -> None:
    """Indexes for the web UI's filters (outlet, date, speaker over time) on big stories."""
    conn.executescript(
        """
        CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);
        CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
        CREATE INDEX IF NOT EXISTS statements_speaker_date ON statements(speaker_actor, date);
        CREATE INDEX IF NOT EXISTS statements_date ON statements(date);
        CREATE INDEX IF NOT EXISTS event_mentions_event ON event_mentions(event);
        CREATE INDEX IF NOT EXISTS claim_statements_claim ON claim_statements(claim);
        """
    )


# (version, name, function): append only; each runs once, in its own transaction.
MIGRATIONS: tuple[tuple[int, str, Callable[[sqlite3.Connection], None]], ...] = (
    (1, "initial schema", _migration_1),
    (2, "indexes for outlet, date and speaker filters", _migration_2),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A story database. Use as a context manager, or call close()."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly and not self.path.exists():
            raise StoreError(f"no database at {self.path}: run 'storylens analyze' first")
        try:
            if readonly:
                uri = f"file:{self.path.resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, check_same_thread=False)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=10000")
            if not readonly:
                self._migrate()
            else:
                self._check_version()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path} is not a storylens database ({exc}); pass another --db path"
            ) from exc

    # -- lifecycle -----------------------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work: all of it lands or none of it."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _migrate(self) -> None:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in self.conn.execute("SELECT version FROM schema_migrations")}
        if done and max(done) > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {max(done)}, newer than this storylens "
                f"({SCHEMA_VERSION}): upgrade storylens"
            )
        for version, name, apply in MIGRATIONS:
            if version in done:
                continue
            with self.transaction() as conn:
                apply(conn)
                conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, _now())
                )

    def _check_version(self) -> None:
        try:
            row = self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path} is not a storylens database") from exc
        if row[0] is None or row[0] > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: unsupported schema version {row[0]}")

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0])

    # -- runs ----------------------------------------------------------------------------
    def begin_run(self, command: str) -> int:
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO runs(started_at, command) VALUES (?, ?)", (_now(), command)
            )
            return int(cur.lastrowid or 0)

    def finish_run(
        self, run: int, *, status: str, added: int, unchanged: int, skipped: int
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                "UPDATE runs SET finished_at=?, status=?, articles_added=?, articles_unchanged=?,"
                " inputs_skipped=? WHERE id=?",
                (_now(), status, added, unchanged, skipped, run),
            )

    # -- per-article writes ----------------------------------------------------------------
    def stored_versions(self) -> dict[str, str]:
        """article id -> extractor versions (JSON) of what is stored."""
        return {
            r[0]: r[1] for r in self.conn.execute("SELECT id, extractor_versions FROM articles")
        }

    def write_records(self, records: ArticleRecords, run: int | None = None) -> None:
        """Store one article and everything extracted from it, atomically (replacing any old copy)."""
        a = records.article
        with self.transaction() as conn:
            conn.execute("DELETE FROM articles WHERE id=?", (a.id,))
            conn.execute(
                "INSERT INTO articles(id, path, outlet, outlet_source, outlet_start, outlet_end,"
                " published, published_source, published_start, published_end, title, title_source,"
                " url, language, encoding, analysed, note, text, extractor_versions, run)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    a.id, a.path, a.outlet, a.outlet_source,
                    a.outlet_evidence.start if a.outlet_evidence else None,
                    a.outlet_evidence.end if a.outlet_evidence else None,
                    a.published, a.published_source,
                    a.published_evidence.start if a.published_evidence else None,
                    a.published_evidence.end if a.published_evidence else None,
                    a.title, a.title_source, a.url, a.language, a.encoding, int(a.analysed),
                    a.note, a.text, json.dumps(dict(records.extractor_versions), sort_keys=True), run,
                ),
            )  # fmt: skip
            conn.executemany(
                'INSERT INTO boilerplate(article, start, "end") VALUES (?,?,?)',
                [(a.id, s.start, s.end) for s in a.boilerplate],
            )
            conn.executemany(
                'INSERT INTO sentences(article, start, "end") VALUES (?,?,?)',
                [(s.article, s.start, s.end) for s in records.sentences],
            )
            conn.executemany(
                'INSERT INTO mentions(article, start, "end", text, label) VALUES (?,?,?,?,?)',
                [(m.article, m.start, m.end, m.text, m.label) for m in records.mentions],
            )
            self._insert_derived(conn, records)

    _STATEMENT_COLUMNS = (
        "id", "article", "start", "end", "content", "kind", "cue", "cue_start", "cue_end",
        "speaker_text", "speaker_start", "speaker_end", "speaker_ref_start", "speaker_ref_end",
        "speaker_actor", "score", "date",
    )  # fmt: skip
    _TIMEX_COLUMNS = ("article", "start", "end", "text", "value", "precision", "anchor")
    _EVENT_MENTION_COLUMNS = (
        "article", "start", "end", "text", "trigger", "trigger_start", "trigger_end", "date",
        "date_precision", "timex_start", "timex_end", "participants",
    )  # fmt: skip

    def _insert_derived(self, conn: sqlite3.Connection, records: ArticleRecords) -> None:
        """Rows that the resolve stage may rewrite: statements, timexes, event mentions."""
        conn.executemany(
            _insert_sql("statements", self._STATEMENT_COLUMNS),
            [_row(s, self._STATEMENT_COLUMNS) for s in records.statements],
        )
        conn.executemany(
            _insert_sql("timexes", self._TIMEX_COLUMNS),
            [_row(t, self._TIMEX_COLUMNS) for t in records.timexes],
        )
        conn.executemany(
            _insert_sql("event_mentions", self._EVENT_MENTION_COLUMNS),
            [
                (*_row(e, self._EVENT_MENTION_COLUMNS[:-1]), json.dumps(list(e.participants)))
                for e in records.event_mentions
            ],
        )

    def write_skipped(self, skipped: Skipped, run: int | None = None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO skipped(path, reason, run) VALUES (?,?,?)",
                (skipped.path, skipped.reason, run),
            )

    # -- cross-article writes ----------------------------------------------------------------
    def write_resolution(self, story: Story) -> None:
        """Replace every derived cross-article record with the story's, in one transaction."""
        with self.transaction() as conn:
            for table in ("relations", "claim_statements", "claims", "actor_aliases"):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("UPDATE mentions SET actor=NULL")
            conn.execute("DELETE FROM statements")
            conn.execute("DELETE FROM timexes")
            conn.execute("DELETE FROM event_mentions")
            conn.execute("DELETE FROM events")
            conn.execute("DELETE FROM actors")
            conn.executemany(
                "INSERT INTO actors(id, name, type, role, aliases) VALUES (?,?,?,?,?)",
                [(x.id, x.name, x.type, x.role, json.dumps(list(x.aliases))) for x in story.actors],
            )
            conn.executemany(
                "INSERT INTO actor_aliases(actor, alias) VALUES (?,?)",
                [(x.id, alias) for x in story.actors for alias in x.aliases],
            )
            # Actors may own mentions the extract stage did not store (added by resolution).
            existing = {
                (r[0], r[1], r[2]): r[3]
                for r in conn.execute('SELECT article, start, "end", id FROM mentions')
            }
            for actor in story.actors:
                for m in actor.mentions:
                    key = (m.article, m.start, m.end)
                    if key in existing:
                        conn.execute(
                            "UPDATE mentions SET actor=? WHERE id=?", (actor.id, existing[key])
                        )
                    else:
                        cur = conn.execute(
                            'INSERT INTO mentions(article, start, "end", text, label, actor) VALUES (?,?,?,?,?,?)',
                            (m.article, m.start, m.end, m.text, m.label, actor.id),
                        )
                        existing[key] = int(cur.lastrowid or 0)
            for rec in story.records:
                a = rec.article
                conn.execute(
                    "UPDATE articles SET published=?, published_source=? WHERE id=?",
                    (a.published, a.published_source, a.id),
                )
                self._insert_derived(conn, rec)
            conn.executemany(
                "INSERT INTO events(id, description, date, date_precision) VALUES (?,?,?,?)",
                [(e.id, e.description, e.date, e.date_precision) for e in story.events],
            )
            for e in story.events:
                for m in e.mentions:
                    conn.execute(
                        'UPDATE event_mentions SET event=? WHERE article=? AND start=? AND "end"=?'
                        " AND trigger_start=? AND timex_start IS ?",
                        (e.id, m.article, m.start, m.end, m.trigger_start, m.timex_start),
                    )
            conn.executemany(
                "INSERT INTO claims(id, text) VALUES (?,?)", [(c.id, c.text) for c in story.claims]
            )
            conn.executemany(
                "INSERT INTO claim_statements(claim, statement) VALUES (?,?)",
                [(c.id, s) for c in story.claims for s in c.statements],
            )
            conn.executemany(
                "INSERT INTO relations(a, b, type, score, why) VALUES (?,?,?,?,?)",
                [(r.a, r.b, r.type, r.score, r.why) for r in story.relations],
            )

    # -- corrections -------------------------------------------------------------------------
    def add_correction(self, correction: Correction) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO corrections(action, target, value, created_at) VALUES (?,?,?,?)",
                (correction.action, correction.target, correction.value, _now()),
            )

    def corrections(self) -> list[Correction]:
        return [
            Correction(r["action"], r["target"], r["value"])
            for r in self.conn.execute("SELECT action, target, value FROM corrections ORDER BY id")
        ]

    # -- reads -------------------------------------------------------------------------------
    def article_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def load_records(self, ids: Iterable[str] | None = None) -> list[ArticleRecords]:
        """Per-article records as the extract stage produced them (plus resolve's updates)."""
        q = "SELECT * FROM articles"
        params: Sequence[str] = ()
        if ids is not None:
            params = list(ids)
            q += f" WHERE id IN ({','.join('?' * len(params))})"
        out = []
        for row in self.conn.execute(q + " ORDER BY id", params):
            out.append(self._records_for(row))
        return out

    def _records_for(self, row: sqlite3.Row) -> ArticleRecords:
        aid = row["id"]
        c = self.conn

        def span(start: int | None, end: int | None) -> Span | None:
            return Span(start, end) if start is not None and end is not None else None

        article = Article(
            id=aid, path=row["path"], text=row["text"], outlet=row["outlet"],
            outlet_source=row["outlet_source"], outlet_evidence=span(row["outlet_start"], row["outlet_end"]),
            published=row["published"], published_source=row["published_source"],
            published_evidence=span(row["published_start"], row["published_end"]),
            title=row["title"], title_source=row["title_source"], url=row["url"],
            language=row["language"], encoding=row["encoding"], analysed=bool(row["analysed"]),
            note=row["note"],
            boilerplate=tuple(
                Span(r[0], r[1])
                for r in c.execute('SELECT start, "end" FROM boilerplate WHERE article=? ORDER BY start', (aid,))
            ),
        )  # fmt: skip
        sentences = tuple(
            Sentence(aid, r[0], r[1])
            for r in c.execute(
                'SELECT start, "end" FROM sentences WHERE article=? ORDER BY start', (aid,)
            )
        )
        mentions = tuple(
            Mention(aid, r[0], r[1], r[2], r[3])
            for r in c.execute(
                'SELECT start, "end", text, label FROM mentions WHERE article=? ORDER BY start, "end", id',
                (aid,),
            )
        )
        statements = tuple(
            Statement(**{k: r[k] for k in self._STATEMENT_COLUMNS})
            for r in c.execute(
                "SELECT * FROM statements WHERE article=? ORDER BY start, id", (aid,)
            )
        )
        timexes = tuple(
            Timex(**{k: r[k] for k in self._TIMEX_COLUMNS})
            for r in c.execute("SELECT * FROM timexes WHERE article=? ORDER BY start", (aid,))
        )
        events = tuple(
            EventMention(
                **{k: r[k] for k in self._EVENT_MENTION_COLUMNS[:-1]},
                participants=tuple(json.loads(r["participants"])),
            )
            for r in c.execute(
                "SELECT * FROM event_mentions WHERE article=? ORDER BY start, trigger_start", (aid,)
            )
        )
        versions = tuple(sorted(json.loads(row["extractor_versions"]).items()))
        return ArticleRecords(article, sentences, mentions, statements, timexes, events, versions)

    def load_story(self) -> Story:
        """The whole story as records: what the exports and the report read."""
        records = self.load_records()
        c = self.conn
        mentions_by_actor: dict[str, list[Mention]] = {}
        for r in c.execute(
            'SELECT actor, article, start, "end", text, label FROM mentions WHERE actor IS NOT NULL'
            ' ORDER BY article, start, "end"'
        ):
            mentions_by_actor.setdefault(r[0], []).append(Mention(r[1], r[2], r[3], r[4], r[5]))
        actors = [
            Actor(
                id=r["id"], name=r["name"], type=r["type"], aliases=tuple(json.loads(r["aliases"])),
                mentions=tuple(mentions_by_actor.get(r["id"], ())), role=r["role"],
            )
            for r in c.execute("SELECT * FROM actors ORDER BY id")
        ]  # fmt: skip
        ems: dict[str, list[EventMention]] = {}
        for r in c.execute(
            "SELECT * FROM event_mentions WHERE event IS NOT NULL ORDER BY article, start"
        ):
            ems.setdefault(r["event"], []).append(
                EventMention(
                    **{k: r[k] for k in self._EVENT_MENTION_COLUMNS[:-1]},
                    participants=tuple(json.loads(r["participants"])),
                )
            )
        events = [
            Event(
                r["id"],
                r["description"],
                r["date"],
                r["date_precision"],
                tuple(ems.get(r["id"], ())),
            )
            for r in c.execute("SELECT * FROM events ORDER BY date, id")
        ]
        statement_article = {s.id: s.article for rec in records for s in rec.statements}
        claim_statements: dict[str, list[str]] = {}
        for r in c.execute("SELECT claim, statement FROM claim_statements ORDER BY rowid"):
            claim_statements.setdefault(r[0], []).append(r[1])
        claims = []
        for r in c.execute("SELECT id, text FROM claims ORDER BY id"):
            sts = claim_statements.get(r[0], [])
            arts = sorted({statement_article[s] for s in sts if s in statement_article})
            claims.append(Claim(r[0], r[1], tuple(sts), tuple(arts)))
        relations = [
            Relation(r[0], r[1], r[2], r[3], r[4])
            for r in c.execute("SELECT a, b, type, score, why FROM relations ORDER BY rowid")
        ]
        skipped = [
            Skipped(r[0], r[1])
            for r in c.execute("SELECT path, reason FROM skipped ORDER BY rowid")
        ]
        return Story(records, actors, events, claims, relations, skipped)

    def info(self) -> dict[str, object]:
        """Counts per table and the last run: what `storylens info` prints."""
        c = self.conn
        counts = {
            t: int(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in (
                "articles", "boilerplate", "sentences", "mentions", "actors", "statements",
                "timexes", "events", "claims", "relations", "skipped", "corrections", "runs",
            )
        }  # fmt: skip
        last = c.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        outlets = [
            {"outlet": r[0], "articles": r[1]}
            for r in c.execute(
                "SELECT coalesce(outlet, '(unknown)'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1"
            )
        ]
        return {
            "database": str(self.path),
            "schema_version": self.schema_version,
            "counts": counts,
            "outlets": outlets,
            "last_run": dict(last) if last else None,
        }


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table}({cols}) VALUES ({','.join('?' * len(columns))})"


def _row(record: object, columns: Sequence[str]) -> tuple[object, ...]:
    data = asdict(record)  # type: ignore[call-overload]
    return tuple(data[c] for c in columns)
