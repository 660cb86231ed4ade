"""How each outlet knows (issue 13): channels on the demo, copied passages, independence.

Expected channels and relays are written down from the demo texts (see the issue): Fars
relays the newspaper Al-Akhbar; Al Jazeera Net, the Daily Beast, Al-Arabiya and RT report
from their own interviews; RT relays an interview with CNN and one on CBS.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import replace
from pathlib import Path

import jsonschema
import networkx as nx
import pytest
from click.testing import CliRunner

from storylens.cli import cli
from storylens.export.sourcing import sourcing_graph, write_sourcing_graphml
from storylens.export.tables import SCHEMA_PATH, story_to_contract
from storylens.model import (
    Article,
    ArticleRecords,
    CopiedPassage,
    Sentence,
    Span,
    Statement,
    article_id_for,
)
from storylens.resolve.sourcing import (
    CHANNELS,
    count_candidates,
    count_independent,
    find_copies,
    outlet_key,
)

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
KHASHOGGI = SHARED / "corpus" / "khashoggi"


# -- channels on the demo ----------------------------------------------------------------------


def _statement_near(story, outlet: str, phrase: str) -> Statement:
    """The statement of the outlet's article whose attribution (content, cue and speaker
    together) covers `phrase`; the tightest when several do."""
    for rec in story.records:
        if rec.article.outlet != outlet:
            continue
        pos = rec.article.text.find(phrase)
        assert pos >= 0, phrase

        def extent(s: Statement) -> tuple[int, int]:
            xs = [x for x in (s.start, s.end, s.cue_start, s.cue_end, s.speaker_start,
                              s.speaker_end) if x is not None]  # fmt: skip
            return min(xs), max(xs)

        covering = [s for s in rec.statements if extent(s)[0] <= pos < extent(s)[1] + 2]
        assert covering, phrase
        return min(covering, key=lambda s: extent(s)[1] - extent(s)[0])
    raise AssertionError(f"no article from {outlet}")


@pytest.mark.parametrize(
    ("outlet", "phrase", "channel", "source"),
    [
        ("Fars News Agency", "newspaper Al-Akhbar reported", "outlet", "Al-Akhbar"),
        ("Fars News Agency", "The author goes on", "outlet", "Al-Akhbar"),
        ("Fars News Agency", "International Group", "own", "Fars News Agency"),
        ("Al Jazeera Net", "Roche told Al-Jazeera Net", "own", "Al Jazeera Net"),
        ("Al Jazeera Net", "interview with Al-Jazeera Net", "own", "Al Jazeera Net"),
        ("RT", "in an interview with CNN", "outlet", "CNN"),
        ("RT", "said on CBS", "outlet", "CBS"),
        ("RT", "said Vladimir Batyuk", "own", "RT"),
        ("RT", "the statement said", "document", None),
        ("The Daily Beast", "officials told the Daily Beast", "own", "The Daily Beast"),
        ("The Daily Beast", "US officials told Iraqis", "anonymous", None),
        ("The Daily Beast", "Iraqi sources said", "anonymous", None),
        ("Al-Arabiya", "confirmed to Al-Arabiya", "own", "Al-Arabiya"),
    ],
)
def test_demo_channels(demo_story, outlet, phrase, channel, source) -> None:
    st = _statement_near(demo_story, outlet, phrase)
    assert (st.channel, st.channel_source) == (channel, source), st


def test_plain_attributions_stay_unknown(demo_story) -> None:
    """Precision first: "X said" names no channel, so it is unknown, not a guess."""
    st = _statement_near(demo_story, "RT", "Pentagon spokesman Jonathan Hoffman said")
    assert st.channel == "unknown" and st.channel_start is None
    unknown = sum(s.channel == "unknown" for s in demo_story.statements())
    assert unknown >= len(demo_story.statements()) // 2


def test_every_statement_has_a_channel_with_evidence_in_its_article(demo_story) -> None:
    text = {a.id: a.text for a in demo_story.articles}
    for s in demo_story.statements():
        assert s.channel in CHANNELS
        assert (s.channel == "outlet") <= bool(s.channel_source)
        if s.channel != "unknown":
            assert s.channel_start is not None and s.channel_end is not None
            assert 0 <= s.channel_start < s.channel_end <= len(text[s.article])


def test_demo_relays_are_exactly_the_ones_in_the_text(demo_story) -> None:
    g = sourcing_graph(demo_story)
    relays = {(e["source"], e["target"]) for e in g["edges"] if e["kind"] == "relays"}
    assert relays == {
        ("outlet:farsnewsagency", "outlet:alakhbar"),
        ("outlet:rt", "outlet:cnn"),
        ("outlet:rt", "outlet:cbs"),
    }
    nodes = {n["id"]: n for n in g["nodes"]}
    assert nodes["outlet:alakhbar"]["kind"] == "cited"
    assert nodes["outlet:alakhbar"]["type"] == "MEDIA"  # the actor stage typed it
    assert not [e for e in g["edges"] if e["kind"] == "copies"]  # five different stories


def test_sourcing_graph_is_deterministic_and_exports(demo_story, tmp_path: Path) -> None:
    a, b = sourcing_graph(demo_story), sourcing_graph(demo_story)
    assert json.dumps(a) == json.dumps(b)
    out = tmp_path / "s.graphml"
    write_sourcing_graphml(demo_story, out)
    g = nx.read_graphml(out, force_multigraph=True)
    assert g.has_edge("outlet:rt", "outlet:cnn")
    first = out.read_bytes()
    write_sourcing_graphml(demo_story, out)
    assert out.read_bytes() == first


# -- independent confirmation ------------------------------------------------------------------


def _art(aid: str, outlet: str | None, published: str | None = None) -> Article:
    return Article(id=aid, path=f"{aid}.txt", text="x" * 400, outlet=outlet, published=published)


def _st(sid: str, article: str, channel: str = "unknown", source: str | None = None) -> Statement:
    return Statement(
        id=sid, article=article, start=10, end=60, content="c", kind="indirect", cue="said",
        speaker_text=None, channel=channel, channel_source=source,
    )  # fmt: skip


def test_a_relay_adds_no_independent_source() -> None:
    arts = {"a": _art("a", "Reuters"), "b": _art("b", "Gulf News"), "c": _art("c", "CBC News")}
    own = [_st("1", "a", "own", "Reuters"), _st("3", "c")]
    relayed = _st("2", "b", "outlet", "Reuters")
    assert count_independent(own, arts) == 2
    assert count_independent([*own, relayed], arts) == 2
    assert count_independent([*own, _st("2", "b")], arts) == 3


def test_a_copy_adds_no_independent_source() -> None:
    arts = {"a": _art("a", "Outlet A"), "b": _art("b", "Blog B")}
    sts = [_st("1", "a"), _st("2", "b")]
    assert count_independent(sts, arts) == 2
    copy = CopiedPassage("a", 0, 100, "b", 0, 100, 0.9, None)
    assert count_independent(sts, arts, [copy]) == 1
    elsewhere = CopiedPassage("a", 200, 300, "b", 200, 300, 0.9, None)
    assert count_independent(sts, arts, [elsewhere]) == 2


def test_two_articles_of_one_outlet_are_one_source() -> None:
    arts = {"a": _art("a", "The Daily Beast"), "b": _art("b", "Daily Beast")}
    assert count_independent([_st("1", "a"), _st("2", "b")], arts) == 1
    assert outlet_key("the Daily Beast") == outlet_key("The Daily Beast")


def test_claims_sort_and_filter_by_independent_sources(demo_db: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["claims", "--db", str(demo_db), "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)["rows"]
    values = [r["independent"] or 0 for r in rows]
    assert values == sorted(values, reverse=True) and values[0] >= 2
    res = runner.invoke(cli, ["claims", "--db", str(demo_db), "--json", "--min-sources", "2"])
    kept = json.loads(res.output)["rows"]
    assert kept and all(r["independent"] >= 2 for r in kept)
    assert len(kept) == sum(v >= 2 for v in values)


def test_cli_shows_channels_and_exports_the_graph(demo_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["statements", "--db", str(demo_db), "--outlet", "Fars"])
    assert res.exit_code == 0 and "[via Al-Akhbar]" in res.output
    out = tmp_path / "s.graphml"
    res = runner.invoke(
        cli, ["export", "--db", str(demo_db), "--format", "graphml", "--graph", "sourcing",
              "-o", str(out)],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert nx.read_graphml(out, force_multigraph=True).number_of_nodes() > 5
    res = runner.invoke(cli, ["export", "--db", str(demo_db), "--format", "csv", "--graph",
                              "sourcing", "-o", str(tmp_path / "x")])  # fmt: skip
    assert res.exit_code == 2


def test_contract_carries_sourcing_and_old_exports_still_validate(demo_story) -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    contract = story_to_contract(demo_story)
    jsonschema.validate(contract, schema)
    assert {s["channel"] for s in contract["statements"]} <= set(CHANNELS)
    old = json.loads(json.dumps(contract))
    del old["copies"]
    for s in old["statements"]:
        for k in ("channel", "channel_source", "channel_start", "channel_end"):
            del s[k]
    for c in old["claims"]:
        del c["independent_sources"]
    jsonschema.validate(old, schema)
    contract["statements"][0]["channel"] = "rumour"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(contract, schema)


# -- channels on sentences written to test the rules (real spaCy parse) ----------------------


@pytest.fixture(scope="module")
def synthetic_story():
    from storylens.extract import extract_many
    from storylens.nlp import load_nlp
    from storylens.resolve import resolve_story

    texts = {
        "wire": "BEIRUT (Reuters) - The minister said on Monday that the border would reopen "
        "next week, after talks with the neighbouring government.",
        "sources": "Officials are divided over the plan. Three sources told Newsweek that "
        "the president would veto the bill.",
        "plain": "The mayor said the bridge would be closed until March. Engineers found "
        "cracks in two of its pillars.",
        "anon": "A senior diplomat, who spoke on condition of anonymity, said the talks "
        "had failed.",
        "said": "The ministry said on Friday that a reporter for the Guardian had left the "
        "country, directly contradicting police officials who say they believe the reporter "
        "is still in custody.",
    }
    articles = [
        Article(id=article_id_for(t), path=f"{k}.txt", text=t, outlet="Daily Planet")
        for k, t in texts.items()
    ]
    story = resolve_story(list(extract_many(articles, load_nlp())), with_claims=False)
    return {Path(r.article.path).stem: r for r in story.records}


def _channels(rec: ArticleRecords) -> set[tuple[str | None, str | None]]:
    return {(s.channel, s.channel_source) for s in rec.statements}


def test_an_agency_dateline_makes_the_article_a_relay(synthetic_story) -> None:
    assert _channels(synthetic_story["wire"]) == {("outlet", "Reuters")}


def test_sources_told_an_outlet_is_that_outlet(synthetic_story) -> None:
    assert ("outlet", "Newsweek") in _channels(synthetic_story["sources"])


def test_no_cue_no_channel(synthetic_story) -> None:
    assert _channels(synthetic_story["plain"]) <= {("unknown", None)}
    assert synthetic_story["plain"].statements


def test_anonymity_is_anonymous(synthetic_story) -> None:
    assert _channels(synthetic_story["anon"]) == {("anonymous", None)}


def test_an_outlet_inside_another_statement_is_no_channel(synthetic_story) -> None:
    """'the Guardian' is in what the ministry said, so it is not how the officials' claim
    reached the outlet (the Khashoggi story's 'contributor to the Washington Post')."""
    channels = {
        synthetic_story["said"].article.text[s.start : s.end]: s.channel
        for s in synthetic_story["said"].statements
    }
    assert channels == {
        "a reporter for the Guardian had left the country": "unknown",
        "they believe the reporter is still in custody": "anonymous",
    }


# -- copied passages ---------------------------------------------------------------------------


def _records(texts: dict[str, str], published: dict[str, str] | None = None):
    """Records with sentences split at sentence-final punctuation (the copy finder reads
    only sentences and boilerplate)."""
    out = []
    for name, text in texts.items():
        aid = article_id_for(text)
        a = Article(
            id=aid, path=f"{name}.txt", text=text, outlet=name,
            published=(published or {}).get(name),
        )  # fmt: skip
        sents = tuple(
            Sentence(aid, m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]?", text)
        )
        out.append(ArticleRecords(article=a, sentences=sents))
    return out


def _khashoggi_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(KHASHOGGI.glob("0*.txt"))}


