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
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path

from storylens.codec import decode_records, encode_records
from storylens.errors import StoreError
from storylens.lock import writer_alive
from storylens.model import (
    Actor,
    Article,
    ArticleRecords,
    Claim,
    CopiedPassage,
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
from storylens.resolve.sourcing import independent_sources

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


def _migration_3(conn: sqlite3.Connection) -> None:
    """The extract stage's output per article, kept apart from what resolution rewrites.

    Every resolve starts from these (see storylens/codec.py), so re-running never feeds one
    resolution's output into the next. Articles stored before this migration have no row
    here; `stored_versions` then reports them stale and the next analyze re-extracts them.
    """
    conn.executescript(
        """
        CREATE TABLE extracted (
          article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
          records BLOB NOT NULL,
          statement_vectors BLOB
        );
        """
    )


def _migration_4(conn: sqlite3.Connection) -> None:
    """FTS tables declared with content="table" (double quotes), which Datasette detects.

    Datasette looks for `content="statements"` in sqlite_master; the first schema wrote
    single quotes, so `?_search=` was not offered. Same index, rebuilt from its table.
    """
    script = ["BEGIN"]
    for table, cols in (
        ("articles", ("title", "text")),
        ("statements", ("content", "speaker_text")),
    ):
        fts = f"{table}_fts"
        collist = ", ".join(cols)
        new = ", ".join(f"new.{c}" for c in cols)
        old = ", ".join(f"old.{c}" for c in cols)
        script += [f"DROP TRIGGER IF EXISTS {table}_{t}" for t in ("ai", "ad", "au")]
        script += [
            f"DROP TABLE IF EXISTS {fts}",
            f'CREATE VIRTUAL TABLE {fts} USING fts5({collist}, content="{table}", content_rowid="rowid")',
            f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, {collist}) VALUES (new.rowid, {new}); END",
            f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {collist}) VALUES ('delete', old.rowid, {old}); END",
            f"CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {collist}) VALUES ('delete', old.rowid, {old}); "
            f"INSERT INTO {fts}(rowid, {collist}) VALUES (new.rowid, {new}); END",
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ]
    # executescript commits any open transaction first, so the script carries its own: the
    # swap is atomic, and re-running it after a crash is harmless (DROP ... IF EXISTS).
    conn.executescript(";\n".join([*script, "COMMIT"]) + ";")


def _migration_5(conn: sqlite3.Connection) -> None:
    """How each outlet knows (issue 13): statement channels, copied passages, independent
    sources per claim. New columns are NULL for rows resolved before; the next resolve
    (any analyze) fills them."""
    conn.executescript(
        """
        ALTER TABLE statements ADD COLUMN channel TEXT;
        ALTER TABLE statements ADD COLUMN channel_source TEXT;
        ALTER TABLE statements ADD COLUMN channel_start INTEGER;
        ALTER TABLE statements ADD COLUMN channel_end INTEGER;
        ALTER TABLE claims ADD COLUMN independent_sources INTEGER;
        CREATE TABLE copies (
          a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
          a_start INTEGER NOT NULL,
          a_end INTEGER NOT NULL,
          b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
          b_start INTEGER NOT NULL,
          b_end INTEGER NOT NULL,
          similarity REAL NOT NULL,
          earlier TEXT
        );
        CREATE INDEX copies_a ON copies(a);
        CREATE INDEX copies_b ON copies(b);
        CREATE INDEX statements_channel ON statements(channel, channel_source);
        """
    )


def _migration_6(conn: sqlite3.Connection) -> None:
    """The statements' own parses, made in the extract stage for the claims step (issue 12).

    Rows stored before have none; the claims step parses those statements itself."""
    conn.executescript("ALTER TABLE extracted ADD COLUMN statement_parses BLOB;")


