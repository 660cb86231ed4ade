"""Benchmark: web UI latency per page on a 10,000-article story, against the 5-article demo.

The big database is built quickly: the demo articles are analysed once, then every row of
every per-article table is cloned in SQL under new article ids (2,000 copies of each; dates
shifted so pages sort and filter over real ranges). Actors, events and claims stay shared,
so each actor is mentioned and quoted 2,000 times more: a harder case than a real story of
that size. The server is uvicorn in a subprocess on a free loopback port; a bounded number
of sequential requests per page (httpx) gives p50/p95; the stance box is left out (it runs
a model by design). Prints a table per database, then the p95 ratio big/demo per page and a
final line against the target (p95 < 100 ms). Timings never fail anything.

Run: `.venv/bin/python -m bench.bench_web [--requests 200] [--keep DIR]`
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIR = ROOT / "examples" / "iraq-withdrawal"
TARGET_ARTICLES = 10_000
REQUESTS_PER_PAGE = 200
WARMUP = 5
TARGET_P95_MS = 100.0
PER_ARTICLE_TABLES = {
    "boilerplate": ("article", "start", '"end"'),
    "sentences": ("article", "start", '"end"'),
    "mentions": ("article", "start", '"end"', "text", "label", "actor"),
    "timexes": ("article", "start", '"end"', "text", "value", "precision", "anchor"),
    "event_mentions": (
        "article", "start", '"end"', "text", "trigger", "trigger_start", "trigger_end", "date",
        "date_precision", "timex_start", "timex_end", "participants", "event",
    ),
}  # fmt: skip
ARTICLE_COLUMNS = (
    "outlet", "outlet_source", "outlet_start", "outlet_end", "published_source",
    "published_start", "published_end", "title", "title_source", "url", "language", "encoding",
    "analysed", "note", "text", "extractor_versions", "run",
)  # fmt: skip
STATEMENT_COLUMNS = (
    "start", '"end"', "content", "kind", "cue", "cue_start", "cue_end", "speaker_text",
    "speaker_start", "speaker_end", "speaker_ref_start", "speaker_ref_end", "speaker_actor",
    "score",
)  # fmt: skip


def analyse_demo(folder: Path) -> Path:
    from storylens.analyze import analyze

    db = folder / "demo.db"
    analyze([DEMO_DIR], db, with_claims=True)
    return db


def _shift(column: str) -> str:
    """A date shifted by the copy number (days), at the precision it has."""
    return (
        f"CASE WHEN length({column}) = 10 THEN date({column}, '+' || (m.k % 1500) || ' days')"
        f" ELSE {column} END"
    )


def clone_to(demo_db: Path, big_db: Path, target: int = TARGET_ARTICLES) -> None:
    """Copy demo_db to big_db and clone its articles (and their rows) up to `target`."""
    shutil.copy(demo_db, big_db)
    conn = sqlite3.connect(big_db)
    conn.execute("PRAGMA journal_mode=WAL")
    originals = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    copies = -(-target // len(originals)) - 1
    conn.execute("CREATE TEMP TABLE idmap(old TEXT, new TEXT, k INTEGER)")
    conn.executemany(
        "INSERT INTO idmap VALUES (?, ?, ?)",
        [(old, f"{k:05x}{old[5:]}", k) for k in range(1, copies + 1) for old in originals][
            : target - len(originals)
        ],
    )
    with conn:
        conn.execute(
            f"INSERT INTO articles(id, path, published, {', '.join(ARTICLE_COLUMNS)})"
            f" SELECT m.new, a.path || '#' || m.k, {_shift('a.published')},"
            f" {', '.join('a.' + c for c in ARTICLE_COLUMNS)}"
            " FROM articles a JOIN idmap m ON m.old = a.id"
        )
        for table, cols in PER_ARTICLE_TABLES.items():
            rest = ", ".join(f"t.{c}" for c in cols[1:])
            conn.execute(
                f"INSERT INTO {table}({', '.join(cols)}) SELECT m.new, {rest}"
                f" FROM {table} t JOIN idmap m ON m.old = t.article"
            )
        conn.execute(
            f"INSERT INTO statements(id, article, date, {', '.join(STATEMENT_COLUMNS)})"
            f" SELECT m.new || substr(s.id, length(s.article) + 1), m.new, {_shift('s.date')},"
            f" {', '.join('s.' + c for c in STATEMENT_COLUMNS)}"
            " FROM statements s JOIN idmap m ON m.old = s.article"
        )
        conn.execute(
            "INSERT INTO claim_statements(claim, statement)"
            " SELECT cs.claim, m.new || substr(cs.statement, length(s.article) + 1)"
            " FROM claim_statements cs JOIN statements s ON s.id = cs.statement"
            " JOIN idmap m ON m.old = s.article"
        )
        conn.execute(
            "INSERT INTO relations(a, b, type, score, why)"
            " SELECT m.new || substr(r.a, length(sa.article) + 1),"
            "  m.new || substr(r.b, length(sb.article) + 1), r.type, r.score, r.why"
            " FROM relations r JOIN statements sa ON sa.id = r.a JOIN statements sb ON sb.id = r.b"
            " JOIN idmap m ON m.old = sa.article AND sa.article = sb.article"
        )
    conn.execute("ANALYZE")
    conn.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    code = (
        "import uvicorn; from storylens.web import create_app; "
        f"uvicorn.run(create_app({str(db)!r}), host='127.0.0.1', port={port}, log_level='warning')"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            httpx.get(base + "/static/web.css", timeout=1)
            return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("server did not start in 120 s")


def pages(client: httpx.Client) -> dict[str, str]:
    """Page name -> URL, with ids and words taken from the running story."""
    actors = client.get("/actors", params={"format": "json"}).json()["actors"]
    top = actors[0]
    art = client.get("/", params={"format": "json", "page": 2 if len(actors) else 1}).json()
    article = (art["articles"] or client.get("/?format=json").json()["articles"])[0]["id"]
    outlet = client.get("/?format=json").json()["outlets"][0]["outlet"]
    return {
        "overview": "/",
        "overview p.20": "/?page=20",
        "actors": "/actors",
        "actors search": "/actors?q=al",
        "actor (top)": f"/actors/{top['id']}",
        "actor json": f"/actors/{top['id']}?format=json",
        "statements": "/statements",
        "statements q": "/statements?q=troops",
        "statements q+outlet": f"/statements?{httpx.QueryParams({'q': 'withdraw*', 'outlet': outlet})}",
        "statements speaker": f"/statements?speaker={top['id']}",
        "statements dates": "/statements?from=2020-01-01&to=2020-06-30",
        "timeline": "/timeline",
        "claims": "/claims",
        "reader": f"/articles/{article}",
        "reader json": f"/articles/{article}?format=json",
    }


def measure(db: Path, n: int) -> dict[str, tuple[float, float]]:
    """Page name -> (p50, p95) in ms over n sequential requests."""
    proc, base = serve(db)
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            out = {}
            for name, url in pages(client).items():
                for _ in range(WARMUP):
                    client.get(url).raise_for_status()
                times = []
                for _ in range(n):
                    t = time.perf_counter()
                    client.get(url).raise_for_status()
                    times.append((time.perf_counter() - t) * 1000)
                q = statistics.quantiles(times, n=20)
                out[name] = (statistics.median(times), q[18])
            return out
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=REQUESTS_PER_PAGE)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the databases in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        demo_db, big_db = folder / "demo.db", folder / "big.db"
        t = time.perf_counter()
        if not demo_db.exists():
            analyse_demo(folder)
        if not big_db.exists():
            clone_to(demo_db, big_db)
        n_articles = sqlite3.connect(big_db).execute("SELECT count(*) FROM articles").fetchone()[0]
        print(f"databases ready in {time.perf_counter() - t:.1f} s ({n_articles} articles)")
        results = {}
        for label, db in (("demo", demo_db), ("big", big_db)):
            results[label] = measure(db, args.requests)
        print(
            f"\n{'page':<22}{'demo p50':>10}{'demo p95':>10}{'10k p50':>10}{'10k p95':>10}{'ratio':>8}"
        )
        for name, (p50, p95) in results["big"].items():
            d50, d95 = results["demo"][name]
            print(f"{name:<22}{d50:>10.1f}{d95:>10.1f}{p50:>10.1f}{p95:>10.1f}{p95 / d95:>8.1f}")
        worst = max(results["big"].items(), key=lambda kv: kv[1][1])
        verdict = "ok" if worst[1][1] < TARGET_P95_MS else "OVER TARGET"
        print(
            f"\nweb: {n_articles} articles, {args.requests} requests/page, worst p95 "
            f"{worst[1][1]:.1f} ms ({worst[0]}), target {TARGET_P95_MS:.0f} ms: {verdict}"
        )


if __name__ == "__main__":
    main()
