"""The web UI: a Starlette app over one story database (`storylens serve`).

Pages (each also answers `?format=json` with the data the page shows):
  /                     the story brief (report.brief): span, outlets, top claims with each
                        outlet's position, contradictions, actors, key events; then articles
  /actors               actors: search, aliases, role, mentions per outlet
  /actors/{id}          one actor: statements over time, which outlets quote it
  /statements           who said what: FTS5 search, filters by speaker, outlet, dates
  /timeline             events by date with their sources
  /claims               outlet x claim matrix (most independent sources first; ?min_sources=N)
                        and contradictions side by side
  /sourcing             how each outlet knows: channels per outlet, relays, citations, copies
  /network              who quotes, names or answers whom (the GraphML export's data), a graph
  /articles/{id}        the reader; `#{start}-{end}` highlights that span
  /stance?claim=...     stance of the story's articles toward a typed claim

Why these rules: the database is opened read-only unless `allow_edits` (then the POST
routes merge/split/rename actors and re-resolve, each form carrying the server's token);
every response, error pages included, carries a CSP and the other headers of security.py;
requests must name a loopback host or the --host given (DNS rebinding); bad parameters are a
400 page and unknown ids a 404, never a traceback. The per-database snapshot is rebuilt when
another process (a later `analyze`, an edit) commits to the database: `PRAGMA data_version`
tells, at the cost of one statement per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import math
import socket
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from storylens import __version__
from storylens.errors import ServeError, StorylensError
from storylens.store import Store
from storylens.web import params, queries
from storylens.web.params import BadParameter
from storylens.web.reader import reader_data, span_link
from storylens.web.security import (
    CSP_WITH_CHARTS,
    LOOPBACK_HOSTS,
    AllowedHosts,
    CatchErrors,
    FormToken,
    SecurityHeaders,
    same_origin,
)

__all__ = ["STANCE_MAX_ARTICLES", "create_app", "listen_socket", "served_hosts"]

HERE = Path(__file__).resolve().parent
VEGA_DIR = HERE.parent / "report" / "static"
# Stance embeds every sentence of every article (about 130 sentences/s on 2 CPU threads):
# the box scores the most recent articles only, so an answer comes in seconds.
STANCE_MAX_ARTICLES = 20
ACTOR_TYPES = ("PERSON", "ORG", "MEDIA", "AGENCY", "GPE", "NORP")
EDIT_ACTIONS = {"merge": "other", "split": "alias", "rename": "name"}

log = logging.getLogger(__name__)


@dataclass(slots=True)
class WebState:
    """Everything a request needs: the read connection, the snapshot, edit settings."""

    db_path: Path
    store: Store
    snapshot: queries.Snapshot
    allow_edits: bool
    data_version: int = 0
    # proposition and event labels by (id, text): a rebuild after an edit re-parses nothing
    label_cache: dict[tuple[str, str], str] = field(default_factory=dict)
    # stance: sentence vectors by text hash, kept while the server runs (queries.stance_with_cache)
    stance_vectors: dict[str, Any] = field(default_factory=dict)
    stance_warmed: bool = False  # the first visit to /stance starts the models (warm_stance)
    token: FormToken = field(default_factory=FormToken)
    edit_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def current(self) -> queries.Snapshot:
        """The snapshot, rebuilt first if another connection committed since it was built."""
        version = int(self.store.conn.execute("PRAGMA data_version").fetchone()[0])
        if version != self.data_version:
            self.snapshot = queries.Snapshot.build(self.store.conn, self.label_cache)
            self.data_version = version
        return self.snapshot


def _templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        span_link=span_link,
        version=__version__,
        json_link=_json_link,
        stance_max=STANCE_MAX_ARTICLES,
    )
    return env


def _json_link(request: Request) -> str:
    """This page's URL with format=json (the footer link)."""
    return request.url.path + "?" + urlencode({**request.query_params, "format": "json"})


