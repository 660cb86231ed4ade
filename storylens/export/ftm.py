"""FollowTheMoney export: actors, articles and the links between them, as JSON lines.

Aleph and the `ftm` command-line tools read this format. What is written:
  - Person / Organization for each PERSON / ORG actor (name = canonical name, alias = the
    other surface forms, description = the role an article states);
  - Article for each analysed article (title, publisher = outlet, publishedAt, bodyText);
  - Documentation linking an Article (document) to each actor it mentions (entity), with the
    number of mentions as its role text, so "which articles name this person" is one hop.
Entity ids are derived from storylens ids (key prefix "storylens"), so re-exports of the same
story give the same ids. Every entity is built through the followthemoney model, which drops
values a property does not accept, and is checked with Schema.validate before it is written.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from followthemoney import model
from followthemoney.proxy import EntityProxy

from storylens.model import Story

__all__ = ["FTM_SCHEMA_FOR_TYPE", "ftm_entities", "write_ftm"]

# Actor.type -> FtM schema. Outlets and news agencies are organisations in FtM (it has no
# media type); other types (GPE, NORP) are not actors and are not written.
FTM_SCHEMA_FOR_TYPE = {
    "PERSON": "Person",
    "ORG": "Organization",
    "MEDIA": "Organization",
    "AGENCY": "Organization",
}
KEY_PREFIX = "storylens"


def _entity(schema: str, *key_parts: str) -> EntityProxy:
    proxy = model.make_entity(schema, key_prefix=KEY_PREFIX)
    proxy.make_id(schema, *key_parts)
    return proxy


def ftm_entities(story: Story) -> Iterator[EntityProxy]:
    """Every FtM entity of the story: actors, then articles with their Documentation links."""
    actor_ids: dict[str, str] = {}
    for actor in story.actors:
        schema = FTM_SCHEMA_FOR_TYPE.get(actor.type)
        if schema is None:
            continue
        proxy = _entity(schema, actor.id)
        proxy.add("name", actor.name)
        proxy.add("alias", [a for a in actor.aliases if a != actor.name])
        if actor.role:
            proxy.add("description", actor.role)
        actor_ids[actor.id] = proxy.id
        yield proxy
    mentioned: dict[str, Counter[str]] = {}
    for actor in story.actors:
        for m in actor.mentions:
            mentioned.setdefault(m.article, Counter())[actor.id] += 1
    for article in story.articles:
        doc = _entity("Article", article.id)
        doc.add("title", article.title or Path(article.path).name)
        doc.add("fileName", Path(article.path).name)
        doc.add("publisher", article.outlet)
        doc.add("publishedAt", article.published)
        doc.add("language", article.language)
        doc.add("sourceUrl", article.url)
        doc.add("bodyText", article.text)
        yield doc
        for actor_id, count in sorted(mentioned.get(article.id, Counter()).items()):
            if actor_id not in actor_ids:
                continue
            link = _entity("Documentation", article.id, actor_id)
            link.add("document", doc.id)
            link.add("entity", actor_ids[actor_id])
            link.add("role", f"mentioned {count}x")
            yield link


def write_ftm(story: Story, path: Path) -> int:
    """Write the story's FtM entities, one JSON object per line; returns how many."""
    n = 0
    with Path(path).open("w", encoding="utf-8") as fh:
        for proxy in ftm_entities(story):
            data = proxy.to_dict()
            proxy.schema.validate(data)  # raises followthemoney InvalidData on a bad value
            fh.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    return n
