"""The article reader: full text, boilerplate greyed, every item highlighted.

Links into an article are `/articles/{id}#{start}-{end}` (character offsets into the text);
`static/reader.js` reads the fragment and marks exactly that range, so any span (a
statement, an event sentence, stance evidence) opens highlighted, not only those with a layer.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict
from typing import Any

from markupsafe import Markup

from storylens.report.highlight import article_html, layers_for
from storylens.store import Store
from storylens.web.queries import actor_names_in

__all__ = ["reader_data", "span_link"]


def span_link(article: str, start: int, end: int) -> str:
    """The one link scheme of the web UI: the reader, scrolled to and highlighting a span."""
    return f"/articles/{article}#{start}-{end}"


def _html(text: str, layers: list[Any]) -> Markup:
    # The HTML parser turns CR and CR LF into LF, which would shift every offset after them;
    # a character reference keeps the CR in the DOM, so the browser's text equals ours.
    return Markup(str(article_html(text, layers)).replace("\r", "&#13;"))


def reader_data(
    store: Store, conn: sqlite3.Connection, article_id: str
) -> tuple[dict[str, Any], Markup] | None:
    """(JSON-able data, escaped HTML of the text) for one article, or None if unknown."""
    found = store.load_records([article_id])
    if not found:
        return None
    rec = found[0]
    a = rec.article
    names = actor_names_in(conn, article_id)
    html = _html(a.text, layers_for(rec, names))
    data = {
        "article": {
            "id": a.id,
            "path": a.path,
            "outlet": a.outlet,
            "outlet_source": a.outlet_source,
            "published": a.published,
            "published_source": a.published_source,
            "title": a.title,
            "url": a.url,
            "language": a.language,
            "analysed": a.analysed,
            "note": a.note,
            "text": a.text,
            "boilerplate": [{"start": b.start, "end": b.end} for b in a.boilerplate],
        },
        "statements": [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "content": s.content,
                "kind": s.kind,
                "cue": s.cue,
                "speaker_text": s.speaker_text,
                "speaker_actor": s.speaker_actor,
                "date": s.date,
                "link": span_link(a.id, s.start, s.end),
            }
            for s in rec.statements
        ],
        "mentions": [
            {
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "label": m.label,
                "actor": names.get((m.start, m.end)),
            }
            for m in rec.mentions
        ],
        "timexes": [{k: v for k, v in asdict(t).items() if k != "article"} for t in rec.timexes],
        "events": [
            {"start": e.start, "end": e.end, "trigger": e.trigger, "date": e.date}
            for e in rec.event_mentions
        ],
    }
    return data, html