def create_app(
    db_path: str | Path, *, allow_edits: bool = False, hosts: Iterable[str] = ()
) -> Starlette:
    """The ASGI app for the story database at `db_path` (read-only unless `allow_edits`).

    `hosts`: host names accepted in the Host header besides the loopback ones (127.0.0.1,
    localhost, ::1), e.g. the address `serve --host` binds.
    """
    db_path = Path(db_path)
    store = Store(db_path, readonly=True)  # raises StoreError with a next step if not a story db
    env = _templates()

    def state(request: Request) -> WebState:
        return request.app.state.web

    def render(
        request: Request, template: str, data: dict[str, Any], *, charts: bool = False,
        status: int = 200, extra: dict[str, Any] | None = None,
    ) -> Response:  # fmt: skip
        """The page as HTML, or its data as JSON with ?format=json (same dict either way)."""
        if params.output_format(request.query_params) == "json":
            return JSONResponse(data, status_code=status)
        st = state(request)
        html = env.get_template(template).render(
            data=data, request=request, snap=st.snapshot, charts=charts,
            allow_edits=st.allow_edits, csrf=st.token.value if st.allow_edits else "",
            **(extra or {}),
        )  # fmt: skip
        headers = {"content-security-policy": CSP_WITH_CHARTS} if charts else None
        return Response(html, status_code=status, media_type="text/html", headers=headers)

    def pager(request: Request, page: int, total: int) -> dict[str, Any]:
        pages = max(1, math.ceil(total / queries.PAGE_SIZE))

        def link(n: int) -> str:
            q = {k: v for k, v in request.query_params.items() if k != "page"}
            return request.url.path + "?" + urlencode({**q, "page": n})

        return {
            "page": page,
            "pages": pages,
            "total": total,
            "prev": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < pages else None,
        }

    async def overview(request: Request) -> Response:
        snap = state(request).current()
        page = params.page(request.query_params)
        data = {
            "last_run": state(request).store.info().get("last_run"),
            "counts": snap.counts,
            "outlets": snap.outlets,
            "date_range": list(snap.date_range),
            "articles": queries.articles_page(state(request).store.conn, page),
            "pager": pager(request, page, snap.counts["articles"]),
            "timeline_spec": snap.timeline_spec,
            "brief": snap.brief,
        }
        return render(request, "overview.html.j2", data, charts=True)

    async def actors(request: Request) -> Response:
        qp = request.query_params
        q = params.text(qp, "q")
        kind = params.text(qp, "type") or None
        if kind and kind not in ACTOR_TYPES:
            raise BadParameter(f"type must be one of {', '.join(ACTOR_TYPES)}")
        page = params.page(qp)
        st = state(request)
        rows, total = queries.actors_page(st.store.conn, st.current(), q=q, kind=kind, page=page)
        data = {"q": q, "type": kind, "actors": rows, "pager": pager(request, page, total)}
        return render(request, "actors.html.j2", data, extra={"types": ACTOR_TYPES})

    async def actor(request: Request) -> Response:
        page = params.page(request.query_params)
        st = state(request)
        row = queries.actor_detail(st.store.conn, st.current(), request.path_params["id"], page)
        if row is None:
            raise HTTPException(404, "no actor with this id")
        data = {"actor": row, "pager": pager(request, page, row["statements"])}
        return render(request, "actor.html.j2", data)

    async def statements(request: Request) -> Response:
        qp = request.query_params
        filters = {
            "q": params.text(qp, "q"),
            "speaker": params.text(qp, "speaker"),
            "outlet": params.text(qp, "outlet"),
            "from": params.iso_date(qp, "from"),
            "to": params.iso_date(qp, "to"),
            "claim": params.text(qp, "claim"),
        }
        page = params.page(qp)
        state(request).current()
        rows, total, capped = queries.statements_page(
            state(request).store.conn, q=filters["q"], speaker=filters["speaker"],
            outlet=filters["outlet"], date_from=filters["from"], date_to=filters["to"], page=page,
            claim=filters["claim"],
        )  # fmt: skip
        data = {
            "filters": filters,
            "statements": rows,
            "pager": {**pager(request, page, total), "capped": capped},
        }
        return render(request, "statements.html.j2", data)

    async def timeline(request: Request) -> Response:
        snap = state(request).current()
        page = params.page(request.query_params)
        start = (page - 1) * queries.PAGE_SIZE
        data = {
            "events": snap.timeline[start : start + queries.PAGE_SIZE],
            "pager": pager(request, page, len(snap.timeline)),
            "timeline_spec": snap.timeline_spec,
        }
        return render(request, "timeline.html.j2", data, charts=True)

    async def claims(request: Request) -> Response:
        snap = state(request).current()
        page = params.page(request.query_params)
        start = (page - 1) * queries.PAGE_SIZE
        min_sources = params.integer(
            request.query_params, "min_sources", default=0, low=0, high=1_000_000
        )
        rows = [r for r in snap.matrix["rows"] if (r.get("independent") or 0) >= min_sources]
        data = {
            "matrix": {
                "outlets": snap.matrix["outlets"],
                "rows": rows[start : start + queries.PAGE_SIZE],
            },
            "min_sources": min_sources,
            "contradictions": snap.contradictions[start : start + queries.PAGE_SIZE],
            "contradiction_offset": start,
            "pager": pager(request, page, max(len(rows), len(snap.contradictions))),
        }
        return render(request, "claims.html.j2", data)

    async def network(request: Request) -> Response:
        snap = state(request).current()
        data = {"network": snap.network, "spec": queries.network_spec(snap.network)}
        return render(request, "network.html.j2", data, charts=True)

    async def sourcing(request: Request) -> Response:
        st = state(request)
        st.current()
        found = queries.sourcing_data(st.store.conn)
        data = {**found, "spec": queries.sourcing_spec(found["channels"])}
        return render(request, "sourcing.html.j2", data, charts=True)

    async def article(request: Request) -> Response:
        params.output_format(request.query_params)
        st = state(request)
        st.current()
        found = reader_data(st.store, st.store.conn, request.path_params["id"])
        if found is None:
            raise HTTPException(404, "no article with this id")
        data, html = found
        return render(request, "article.html.j2", data, extra={"html": html})

    def stance_articles(st: WebState, outlet: str) -> list[Any]:
        """The articles the stance box scores: the most recent STANCE_MAX_ARTICLES."""
        ids = [
            r[0]
            for r in st.store.conn.execute(
                "SELECT id FROM articles WHERE analysed = 1 AND (? = '' OR coalesce(outlet, ?) = ?)"
                " ORDER BY published IS NULL, published DESC, id LIMIT ?",
                (outlet, queries.UNKNOWN_OUTLET, outlet, STANCE_MAX_ARTICLES),
            )
        ]
        return [r.article for r in st.store.load_records(ids)]

    async def stance(request: Request) -> Response:
        qp = request.query_params
        claim = params.text(qp, "claim")
        outlet = params.text(qp, "outlet")
        state(request).current()
        data: dict[str, Any] = {"claim": claim, "outlet": outlet, "results": [], "error": None}
        st = state(request)
        if not claim:
            response = render(request, "stance.html.j2", data)
            if not st.stance_warmed:  # load the models and embed while the user types
                st.stance_warmed = True
                response.background = BackgroundTask(
                    queries.warm_stance, stance_articles(st, ""), st.stance_vectors
                )
            return response
        try:
            from storylens.resolve.stance import stance_of_articles  # noqa: F401
        except ImportError as exc:
            data["error"] = f"stance is not available in this installation ({exc})"
            return render(request, "stance.html.j2", data, status=503)
        arts = stance_articles(st, outlet)
        try:
            results = await run_in_threadpool(
                queries.stance_with_cache, claim, arts, st.stance_vectors
            )
        except StorylensError as exc:
            data["error"] = str(exc)
            return render(request, "stance.html.j2", data, status=503)
        order = {"agree": 0, "disagree": 1, "discuss": 2, "unrelated": 3}
        data["results"] = sorted(
            (
                {
                    "article": a.id,
                    "outlet": a.outlet,
                    "published": a.published,
                    "published_source": a.published_source,
                    "title": a.title or a.path.rsplit("/", 1)[-1],
                    "label": r.label,
                    "score": r.score,
                    "evidence": [
                        {"start": s, "end": e, "text": a.text[s:e], "link": span_link(a.id, s, e)}
                        for s, e in r.evidence
                    ],
                }
                for a, r in results
            ),
            key=lambda x: (order.get(x["label"], 9), -x["score"]),
        )
        data["articles_scored"] = len(arts)
        return render(request, "stance.html.j2", data)

    async def edit_actor(request: Request) -> Response:
        from storylens.analyze import resolve_stored
        from storylens.resolve.actors import Correction

        st = state(request)
        if not st.allow_edits:
            raise HTTPException(403, "edits are off: start the server with --allow-edits")
        origin = request.headers.get("origin")
        if origin is not None and not same_origin(origin, request.headers.get("host", "")):
            raise HTTPException(403, "cross-site form posts are refused")
        form = await request.form(max_files=0, max_fields=8)
        if not st.token.check(form.get("csrf")):
            raise HTTPException(
                403, "the form has no valid token: reload the page and submit it again"
            )
        action = request.path_params["action"]
        if action not in EDIT_ACTIONS:
            raise HTTPException(404, "unknown action")
        actor_id = request.path_params["id"]
        if (
            st.store.conn.execute("SELECT 1 FROM actors WHERE id = ?", (actor_id,)).fetchone()
            is None
        ):
            raise HTTPException(404, "no actor with this id")
        value = str(form.get(EDIT_ACTIONS[action], "")).strip()
        if not value or len(value) > params.MAX_TEXT:
            raise BadParameter(f"{EDIT_ACTIONS[action]} must be 1 to {params.MAX_TEXT} characters")
        if action == "merge":
            other = queries.find_actor(st.store.conn, value)
            if other is None:
                raise BadParameter(f"no actor {value!r} to merge: give an actor id or alias")
            if other == actor_id:
                raise BadParameter("an actor cannot be merged with itself")

        def apply() -> None:
            with Store(st.db_path) as writable:
                writable.add_correction(Correction(action, actor_id, value))  # type: ignore[arg-type]
                resolve_stored(writable)

        async with st.edit_lock:
            await run_in_threadpool(apply)
        st.current()
        exists = st.store.conn.execute("SELECT 1 FROM actors WHERE id = ?", (actor_id,)).fetchone()
        return RedirectResponse(f"/actors/{actor_id}" if exists else "/actors", status_code=303)

    async def bad_parameter(request: Request, exc: Exception) -> Response:
        return _error(request, 400, str(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return _error(request, exc.status_code, exc.detail)

    def server_error(request: Request, exc: Exception) -> Response:
        return _error(request, 500, "internal error: the server log has the details")

    def _error(request: Request, status: int, message: str) -> Response:
        data = {"error": message, "status": status}
        if request.query_params.get("format") == "json":
            return JSONResponse(data, status_code=status)
        html = env.get_template("error.html.j2").render(
            data=data, request=request, allow_edits=allow_edits
        )
        return Response(html, status_code=status, media_type="text/html")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        app.state.web.store.close()

    app = Starlette(
        debug=False,
        routes=[
            Route("/", overview),
            Route("/actors", actors),
            Route("/actors/{id}", actor),
            Route("/actors/{id}/{action}", edit_actor, methods=["POST"]),
            Route("/statements", statements),
            Route("/timeline", timeline),
            Route("/claims", claims),
            Route("/sourcing", sourcing),
            Route("/network", network),
            Route("/articles/{id}", article),
            Route("/stance", stance),
            Mount("/static/vega", StaticFiles(directory=VEGA_DIR), name="vega"),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        exception_handlers={
            BadParameter: bad_parameter,
            HTTPException: http_error,
        },
        lifespan=lifespan,
    )
    # the version is read first: a commit during the build makes the next request rebuild
    version = int(store.conn.execute("PRAGMA data_version").fetchone()[0])
    label_cache: dict[tuple[str, str], str] = {}
    snapshot = queries.Snapshot.build(store.conn, label_cache)
    app.state.web = WebState(
        db_path, store, snapshot, allow_edits, data_version=version, label_cache=label_cache
    )
    # the last added is the outermost: SecurityHeaders -> AllowedHosts -> CatchErrors -> app
    app.add_middleware(CatchErrors, render=server_error)
    app.add_middleware(AllowedHosts, hosts=LOOPBACK_HOSTS | {h for h in hosts if h})
    app.add_middleware(SecurityHeaders)
    return app


def listen_socket(host: str, port: int) -> socket.socket:
    """A socket bound to host:port for uvicorn, or ServeError with one line saying what to do.

    Bound here rather than by uvicorn, whose failure to bind is a log line and exit 3.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise ServeError(f"cannot listen on {host!r}: unknown host; pass --host 127.0.0.1") from exc
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {port} on {host} is in use (another server?): pass --port to pick another"
            ) from exc
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sock


def served_hosts(host: str) -> set[str]:
    """Host names a browser may use for a server bound to `host` (besides loopback).

    A wildcard bind (0.0.0.0, ::) is reached by the machine's name or addresses.
    """
    if host not in ("0.0.0.0", "::", ""):
        return {host}
    names = {socket.gethostname(), socket.getfqdn()}
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None)
    except OSError:
        infos = []
    return names | {str(info[4][0]) for info in infos}
