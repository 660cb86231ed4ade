"""Story -> one self-contained HTML file.

Why Jinja2 with autoescape and the chart scripts inlined: the report is mailed around and
opened offline, so it must carry everything it needs, and article text (which may contain
hostile HTML) is escaped everywhere; the only raw HTML inserted is what
storylens.report.highlight builds from escaped pieces.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from storylens import __version__
from storylens.model import Story
from storylens.report.highlight import article_html, layers_for, span_anchor
from storylens.report.views import (
    actor_rows,
    article_label,
    contradiction_rows,
    outlet_rows,
    sourcing_rows,
    statements_by_actor,
    timeline_rows,
    timeline_spec_from_rows,
)

__all__ = ["VENDORED_SCRIPTS", "render_report", "write_report"]

VENDORED_SCRIPTS = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("storylens.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["span_anchor"] = span_anchor
    return env


def _vendored(name: str) -> Markup:
    """A vendored script, safe to inline inside <script> (no '</script' can occur)."""
    code = resources.files("storylens.report").joinpath("static", name).read_text(encoding="utf-8")
    return Markup(code.replace("</script", "<\\/script"))


def _json_for_script(data: object) -> Markup:
    """JSON embedded in a <script> block, with <, > and & escaped so text cannot break out."""
    raw = json.dumps(data, ensure_ascii=False)
    raw = raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(raw)


def _brief(story: Story, timeline: list[dict]) -> tuple[dict, dict]:
    """The brief and the claims matrix, with parsed labels for events, claims and
    contradictions (a spaCy pass over their sentences: the same as the web UI shows)."""
    from storylens.errors import StorylensError
    from storylens.report import brief as b

    inputs = b.inputs_from_story(story, timeline)
    try:
        labels = b.label_statements(inputs.statements)
    except (ImportError, StorylensError):  # no spaCy model: first words
        labels = {}
    b.relabel_timeline(timeline)
    outlets = sorted({a["outlet"] for a in inputs.articles})
    return (
        b.build_brief(inputs, labels, b.report_links(span_anchor)),
        b.claim_matrix_rows(inputs, labels, outlets),
    )


def render_report(story: Story, *, title: str = "storylens report") -> str:
    """The report's HTML."""
    actor_of: dict[str, dict[tuple[int, int], str]] = {}
    for x in story.actors:
        for m in x.mentions:
            actor_of.setdefault(m.article, {})[(m.start, m.end)] = x.name
    articles = [
        {
            "id": r.article.id,
            "label": article_label(r.article),
            "title": r.article.title,
            "outlet": r.article.outlet,
            "published": r.article.published,
            "published_source": r.article.published_source,
            "analysed": r.article.analysed,
            "note": r.article.note,
            "html": article_html(r.article.text, layers_for(r, actor_of.get(r.article.id))),
        }
        for r in sorted(
            story.records, key=lambda r: (r.article.published or "9999", r.article.path)
        )
    ]
    labels = {a.id: article_label(a) for a in story.articles}
    timeline = timeline_rows(story)
    brief, matrix = _brief(story, timeline)
    spec = timeline_spec_from_rows(timeline)
    return (
        _env()
        .get_template("report.html.j2")
        .render(
            title=title,
            version=__version__,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            outlets=outlet_rows(story),
            actors=actor_rows(story),
            said=statements_by_actor(story),
            brief=brief,
            timeline=timeline,
            has_chart=bool(spec["data"]["values"]),
            timeline_spec=_json_for_script(spec),
            matrix=matrix,
            contradictions=contradiction_rows(story),
            sourcing=sourcing_rows(story),
            articles=articles,
            labels=labels,
            skipped=story.skipped,
            counts={
                "articles": len(story.articles),
                "actors": len(story.actors),
                "statements": len(story.statements()),
                "events": len(story.events),
                "claims": len(story.claims),
                "contradictions": sum(1 for r in story.relations if r.type == "contradict"),
            },
            scripts=[_vendored(n) for n in VENDORED_SCRIPTS],
        )
    )


def write_report(story: Story, path: str | Path, *, title: str = "storylens report") -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(story, title=title), encoding="utf-8")
    return out
