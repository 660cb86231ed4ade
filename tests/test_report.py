"""The HTML report: self-contained, every section present, article text always escaped."""

from __future__ import annotations

import re
from pathlib import Path

from storylens.analyze import analyze
from storylens.report import render_report
from storylens.store import Store

HOSTILE = (
    "US officials said on Monday that troops would stay in Iraq. "
    "<script>document.title='pwned'</script> <img src=x onerror=\"alert(1)\"> "
    '<a href="javascript:alert(2)">click</a> </script><b>bold</b>\n'
    '"We are not leaving," the spokesman said.\n'
)


def test_report_is_self_contained_with_every_section(demo_story) -> None:
    html = render_report(demo_story)
    for section in (
        "overview",
        "actors",
        "said",
        "timeline",
        "claims",
        "contradictions",
        "articles",
    ):
        assert f'id="{section}"' in html
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?://", html)
    assert "vegaEmbed" in html
    for outlet in ("Al Jazeera Net", "The Daily Beast", "Al-Arabiya", "RT", "Fars News Agency"):
        assert outlet in html
    assert 'class="bp"' in html  # boilerplate greyed out
    assert "ent-person" in html


def test_article_text_is_escaped(tmp_path: Path) -> None:
    src = tmp_path / "hostile.txt"
    src.write_text(HOSTILE, encoding="utf-8")
    db = tmp_path / "h.db"
    analyze([src], db, with_claims=False)
    with Store(db, readonly=True) as store:
        html = render_report(store.load_story())
    assert "<script>document.title" not in html
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=" in html
    assert '<a href="javascript:' not in html
    assert "<b>bold</b>" not in html


def test_report_opens_with_the_brief(demo_story) -> None:
    """The brief is the first section; its links point at anchors the report holds; the
    claims matrix shows propositions, singletons folded; the timeline can be brushed."""
    html = render_report(demo_story)
    assert html.index('id="brief"') < html.index('id="overview"')
    brief = html[html.index('id="brief"') : html.index('id="overview"')]
    anchors = set(re.findall(r'id="([^"]+)"', html))
    targets = re.findall(r'href="#([^"]+)"', brief)
    assert targets and all(t in anchors for t in targets), set(targets) - anchors
    assert "Mark Milley denies" in brief
    assert '<details class="folded">' in html
    assert '"brush"' in html and '"interval"' in html