def _edit(sentence: str, rng: random.Random) -> str:
    """A light edit: one word dropped and one replaced (a copy editor's touch)."""
    words = sentence.split()
    if len(words) > 12:
        del words[rng.randrange(len(words))]
        words[rng.randrange(len(words))] = "reportedly"
    return " ".join(words)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.findall(r"[^.!?\n]+[.!?]?", text) if len(s.split()) >= 8]


@pytest.mark.skipif(not KHASHOGGI.is_dir(), reason="shared corpus not present")
def test_planted_copies_are_found_and_unrelated_articles_share_nothing() -> None:
    rng = random.Random(7)
    originals = _khashoggi_texts()
    assert len(originals) >= 5
    texts = dict(originals)
    planted: dict[str, list[str]] = {}
    for i, (name, text) in enumerate(sorted(originals.items())):
        sents = _sentences(text)
        if i % 3 == 0:  # whole copy, lightly edited
            copied = [_edit(s, rng) for s in sents]
        elif i % 3 == 1:  # partial copy: the first half, inside other text
            copied = sents[: max(2, len(sents) // 2)]
        else:  # every other sentence, edited
            copied = [_edit(s, rng) for s in sents[::2]]
        body = "A blog wrote about this today. " + "\n\n".join(copied) + " Share this post."
        texts[f"copy-{name}"] = body
        planted[f"copy-{name}"] = copied
    records = _records(texts)
    by_name = {Path(r.article.path).stem: r.article for r in records}
    copies = find_copies(records)
    found = total = 0
    for copy_name, copied in planted.items():
        art = by_name[copy_name]
        orig_id = by_name[copy_name.removeprefix("copy-")].id
        spans = [
            (p.a_start, p.a_end) if p.a == art.id else (p.b_start, p.b_end)
            for p in copies
            if {p.a, p.b} == {art.id, orig_id}
        ]
        for s in copied:
            pos = art.text.find(s)
            total += 1
            found += any(a <= pos < b for a, b in spans)
    assert total >= 20 and found / total >= 0.95
    # Nothing between the originals (six reports of one story, none a copy of another) nor
    # between a copy and an original it was not made from.
    name_of = {a.id: n for n, a in by_name.items()}
    for p in copies:
        names = {name_of[p.a].removeprefix("copy-"), name_of[p.b].removeprefix("copy-")}
        assert len(names) == 1, names


def test_unrelated_stories_share_nothing(demo_dir: Path) -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(demo_dir.glob("*.txt"))}
    if KHASHOGGI.is_dir():
        texts.update(_khashoggi_texts())
    assert find_copies(_records(texts)) == []


def test_copies_know_which_is_earlier() -> None:
    rng = random.Random(3)
    base = _random_article(rng, 6)
    records = _records(
        {"first": base, "second": "Reposted. " + base},
        {"first": "2020-01-05", "second": "2020-01-06"},
    )
    (p,) = find_copies(records)
    first = next(r.article for r in records if r.article.path == "first.txt")
    assert p.earlier == first.id and p.similarity == 1.0
    undated = _records({"first": base, "second": "Reposted. " + base})
    assert [q.earlier for q in find_copies(undated)] == [None]


def _random_article(rng: random.Random, n_sentences: int, vocab: int = 5000) -> str:
    return " ".join(
        " ".join(f"w{rng.randrange(vocab)}" for _ in range(rng.randint(10, 20))).capitalize() + "."
        for _ in range(n_sentences)
    )


def test_candidate_pairs_grow_linearly() -> None:
    """n articles as n/2 (original, edited copy) pairs: the LSH proposes about the copied
    sentences only, so 4x the articles is about 4x the candidates (all pairs would be 16x)."""

    def corpus(n: int, seed: int) -> list[ArticleRecords]:
        rng = random.Random(seed)
        texts = {}
        for i in range(n // 2):
            base = _random_article(rng, 8)
            texts[f"o{i}"] = base
            texts[f"c{i}"] = " ".join(_edit(s + ".", rng) for s in base.split(".") if s.strip())
        return _records(texts)

    small, big = count_candidates(corpus(20, 1)), count_candidates(corpus(80, 2))
    assert small >= 60  # the copied sentences are proposed
    assert big <= 5 * small


def test_copies_are_deterministic() -> None:
    rng = random.Random(11)
    base = _random_article(rng, 10)
    texts = {"a": base, "b": "Intro sentence here. " + base, "c": _random_article(rng, 10)}
    one, two = find_copies(_records(texts)), find_copies(_records(dict(reversed(texts.items()))))
    assert one == two and len(one) == 1


def test_boilerplate_is_never_a_copy() -> None:
    rng = random.Random(5)
    footer = _random_article(rng, 3)
    texts = {
        "a": _random_article(rng, 5) + " " + footer,
        "b": _random_article(rng, 5) + " " + footer,
    }
    records = _records(texts)
    assert find_copies(records)
    masked = [
        replace(
            r,
            article=replace(
                r.article,
                boilerplate=(Span(r.article.text.index(footer), len(r.article.text)),),
            ),
        )
        for r in records
    ]
    assert find_copies(masked) == []


# -- web -----------------------------------------------------------------------------------


def test_web_sourcing_page_claims_filter_and_statement_channels(demo_db: Path) -> None:
    from starlette.testclient import TestClient

    from storylens.web.app import create_app

    with TestClient(
        create_app(demo_db), raise_server_exceptions=False, base_url="http://127.0.0.1"
    ) as c:
        page = c.get("/sourcing")
        assert page.status_code == 200 and 'class="chart-spec"' in page.text
        data = c.get("/sourcing?format=json").json()
        relays = {
            (e["source_name"], e["target_name"]) for e in data["edges"] if e["kind"] == "relays"
        }
        assert relays == {("Fars News Agency", "Al-Akhbar"), ("RT", "CNN"), ("RT", "CBS")}
        assert {row["channel"] for row in data["channels"]} <= set(CHANNELS)
        rows = c.get("/claims?format=json&min_sources=2").json()["matrix"]["rows"]
        assert rows and all(r["independent"] >= 2 for r in rows)
        everything = c.get("/claims?format=json").json()["matrix"]["rows"]
        assert len(rows) < len(everything)
        assert c.get("/claims?min_sources=-1").status_code == 400
        fars = c.get("/statements", params={"outlet": "Fars News Agency"})
        assert "via Al-Akhbar" in fars.text


FNC1_BODIES = SHARED / "data" / "fnc1" / "train_bodies.csv"


@pytest.mark.skipif(not FNC1_BODIES.is_file(), reason="FNC-1 not present")
def test_fnc1_bodies_share_nothing_with_other_stories(demo_dir: Path) -> None:
    """FNC-1 bodies copy each other (syndicated stories: real copies), never the demo or
    the Khashoggi reports: no passage crosses the sets."""
    import csv

    with FNC1_BODIES.open(encoding="utf-8", newline="") as fh:
        bodies = {
            f"fnc-{r['Body ID']}": r["articleBody"]
            for _, r in zip(range(200), csv.DictReader(fh), strict=False)
        }
    other = {p.stem: p.read_text(encoding="utf-8") for p in sorted(demo_dir.glob("*.txt"))}
    if KHASHOGGI.is_dir():
        other.update(_khashoggi_texts())
    records = _records({**bodies, **other})
    fnc = {r.article.id for r in records if r.article.path.startswith("fnc-")}
    copies = find_copies(records)
    assert any(p.a in fnc and p.b in fnc for p in copies)  # FNC-1 has syndicated copies
    assert not [p for p in copies if (p.a in fnc) != (p.b in fnc)]


def test_a_reposted_article_end_to_end(tmp_path: Path) -> None:
    """An outlet's article and a blog's repost of it: stored as a copy with the earlier one
    named, shown on /sourcing and in the sourcing graph, and one independent source."""
    from starlette.testclient import TestClient

    from storylens.analyze import analyze
    from storylens.store import Store
    from storylens.web.app import create_app

    body = (
        "The finance minister said on Tuesday that the new budget would cut fuel subsidies by "
        "a third over two years. Opposition lawmakers said the cuts would hit poor families "
        "hardest and promised to vote against the plan in parliament next week. The central "
        "bank governor told reporters that inflation was expected to fall below five percent "
        "by the end of the year."
    )
    src = tmp_path / "in"
    src.mkdir()
    (src / "paper.txt").write_text(" date 2021-03-02 " + body + "\n", encoding="utf-8")
    (src / "blog.txt").write_text(
        " date 2021-03-04 Reposted from the Daily Ledger.\n\n" + body.replace("a third", "one third")
        + "\n\nShare this post with your friends and family today.\n",
        encoding="utf-8",
    )  # fmt: skip
    db = tmp_path / "s.db"
    analyze([src], db)
    with Store(db, readonly=True) as store:
        story = store.load_story()
    (p,) = story.copies
    arts = {Path(a.path).name: a for a in story.articles}
    assert p.earlier == arts["paper.txt"].id and p.similarity > 0.8
    g = sourcing_graph(story)
    assert [e["kind"] for e in g["edges"] if e["kind"] == "copies"] == ["copies"]
    shared = [c for c in story.claims if len(c.articles) == 2]
    assert shared and all(c.independent_sources == 1 for c in shared)
    with TestClient(create_app(db), base_url="http://127.0.0.1") as c:
        data = c.get("/sourcing?format=json").json()
        assert len(data["copies"]) == 1 and "paper.txt" in data["copies"][0]["earlier_label"]
        assert c.get("/sourcing").status_code == 200
