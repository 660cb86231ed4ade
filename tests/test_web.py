"""The web UI through Starlette's TestClient: every page, JSON, errors, headers, safety.

One database per module: the demo story plus a hostile article whose text carries HTML and
script payloads (it must come back escaped on every page).
"""

from __future__ import annotations

import re
import shutil
import socket
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from storylens.web import create_app
from storylens.web.fts import fts_query

DEMO = Path(__file__).resolve().parent.parent / "examples" / "iraq-withdrawal"
BASE = "http://127.0.0.1:8765"  # the server answers loopback Host headers only

HOSTILE_TEXT = """Hostile Daily, 2021-05-02

Officials in Baghdad said on Sunday that the talks would continue. <script>window.pwned = 1; document.title = "pwned";</script>

"The American troops will stay in Iraq until the end of the year," said John Carter, a spokesman for the coalition. <img src=x onerror="window.pwned = 1; document.title = 'pwned'">

Read the full statement <a href="javascript:window.pwned=1;document.title='pwned'">here</a> and <svg onload="window.pwned=1"></svg> more.
"""


def build_story(folder: Path) -> Path:
    """Analyse the demo articles plus the hostile one into folder/story.db."""
    from storylens.analyze import analyze

    inputs = folder / "inputs"
    inputs.mkdir()
    for f in sorted(DEMO.glob("*.txt")):
        shutil.copy(f, inputs / f.name)
    (inputs / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    db = folder / "story.db"
    analyze([inputs], db, with_claims=True)
    return db


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_story(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(story_db: Path):
    with TestClient(create_app(story_db), raise_server_exceptions=False, base_url=BASE) as c:
        yield c


@pytest.fixture(scope="module")
def ids(client: TestClient) -> dict[str, str]:
    """An actor that is quoted, an article, and the hostile article's id."""
    actors = client.get("/actors", params={"format": "json"}).json()["actors"]
    quoted = next(a for a in actors if a["statements"])
    arts = client.get("/", params={"format": "json"}).json()["articles"]
    hostile = next(a for a in arts if a["path"].endswith("hostile.txt"))
    return {"actor": quoted["id"], "article": arts[0]["id"], "hostile": hostile["id"]}


PAGES = ["/", "/actors", "/statements", "/timeline", "/claims", "/stance", "/network", "/sourcing"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_html_and_json(client: TestClient, path: str) -> None:
    html = client.get(path)
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert '<nav aria-label="main">' in html.text
    js = client.get(path, params={"format": "json"})
    assert js.status_code == 200
    assert isinstance(js.json(), dict)


def test_actor_and_article_pages(client: TestClient, ids: dict[str, str]) -> None:
    page = client.get(f"/actors/{ids['actor']}")
    assert page.status_code == 200
    data = client.get(f"/actors/{ids['actor']}", params={"format": "json"}).json()["actor"]
    assert data["statement_list"], "a quoted actor lists its statements"
    s = data["statement_list"][0]
    link = f"/articles/{s['article']}#{s['start']}-{s['end']}"
    assert link in page.text
    reader = client.get(f"/articles/{s['article']}", params={"format": "json"}).json()
    assert reader["article"]["text"][s["start"] : s["end"]] == s["content"]
    assert client.get(f"/articles/{s['article']}").status_code == 200


def test_overview_counts_agree_with_store(client: TestClient, story_db: Path) -> None:
    from storylens.store import Store

    with Store(story_db, readonly=True) as store:
        counts = store.info()["counts"]
    data = client.get("/", params={"format": "json"}).json()
    for table in ("articles", "actors", "statements", "events", "claims"):
        assert data["counts"][table] == counts[table]
    assert data["timeline_spec"]["data"]["values"], "the demo story has dated events"


def test_json_has_the_same_rows_as_html(client: TestClient) -> None:
    data = client.get("/actors", params={"format": "json"}).json()
    html = client.get("/actors").text
    for a in data["actors"]:
        assert f'href="/actors/{a["id"]}"' in html


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/?page=0", 400),
        ("/?page=%C2%B2", 400),  # '²': str.isdigit() says yes, int() says no
        ("/?page=99999999999999999999", 400),
        ("/actors?page=%D9%A3", 400),  # Arabic-Indic three
        ("/statements?page=1e3", 400),
        ("/claims?page=%C2%B2", 400),
        ("/timeline?page=%2B1", 400),
        ("/statements?from=%D9%A2%D9%A0%D9%A2%D9%A0", 400),
        ("/?page=abc", 400),
        ("/actors?page=-1", 400),
        ("/actors?type=ROBOT", 400),
        ("/statements?from=2020-13", 400),
        ("/statements?to=yesterday", 400),
        ("/statements?q=" + "x" * 600, 400),
        ("/timeline?format=xml", 400),
        ("/actors/a_does_not_exist", 404),
        ("/articles/0000000000000000", 404),
        ("/no/such/page", 404),
    ],
)
def test_bad_parameters_and_unknown_ids(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status
    assert "Traceback" not in r.text
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-type"].startswith("text/html")
    if "format=" not in url:
        as_json = client.get(url + ("&" if "?" in url else "?") + "format=json")
        assert as_json.status_code == status
        assert as_json.json()["status"] == status


def test_error_json(client: TestClient) -> None:
    r = client.get("/actors/nobody", params={"format": "json"})
    assert r.status_code == 404
    assert r.json() == {"error": "no actor with this id", "status": 404}


@pytest.mark.parametrize(
    "path", ["/", "/actors", "/claims", "/static/web.css", "/nope", "/?page=%C2%B2"]
)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    h = client.get(path).headers
    csp = h["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "no-referrer"


def _assert_secure(r) -> None:
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"


def test_page_param_on_actor_page(client: TestClient, ids: dict[str, str]) -> None:
    r = client.get(f"/actors/{ids['actor']}", params={"page": "²"})
    assert r.status_code == 400
    _assert_secure(r)


def test_405_and_500_carry_security_headers(
    client: TestClient, story_db: Path, tmp_path: Path
) -> None:
    r = client.post("/")
    assert r.status_code == 405
    _assert_secure(r)
    db = tmp_path / "broken.db"
    shutil.copy(story_db, db)
    with TestClient(create_app(db), raise_server_exceptions=False, base_url=BASE) as c:
        assert c.get("/actors").status_code == 200
        with sqlite3.connect(db) as conn:  # the database changes under the server
            conn.execute("ALTER TABLE actors RENAME TO actors_gone")
        r = c.get("/actors")
        assert r.status_code == 500
        _assert_secure(r)
        assert "Traceback" not in r.text and "actors_gone" not in r.text
        js = c.get("/actors", params={"format": "json"})
        assert js.status_code == 500
        assert js.json()["status"] == 500


def test_server_sees_articles_added_later(story_db: Path, tmp_path: Path) -> None:
    from storylens.analyze import analyze

    db = tmp_path / "grow.db"
    shutil.copy(story_db, db)
    new = tmp_path / "new.txt"
    new.write_text(
        'Later Times, 2021-06-01\n\n"We are staying," said Maria Lopez, a spokeswoman.\n',
        encoding="utf-8",
    )
    with TestClient(create_app(db), raise_server_exceptions=False, base_url=BASE) as c:
        before = c.get("/", params={"format": "json"}).json()
        analyze([new], db, with_claims=False)
        after = c.get("/", params={"format": "json"}).json()
        assert after["counts"]["articles"] == before["counts"]["articles"] + 1
        assert any(a["path"].endswith("new.txt") for a in after["articles"])
        assert after["last_run"]["id"] > before["last_run"]["id"]


def test_overview_shows_the_last_run_as_info_says(client: TestClient, story_db: Path) -> None:
    from storylens.store import Store

    with Store(story_db, readonly=True) as store:
        last = store.info()["last_run"]
    data = client.get("/", params={"format": "json"}).json()
    assert data["last_run"] == last
    assert f"Last run #{last['id']}" in client.get("/").text


def test_serve_on_a_port_in_use_exits_1(story_db: Path) -> None:
    from click.testing import CliRunner

    from storylens.cli import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = CliRunner().invoke(cli, ["serve", "--db", str(story_db), "--port", str(port)])
    assert r.exit_code == 1
    assert f"port {port}" in r.output and "--port" in r.output
    assert "Traceback" not in r.output


def test_only_chart_pages_allow_eval(client: TestClient) -> None:
    assert "'unsafe-eval'" in client.get("/").headers["content-security-policy"]
    assert "'unsafe-eval'" in client.get("/timeline").headers["content-security-policy"]
    for path in ("/actors", "/claims", "/statements", "/stance"):
        assert "'unsafe-eval'" not in client.get(path).headers["content-security-policy"]


def test_no_inline_script_in_any_page(client: TestClient, ids: dict[str, str]) -> None:
    import re

    for path in [*PAGES, f"/actors/{ids['actor']}", f"/articles/{ids['hostile']}"]:
        for tag in re.findall(r"<script[^>]*>", client.get(path).text):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)


def test_hostile_article_is_escaped(client: TestClient, ids: dict[str, str]) -> None:
    r = client.get(f"/articles/{ids['hostile']}")
    assert r.status_code == 200
    assert "<script>window.pwned" not in r.text
    assert "&lt;script&gt;window.pwned" in r.text
    assert "<img src=x" not in r.text
    assert '<a href="javascript:' not in r.text
    assert "<svg" not in r.text
    data = client.get(f"/articles/{ids['hostile']}", params={"format": "json"}).json()
    assert "<script>" in data["article"]["text"], "JSON keeps the text exactly as stored"


@pytest.mark.parametrize(
    "query",
    ['"', 'troops"', "NEAR(", "NEAR(troops leave", "AND", "OR OR", "troops*", "*", "col:x",
     "^troop", "-troops", "(", ")", "''", "withdraw* Iraq", "'; DROP TABLE statements; --",
     "é", "😀 troops", "%", "_"],
)  # fmt: skip
def test_fts_search_never_fails(client: TestClient, query: str) -> None:
    r = client.get("/statements", params={"q": query, "format": "json"})
    assert r.status_code == 200, r.text
    assert isinstance(r.json()["statements"], list)


def test_statement_search_finds_and_filters(client: TestClient) -> None:
    hits = client.get("/statements", params={"q": "troops", "format": "json"}).json()
    assert hits["pager"]["total"] > 0
    assert all(
        "troop" in s["content"].lower() or "troop" in (s["speaker_text"] or "").lower()
        for s in hits["statements"]
    )
    outlet = next(s["outlet"] for s in hits["statements"] if s["outlet"])
    only = client.get(
        "/statements", params={"q": "troops", "outlet": outlet, "format": "json"}
    ).json()
    assert only["statements"] and all(s["outlet"] == outlet for s in only["statements"])
    none = client.get(
        "/statements", params={"q": "troops", "outlet": "No Such Outlet", "format": "json"}
    ).json()
    assert none["statements"] == []
    dated = client.get(
        "/statements", params={"from": "2020-01-05", "to": "2020-01-10", "format": "json"}
    ).json()
    assert dated["statements"] and all(
        "2020-01-05" <= s["date"] <= "2020-01-10" for s in dated["statements"]
    )


def test_speaker_filter_by_actor_id_and_name(client: TestClient, ids: dict[str, str]) -> None:
    by_id = client.get("/statements", params={"speaker": ids["actor"], "format": "json"}).json()
    assert by_id["statements"] and all(
        s["speaker_actor"] == ids["actor"] for s in by_id["statements"]
    )
    name = by_id["statements"][0]["speaker_name"]
    by_name = client.get("/statements", params={"speaker": name, "format": "json"}).json()
    assert by_name["pager"]["total"] >= by_id["pager"]["total"]


def test_actor_search_matches_aliases(client: TestClient) -> None:
    everyone = client.get("/actors", params={"format": "json"}).json()["actors"]
    with_alias = next(a for a in everyone if any(al != a["name"] for al in a["aliases"]))
    alias = next(al for al in with_alias["aliases"] if al != with_alias["name"])
    found = client.get("/actors", params={"q": alias, "format": "json"}).json()["actors"]
    assert with_alias["id"] in {a["id"] for a in found}
    assert client.get("/actors", params={"q": "%", "format": "json"}).json()["actors"] == []


def test_links_use_one_span_scheme(client: TestClient, ids: dict[str, str]) -> None:
    import re

    for path in ["/statements", "/timeline", "/claims", f"/actors/{ids['actor']}"]:
        links = re.findall(r'href="(/articles/[^"]+)"', client.get(path).text)
        assert links, path
        assert all(re.fullmatch(r"/articles/[0-9a-f]+(#\d+-\d+)?", x) for x in links), path


def test_every_page_within_two_clicks_of_overview(client: TestClient) -> None:
    html = client.get("/").text
    for path in ["/actors", "/statements", "/timeline", "/claims", "/stance"]:
        assert f'href="{path}"' in html
    assert 'href="/articles/' in html


def test_edits_are_refused_when_off(client: TestClient, ids: dict[str, str]) -> None:
    for action, field in (("rename", "name"), ("merge", "other"), ("split", "alias")):
        r = client.post(f"/actors/{ids['actor']}/{action}", data={field: "X"})
        assert r.status_code == 403
    assert "Correct this actor" not in client.get(f"/actors/{ids['actor']}").text


def _token(c: TestClient, actor: str) -> str:
    page = c.get(f"/actors/{actor}").text
    m = re.search(r'name="csrf" value="([^"]+)"', page)
    assert m, "edit forms carry the token"
    return m[1]


@pytest.fixture
def edit_client(story_db: Path, tmp_path: Path):
    db = tmp_path / "edit.db"
    shutil.copy(story_db, db)
    with TestClient(
        create_app(db, allow_edits=True), raise_server_exceptions=False, base_url=BASE
    ) as c:
        yield c


def test_edits_rename_when_allowed(edit_client: TestClient, ids: dict[str, str]) -> None:
    c, actor = edit_client, ids["actor"]
    assert "Correct this actor" in c.get(f"/actors/{actor}").text
    token = _token(c, actor)
    r = c.post(
        f"/actors/{actor}/rename",
        data={"name": "Renamed Person", "csrf": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    data = c.get(f"/actors/{actor}", params={"format": "json"}).json()
    assert data["actor"]["name"] == "Renamed Person"
    cross = c.post(
        f"/actors/{actor}/rename",
        data={"name": "Y", "csrf": token},
        headers={"origin": "http://evil.example"},
    )
    assert cross.status_code == 403
    empty = c.post(f"/actors/{actor}/rename", data={"name": "", "csrf": token})
    assert empty.status_code == 400


def test_edits_need_the_token(edit_client: TestClient, ids: dict[str, str]) -> None:
    c, actor = edit_client, ids["actor"]
    before = c.get(f"/actors/{actor}", params={"format": "json"}).json()["actor"]["name"]
    token = _token(c, actor)
    for data in ({"name": "No Token"}, {"name": "Bad", "csrf": "x" * len(token)},
                 {"name": "Short", "csrf": token[:-1]}):  # fmt: skip
        r = c.post(f"/actors/{actor}/rename", data=data)
        assert r.status_code == 403, data
        assert r.headers["x-content-type-options"] == "nosniff"
    # a rebinding pair: Host and Origin agree, but name a host that is not ours
    evil = {"host": "evil.example:8822", "origin": "http://evil.example:8822"}
    r = c.post(f"/actors/{actor}/rename", data={"name": "Evil", "csrf": token}, headers=evil)
    assert r.status_code == 400
    r = c.post(
        f"/actors/{actor}/rename", data={"name": "Null", "csrf": token}, headers={"origin": "null"}
    )
    assert r.status_code == 403
    after = c.get(f"/actors/{actor}", params={"format": "json"}).json()["actor"]["name"]
    assert after == before


def test_token_differs_per_server(story_db: Path, tmp_path: Path, ids: dict[str, str]) -> None:
    db = tmp_path / "edit.db"
    shutil.copy(story_db, db)
    tokens = set()
    for _ in range(2):
        with TestClient(create_app(db, allow_edits=True), base_url=BASE) as c:
            tokens.add(_token(c, ids["actor"]))
    assert len(tokens) == 2


def test_merge_with_itself_or_unknown_is_refused(
    edit_client: TestClient, ids: dict[str, str]
) -> None:
    c, actor = edit_client, ids["actor"]
    token = _token(c, actor)
    name = c.get(f"/actors/{actor}", params={"format": "json"}).json()["actor"]["name"]
    count = c.get("/", params={"format": "json"}).json()["counts"]["actors"]
    for other in (actor, actor.upper(), name, "a_does_not_exist", "Nobody At All"):
        r = c.post(f"/actors/{actor}/merge", data={"other": other, "csrf": token})
        assert r.status_code == 400, other
    assert c.get("/", params={"format": "json"}).json()["counts"]["actors"] == count


def test_host_allow_list(client: TestClient, story_db: Path) -> None:
    for host in ("127.0.0.1", "localhost:9", "[::1]:8765", "LOCALHOST"):
        assert client.get("/", headers={"host": host}).status_code == 200, host
    for host in ("evil.example", "evil.example:8765", "127.0.0.1.evil.example", "[::1", ""):
        r = client.get("/", headers={"host": host})
        assert r.status_code == 400, host
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'self'" in r.headers["content-security-policy"]
    with TestClient(create_app(story_db, hosts={"10.1.2.3"}), base_url="http://10.1.2.3:80") as c:
        assert c.get("/").status_code == 200


def test_stance_box(client: TestClient) -> None:
    r = client.get("/stance", params={"claim": "US troops will leave Iraq", "format": "json"})
    if r.status_code == 503:
        pytest.skip(f"stance not available: {r.json()['error']}")
    assert r.status_code == 200
    data = r.json()
    assert data["results"]
    assert {x["label"] for x in data["results"]} <= {"agree", "disagree", "discuss", "unrelated"}
    for x in data["results"]:
        for e in x["evidence"]:
            assert e["link"] == f"/articles/{x['article']}#{e['start']}-{e['end']}"


def test_not_a_database(tmp_path: Path) -> None:
    from storylens.errors import StoreError

    with pytest.raises(StoreError):
        create_app(tmp_path / "missing.db")


@given(st.text(max_size=60))
@settings(
    max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
def test_fts_query_is_always_valid(text: str) -> None:
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(content)")
    conn.execute("INSERT INTO t VALUES ('the troops will leave Iraq')")
    q = fts_query(text)
    if q is not None:
        conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (q,)).fetchone()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("troops", '"troops"'),
        ('"troops', '"troops"'),
        ("NEAR(a b)", '"NEAR" "a" "b"'),
        ("withdr*", '"withdr"*'),
        ("", None),
        ('"" () *', None),
    ],
)
def test_fts_query_table(text: str, expected: str | None) -> None:
    assert fts_query(text) == expected


# -- issue 14: measured web defects ----------------------------------------------------------
def test_overview_date_range_spans_every_article(client: TestClient, story_db: Path) -> None:
    with sqlite3.connect(story_db) as conn:
        lo, hi = conn.execute("SELECT min(published), max(published) FROM articles").fetchone()
    data = client.get("/", params={"format": "json"}).json()
    assert data["date_range"] == [lo, hi]
    assert f"published {lo} to {hi}" in client.get("/").text


def test_statement_search_is_newest_first(client: TestClient) -> None:
    rows = client.get("/statements", params={"q": "withdraw*", "format": "json"}).json()[
        "statements"
    ]
    dated = [r["date"] for r in rows if r["date"]]
    assert len(dated) >= 2
    assert dated == sorted(dated, reverse=True)
    assert all(r["date"] is None for r in rows[len(dated) :])  # undated last


def test_grids_can_shrink_below_their_content(client: TestClient) -> None:
    """`1fr` is `minmax(auto, 1fr)`: a long cell widened /claims past 390 px (issue 14)."""
    css = client.get("/static/web.css").text
    for selector in (".grid2 {", ".claims {"):
        rule = css[css.index(selector) : css.index("}", css.index(selector))]
        assert "grid-template-columns: minmax(0," in rule, rule


def test_chart_labels_fit_a_narrow_chart(client: TestClient) -> None:
    js = client.get("/static/chart.js").text
    assert "fitLabels(spec, target.clientWidth)" in js and "data-label-limit" in js


def test_report_span_targets_clear_the_sticky_nav(demo_story) -> None:
    from storylens.report import render_report

    html = render_report(demo_story)
    assert "position: sticky" in html
    assert "[id] { scroll-margin-top:" in html


# -- issue 14: the brief, claims as propositions, the timeline, the network, inferred dates --


def test_landing_page_is_the_brief(client: TestClient) -> None:
    page = client.get("/").text
    data = client.get("/", params={"format": "json"}).json()["brief"]
    assert 'id="brief"' in page
    for c in data["claims"]:
        assert c["label"] in page.replace("&#39;", "'").replace("&amp;", "&")
    for e in data["events"]:
        assert e["link"] in page


def test_claims_matrix_by_outlets_singletons_folded_cells_link(client: TestClient) -> None:
    data = client.get("/claims", params={"format": "json"}).json()["matrix"]
    rows = data["rows"]
    multi = [r for r in rows if not r["single"]]
    assert [r["outlets"] for r in multi] == sorted((r["outlets"] for r in multi), reverse=True)
    assert all(r["statements"] == 1 for r in rows if r["single"])
    html = client.get("/claims").text
    assert '<details class="folded">' in html
    top = rows[0]
    for outlet, n in zip(data["outlets"], top["cells"], strict=True):
        if not n:
            continue
        got = client.get(
            "/statements", params={"claim": top["id"], "outlet": outlet, "format": "json"}
        ).json()["statements"]
        assert len(got) == n
    assert top["label"] != top["text"]  # a proposition, not the raw span


def test_timeline_labels_and_one_source_per_article(client: TestClient) -> None:
    events = client.get("/timeline", params={"format": "json"}).json()["events"]
    for e in events:
        arts = [m["article"] for m in e["mentions"]]
        assert len(arts) == len(set(arts)), e["id"]
        assert len(e["label"].split()) <= 16
        assert "…" not in e["label"][:-1]
    labels = [e["label"] for e in events if e["date"] in ("2008", "2011", "2014")]
    assert len(set(labels)) == len(labels)  # one sentence, three happenings, three labels


def test_dates_the_outlet_did_not_print_are_marked(client: TestClient) -> None:
    overview = client.get("/").text
    assert 'class="inferred"' in overview and "≈2020-01-15" in overview
    said = client.get("/statements", params={"outlet": "RT"}).text
    assert "≈2020-01-15" in said
    said = client.get("/statements", params={"outlet": "The Daily Beast"}).text
    assert "≈" not in said
    assert "≈" in client.get("/timeline").text


def test_network_has_the_graphml_edges(client: TestClient, demo_story) -> None:
    from storylens.export.graph import actor_graph

    net = client.get("/network", params={"format": "json"}).json()["network"]
    ids = {n["id"] for n in net["nodes"]}
    graph = actor_graph(demo_story)
    together = {
        frozenset((e["source"], e["target"])) for e in net["edges"] if e["kind"] == "named together"
    }
    for x, y, attrs in graph.edges(data=True):
        if attrs["kind"] == "co-mention" and x in ids and y in ids and attrs["weight"] >= 2:
            assert frozenset((x, y)) in together, (x, y)
    assert any(e["kind"] == "quotes" for e in net["edges"])