# (version, name, function): append only; each runs once, in its own transaction.
MIGRATIONS: tuple[tuple[int, str, Callable[[sqlite3.Connection], None]], ...] = (
    (1, "initial schema", _migration_1),
    (2, "indexes for outlet, date and speaker filters", _migration_2),
    (3, "extract-stage records kept apart from the resolution", _migration_3),
    (4, "FTS declared so Datasette offers search", _migration_4),
    (5, "statement channels, copied passages, independent sources", _migration_5),
    (6, "statement parses made in the extract stage", _migration_6),
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
        """Record a new run. The caller holds the writer lock (storylens.lock), so any run
        still marked 'running' belongs to a process that died: it is marked 'interrupted'."""
        with self.transaction() as conn:
            conn.execute("UPDATE runs SET status='interrupted' WHERE status='running'")
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
        """article id -> extractor versions (JSON) of what is stored.

        Only articles whose extract-stage records are kept (table `extracted`) count as
        stored: one written before that table existed is re-extracted by the next analyze.
        Nor does an article whose extraction failed (stored, not analysed, with the error as
        its note): the next run tries it again, as a user who fixed the cause expects.
        """
        return {
            r[0]: r[1]
            for r in self.conn.execute(
                "SELECT a.id, a.extractor_versions FROM articles a"
                " JOIN extracted e ON e.article = a.id"
                " WHERE NOT (a.analysed = 0 AND coalesce(a.note, '') LIKE 'extraction failed%')"
            )
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
            conn.execute(
                "INSERT INTO extracted(article, records, statement_vectors, statement_parses)"
                " VALUES (?, ?, ?, ?)",
                (
                    a.id,
                    encode_records(records),
                    records.statement_vectors or None,
                    records.statement_parses or None,
                ),
            )

    def load_extracted(self) -> list[ArticleRecords]:
        """Every article's records exactly as the extract stage produced them, by article id.

        The input of every resolve (see storylens/codec.py for why not the derived tables).
        """
        return [
            replace(
                decode_records(r[0], r[1]),
                statement_vectors=r[2] or b"",
                statement_parses=r[3] or b"",
            )
            for r in self.conn.execute(
                "SELECT e.records, a.text, e.statement_vectors, e.statement_parses"
                " FROM extracted e"
                " JOIN articles a ON a.id = e.article ORDER BY a.id"
            )
        ]

    _STATEMENT_COLUMNS = (
        "id", "article", "start", "end", "content", "kind", "cue", "cue_start", "cue_end",
        "speaker_text", "speaker_start", "speaker_end", "speaker_ref_start", "speaker_ref_end",
        "speaker_actor", "score", "date", "channel", "channel_source", "channel_start",
        "channel_end",
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
    def write_resolution(self, story: Story, *, keep_claims: bool = False) -> None:
        """Replace every derived cross-article record with the story's, in one transaction."""
        with self.transaction() as conn:
            self.write_resolution_in(conn, story, keep_claims=keep_claims)

    def write_resolution_in(
        self, conn: sqlite3.Connection, story: Story, *, keep_claims: bool = False
    ) -> None:
        """write_resolution inside the caller's transaction (which read the records resolved).

        keep_claims: the story carries no claims because claim resolution was skipped
        (`--no-claims`); the claims and relations already stored are kept, not erased, for
        the statements that still exist (statement ids are stable across resolves).
        """
        kept_claims: list[tuple[str, str]] = []
        kept_members: list[tuple[str, str]] = []
        kept_relations: list[tuple[object, ...]] = []
        if keep_claims:
            kept_claims = [
                tuple(r) for r in conn.execute("SELECT id, text FROM claims ORDER BY rowid")
            ]
            kept_members = [
                tuple(r)
                for r in conn.execute(
                    "SELECT claim, statement FROM claim_statements ORDER BY rowid"
                )
            ]
            kept_relations = [
                tuple(r)
                for r in conn.execute("SELECT a, b, type, score, why FROM relations ORDER BY rowid")
            ]
        for table in ("relations", "claim_statements", "claims", "actor_aliases", "copies"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM mentions")
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
        # The mentions table is rebuilt: the extract stage's mentions, plus those resolution
        # found (a name the model left untagged), each with its actor. Rebuilding (not
        # updating) keeps a mention resolution no longer finds from lingering.
        owner: dict[tuple[str, int, int], tuple[str, Mention]] = {}
        for actor in story.actors:
            for m in actor.mentions:
                owner.setdefault((m.article, m.start, m.end), (actor.id, m))
        rows: list[tuple[object, ...]] = []
        seen: set[tuple[str, int, int]] = set()
        for rec in story.records:
            for m in rec.mentions:
                key = (m.article, m.start, m.end)
                if key in seen:
                    continue
                seen.add(key)
                rows.append(
                    (m.article, m.start, m.end, m.text, m.label, owner.get(key, (None,))[0])
                )
        for key in sorted(owner.keys() - seen):
            actor_id, m = owner[key]
            rows.append((m.article, m.start, m.end, m.text, m.label, actor_id))
        conn.executemany(
            'INSERT INTO mentions(article, start, "end", text, label, actor) VALUES (?,?,?,?,?,?)',
            rows,
        )
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
        claims = [(c.id, c.text) for c in story.claims]
        members = [(c.id, s) for c in story.claims for s in c.statements]
        relations = [(r.a, r.b, r.type, r.score, r.why) for r in story.relations]
        if keep_claims:
            alive = {r[0] for r in conn.execute("SELECT id FROM statements")}
            members = [m for m in kept_members if m[1] in alive]
            with_members = {m[0] for m in members}
            claims = [c for c in kept_claims if c[0] in with_members]
            relations = [r for r in kept_relations if r[0] in alive and r[1] in alive]
        conn.executemany(
            "INSERT INTO copies(a, a_start, a_end, b, b_start, b_end, similarity, earlier)"
            " VALUES (?,?,?,?,?,?,?,?)",
            [
                (p.a, p.a_start, p.a_end, p.b, p.b_start, p.b_end, p.similarity, p.earlier)
                for p in story.copies
            ],
        )
        # Independent sources per claim (issue 13), also for claims kept by --no-claims: the
        # channels and copies they depend on are this resolution's.
        by_claim: dict[str, list[str]] = {}
        for cid, sid in members:
            by_claim.setdefault(cid, []).append(sid)
        independent = independent_sources(
            by_claim,
            {s.id: s for rec in story.records for s in rec.statements},
            {rec.article.id: rec.article for rec in story.records},
            story.copies,
        )
        conn.executemany(
            "INSERT INTO claims(id, text, independent_sources) VALUES (?,?,?)",
            [(cid, text, independent.get(cid)) for cid, text in claims],
        )
        conn.executemany("INSERT INTO claim_statements(claim, statement) VALUES (?,?)", members)
        conn.executemany(
            "INSERT INTO relations(a, b, type, score, why) VALUES (?,?,?,?,?)", relations
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
        # A read-only open of a database from before migration 5 has no channel columns.
        statements = tuple(
            Statement(**{k: r[k] for k in self._STATEMENT_COLUMNS if k in r.keys()})  # noqa: SIM118
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
        v5 = self.schema_version >= 5  # read-only opens do not migrate
        independent = "independent_sources" if v5 else "NULL"
        for r in c.execute(f"SELECT id, text, {independent} FROM claims ORDER BY id"):
            sts = claim_statements.get(r[0], [])
            arts = sorted({statement_article[s] for s in sts if s in statement_article})
            claims.append(Claim(r[0], r[1], tuple(sts), tuple(arts), r[2]))
        relations = [
            Relation(r[0], r[1], r[2], r[3], r[4])
            for r in c.execute("SELECT a, b, type, score, why FROM relations ORDER BY rowid")
        ]
        skipped = [
            Skipped(r[0], r[1])
            for r in c.execute("SELECT path, reason FROM skipped ORDER BY rowid")
        ]
        copies = (
            [
                CopiedPassage(*r)
                for r in c.execute(
                    "SELECT a, a_start, a_end, b, b_start, b_end, similarity, earlier FROM copies"
                    " ORDER BY a, a_start, b, b_start"
                )
            ]
            if v5
            else []
        )
        return Story(records, actors, events, claims, relations, skipped, copies)

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
        last_row = c.execute("SELECT * FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        last = dict(last_row) if last_row else None
        if last and last["status"] == "running" and not writer_alive(self.path):
            # No process holds the writer lock, so nothing is running: the run was killed.
            last["status"] = "interrupted"
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
            "last_run": last,
        }


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table}({cols}) VALUES ({','.join('?' * len(columns))})"


def _row(record: object, columns: Sequence[str]) -> tuple[object, ...]:
    data = asdict(record)  # type: ignore[call-overload]
    return tuple(data[c] for c in columns)
