"""Render an article's text as HTML with layers (entities, statements, timexes, boilerplate).

Why segmenting: layers overlap without nesting (a statement crosses an entity's edge), so the
text is cut at every layer boundary and each piece becomes one <span> carrying the classes of
every layer that covers it. Every piece of text goes through markupsafe.escape: article text
is never rendered unescaped, whatever HTML or script it contains.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from storylens.model import ArticleRecords

__all__ = ["Layer", "article_html", "layers_for", "span_anchor"]


@dataclass(frozen=True, slots=True)
class Layer:
    """A highlighted span: CSS classes, an optional anchor id set at its start, a tooltip."""

    start: int
    end: int
    classes: tuple[str, ...]
    anchor: str | None = None
    title: str | None = None


def span_anchor(article: str, start: int, end: int) -> str:
    """The id an item's link points to: stable, derived from the span alone."""
    return f"a{article}-{start}-{end}"


def layers_for(
    records: ArticleRecords, actor_of: dict[tuple[int, int], str] | None = None
) -> list[Layer]:
    """The standard layers of an article: boilerplate, entities, statements, timexes."""
    a = records.article
    layers = [
        Layer(b.start, b.end, ("bp",), title="boilerplate (not analysed)") for b in a.boilerplate
    ]
    for m in records.mentions:
        label = m.label.lower()
        actor = (actor_of or {}).get((m.start, m.end))
        layers.append(
            Layer(m.start, m.end, ("ent", f"ent-{label}"), anchor=span_anchor(a.id, m.start, m.end),
                  title=f"{m.label}" + (f" → {actor}" if actor else ""))
        )  # fmt: skip
    for s in records.statements:
        layers.append(
            Layer(s.start, s.end, ("stmt", f"k-{s.kind}"), anchor=span_anchor(a.id, s.start, s.end),
                  title=f"{s.kind} statement — {s.speaker_text or 'unattributed'} ({s.cue})")
        )  # fmt: skip
        if s.speaker_start is not None and s.speaker_end is not None:
            layers.append(Layer(s.speaker_start, s.speaker_end, ("speaker",), title="speaker"))
    for t in records.timexes:
        layers.append(
            Layer(t.start, t.end, ("timex",), anchor=span_anchor(a.id, t.start, t.end),
                  title=f"{t.value or '?'} ({t.precision or 'unknown'}, {t.anchor})")
        )  # fmt: skip
    for e in records.event_mentions:
        layers.append(Layer(e.start, e.end, (), anchor=span_anchor(a.id, e.start, e.end)))
    return layers


def article_html(text: str, layers: Iterable[Layer]) -> Markup:
    """Escaped HTML of text with every layer applied."""
    layers = [
        x for x in layers if 0 <= x.start < x.end <= len(text) or (x.start == x.end and x.anchor)
    ]
    cuts = {0, len(text)}
    for x in layers:
        cuts.add(x.start)
        cuts.add(x.end)
    points = sorted(cuts)
    anchors: dict[int, list[str]] = {}
    for x in layers:
        if x.anchor:
            anchors.setdefault(x.start, []).append(x.anchor)
    out: list[str] = []
    for left, right in itertools.pairwise(points):
        for anchor in sorted(set(anchors.pop(left, []))):
            out.append(f'<a class="anchor" id="{escape(anchor)}"></a>')
        piece = text[left:right]
        active = [x for x in layers if x.start <= left and right <= x.end and x.start < x.end]
        if not active:
            out.append(str(escape(piece)))
            continue
        classes = sorted({c for x in active for c in x.classes})
        titles = [x.title for x in active if x.title]
        span_ids = " ".join(sorted({x.anchor for x in active if x.anchor}))
        out.append(
            f'<span class="{escape(" ".join(classes))}"'
            + (f' data-spans="{escape(span_ids)}"' if span_ids else "")
            + (f' title="{escape(" | ".join(titles))}"' if titles else "")
            + f">{escape(piece)}</span>"
        )
    return Markup("".join(out))
