"""GraphML and FollowTheMoney exports of the actor network."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest
from followthemoney import model

from storylens.export.ftm import write_ftm
from storylens.export.graph import write_graphml
from storylens.model import Article, Statement, Story
from storylens.resolve.story import resolve_story

DEMO = Path(__file__).resolve().parent.parent / "examples" / "iraq-withdrawal"


@pytest.fixture(scope="module")
def story() -> Story:
    from storylens.extract import extract_many
    from storylens.ingest import read_inputs
    from storylens.nlp import load_nlp

    articles = [a for a in read_inputs(sorted(DEMO.glob("*.txt"))[:2]) if isinstance(a, Article)]
    records = list(extract_many(articles, load_nlp()))
    story = resolve_story(records, with_claims=False)
    # One quoted statement with a known speaker, so quoted-by edges are exercised.
    esper = next(a for a in story.actors if a.name == "Mark Esper")
    rec = story.records[0]
    m = next(x for x in esper.mentions if x.article == rec.article.id)
    quote = Statement(
        id="s_test",
        article=rec.article.id,
        start=m.start,
        end=m.end,
        content=m.text,
        kind="direct",
        cue="said",
        speaker_text=m.text,
        speaker_actor=esper.id,
    )
    story.records[0] = replace(
        rec, article=replace(rec.article, outlet="Test Outlet"), statements=(*rec.statements, quote)
    )
    return story


def test_graphml_reads_back(story: Story, tmp_path: Path) -> None:
    path = tmp_path / "actors.graphml"
    write_graphml(story, path)
    g = nx.read_graphml(path)
    actor_nodes = [n for n, d in g.nodes(data=True) if d["kind"] == "actor"]
    assert len(actor_nodes) == len(story.actors)
    esper = next(a for a in story.actors if a.name == "Mark Esper")
    assert g.nodes[esper.id]["type"] == "PERSON"
    assert "Mark Esper" in g.nodes[esper.id]["aliases"]
    kinds = {d["kind"] for _, _, d in g.edges(data=True)}
    assert kinds == {"co-mention", "quoted-by"}
    assert g.has_edge("outlet:Test Outlet", esper.id)
    assert all(d["weight"] >= 1 for _, _, d in g.edges(data=True))


def test_every_ftm_line_validates(story: Story, tmp_path: Path) -> None:
    path = tmp_path / "story.ftm.json"
    n = write_ftm(story, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert n == len(lines) > 0
    schemata = set()
    for line in lines:
        data = json.loads(line)
        proxy = model.get_proxy(data)
        proxy.schema.validate(data)
        schemata.add(proxy.schema.name)
    assert {"Person", "Organization", "Article", "Documentation"} <= schemata


def test_ftm_documentation_links_article_to_actor(story: Story, tmp_path: Path) -> None:
    path = tmp_path / "story.ftm.json"
    write_ftm(story, path)
    entities = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    ids = {e["id"]: e["schema"] for e in entities}
    links = [e for e in entities if e["schema"] == "Documentation"]
    assert links
    for link in links:
        (doc,) = link["properties"]["document"]
        (ent,) = link["properties"]["entity"]
        assert ids[doc] == "Article" and ids[ent] in {"Person", "Organization"}
