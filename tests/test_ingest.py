"""Ingest: encodings, metadata found in the text, boilerplate, bad inputs (real files)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storylens.errors import IngestError
from storylens.ingest import read_inputs
from storylens.ingest.boilerplate import boilerplate_spans
from storylens.ingest.decode import decode_bytes
from storylens.ingest.sidecar import read_sidecar
from storylens.ingest.sources import IngestOptions
from storylens.model import Article, Skipped

ENGLISH = (
    "The Iraqi parliament voted on Sunday to expel foreign troops from the country, "
    "officials said, after a strike near Baghdad airport killed a senior Iranian general.\n"
)


def _one(path: Path, **options: object) -> Article | Skipped:
    items = list(read_inputs([path], IngestOptions(**options)))  # type: ignore[arg-type]
    assert len(items) == 1
    return items[0]


# -- the demo corpus: outlets and stated dates ---------------------------------------------
@pytest.mark.parametrize(
    ("name", "outlet", "published"),
    [
        ("000_bf134cd1eb6ff95d.txt", "Al Jazeera Net", None),
        ("001_284a58eab4c7cce9.txt", "The Daily Beast", "2020-01-06"),
        ("002_25f0bd6eb8a4e43a.txt", "Al-Arabiya", "2023-12-14"),
        ("003_dca2c3b37c385f39.txt", "RT", None),
        ("004_e3aa657acc54c5e5.txt", "Fars News Agency", None),
    ],
)
def test_demo_outlet_and_date_found_in_text(
    demo_dir: Path, name: str, outlet: str, published: str | None
) -> None:
    article = _one(demo_dir / name)
    assert isinstance(article, Article)
    assert article.outlet == outlet
    assert article.outlet_source == "text"
    assert article.published == published
    assert article.language == "en"
    assert article.outlet_evidence is not None
    assert (
        outlet.split()[-1].lower()
        in article.text[article.outlet_evidence.start : article.outlet_evidence.end].lower()
    )


def test_gold_boilerplate_is_marked(demo_dir: Path) -> None:
    gold = json.loads(
        (demo_dir.parent.parent / "eval" / "gold" / "iraq-withdrawal-dev.json").read_text()
    )
    for doc in gold["documents"]:
        article = _one(demo_dir / doc["doc"])
        assert isinstance(article, Article)
        marked = [article.text[s.start : s.end] for s in article.boilerplate]
        for expected in doc["boilerplate"]:
            assert any(expected.strip() in m for m in marked), expected


def test_widgets_and_comments_marked_but_text_kept(demo_dir: Path) -> None:
    article = _one(demo_dir / "002_25f0bd6eb8a4e43a.txt")
    assert isinstance(article, Article)
    raw = (demo_dir / "002_25f0bd6eb8a4e43a.txt").read_text(encoding="utf-8")
    assert article.text == raw  # never cut
    marked = " ".join(article.text[s.start : s.end] for s in article.boilerplate)
    for widget in ("No comments:", "Post a Comment", "Remember 2004"):
        assert widget in marked
    assert "Serious Disagreement" not in marked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Check Also\n\nSome other story\n", ["Check Also\n\nSome other story"]),
        (
            "  • A caption\n  • AFP\n  • © JOHN DOE\n\nBody text here.",
            ["  • A caption\n  • AFP\n  • © JOHN DOE"],
        ),
        ("Jane Smith-London\n\nThe minister resigned.", ["Jane Smith-London"]),
        ("The minister resigned on Friday.\n\nHe said so.", []),
        ("Body.\n\n(Short aside.)\n", []),
    ],
)
def test_boilerplate_rules(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in boilerplate_spans(text)] == expected


@given(st.text(max_size=400))
def test_boilerplate_spans_are_sorted_disjoint_and_inside(text: str) -> None:
    spans = boilerplate_spans(text)
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
    for a, b in itertools.pairwise(spans):
        assert a.end < b.start


# -- encodings -------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_encodings_round_trip(tmp_path: Path, encoding: str) -> None:
    text = ENGLISH + "Café owners in Baghdad’s Karrada district – “we are afraid” – closed early.\n"
    if encoding == "cp1252":
        text = text.replace("’", "'").replace("“", '"').replace("”", '"').replace("–", "-")
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    article = _one(path)
    assert isinstance(article, Article)
    assert article.text == text


def test_cp1256_arabic_is_decoded_and_not_analysed(tmp_path: Path) -> None:
    arabic = (
        "صوّت البرلمان العراقي يوم الأحد على إخراج القوات الأجنبية من البلاد بعد مقتل قائد فيلق القدس.\n"
        * 3
    )
    path = tmp_path / "ar.txt"
    path.write_bytes(arabic.encode("cp1256"))
    article = _one(path)
    assert isinstance(article, Article)
    assert article.text == arabic
    assert article.language == "ar"
    assert not article.analysed
    assert "not analysed" in (article.note or "")


def test_invalid_utf8_is_decoded_with_a_legacy_codepage(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(ENGLISH.encode() + "The café was closed.\n".encode("latin-1"))
    article = _one(path)
    assert isinstance(article, Article)
    assert "caf" in article.text and article.encoding not in (None, "utf-8")


@given(st.binary(max_size=300))
def test_decode_never_raises_anything_but_ingest_error(data: bytes) -> None:
    try:
        text, encoding = decode_bytes(data)
    except IngestError as exc:
        assert str(exc)
    else:
        assert isinstance(text, str) and text.strip() and encoding


# -- bad inputs: one clear reason, never a crash ------------------------------------------------
def test_empty_file_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    item = _one(tmp_path / "empty.txt")
    assert isinstance(item, Skipped) and item.reason.startswith("empty file")


def test_binary_file_skipped(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    (tmp_path / "image.png").write_bytes(png)
    item = _one(tmp_path / "image.png")
    assert isinstance(item, Skipped) and "binary" in item.reason


def test_huge_file_skipped_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB sparse file of NULs: refused by size first
    item = _one(path)
    assert isinstance(item, Skipped) and "MB" in item.reason and "--max-bytes" in item.reason


def test_missing_path_skipped(tmp_path: Path) -> None:
    item = _one(tmp_path / "nope.txt")
    assert isinstance(item, Skipped) and "no such file" in item.reason


def test_hostile_html_gives_plain_text(tmp_path: Path) -> None:
    html = (
        "<!doctype html><html><head><title>Troops to stay</title>"
        "<script>alert('x')</script></head><body><article><h1>Troops to stay</h1>"
        "<p>US officials said on Monday that American forces would not leave Iraq, "
        "despite the parliament vote on Sunday. <img src=x onerror=\"alert('y')\"></p>"
        '<p>The Pentagon said it had no plans to withdraw. <a href="javascript:alert(1)">more</a></p>'
        "</article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    article = _one(path)
    assert isinstance(article, Article)
    assert "American forces would not leave Iraq" in article.text
    assert "<script" not in article.text and "onerror" not in article.text
    assert article.title == "Troops to stay"


def test_jsonl_lines_become_articles_and_bad_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    rows = [
        {
            "text": ENGLISH,
            "title": "Vote",
            "outlet": "Example News",
            "published": "2020-01-05",
            "url": "https://example.org/a",
        },
        "not json",
        {"title": "no text"},
    ]
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows), encoding="utf-8"
    )
    items = list(read_inputs([path]))
    assert isinstance(items[0], Article)
    assert (items[0].outlet, items[0].published, items[0].outlet_source) == (
        "Example News",
        "2020-01-05",
        "jsonl",
    )
    assert isinstance(items[1], Skipped) and "invalid JSON on line 2" in items[1].reason
    assert isinstance(items[2], Skipped) and "no 'text'" in items[2].reason


def test_sidecar_and_flags_override_text(tmp_path: Path, demo_dir: Path) -> None:
    sidecar = tmp_path / "meta.csv"
    sidecar.write_text(
        "path,outlet,published\nsome/dir/000_bf134cd1eb6ff95d.txt,Al Jazeera,2020-01-06\n",
        encoding="utf-8",
    )
    rows = read_sidecar(sidecar)
    article = _one(demo_dir / "000_bf134cd1eb6ff95d.txt", sidecar=rows)
    assert isinstance(article, Article)
    assert (article.outlet, article.outlet_source, article.published) == (
        "Al Jazeera",
        "sidecar",
        "2020-01-06",
    )
    flagged = _one(demo_dir / "000_bf134cd1eb6ff95d.txt", sidecar=rows, outlet="AJ")
    assert isinstance(flagged, Article) and (flagged.outlet, flagged.outlet_source) == (
        "AJ",
        "flag",
    )


def test_nested_folders_are_walked_in_order(tmp_path: Path) -> None:
    for i in range(30):
        d = tmp_path / f"d{i % 3}" / f"e{i % 5}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{i:03}.txt").write_text(f"Article {i}. " + ENGLISH, encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text(ENGLISH, encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    assert len(items) == 30 and all(isinstance(i, Article) for i in items)
    assert [i.path for i in items] == sorted(i.path for i in items)
