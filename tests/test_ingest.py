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
from storylens.ingest.isodate import normalise_published
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


def test_a_folders_readme_is_skipped_unless_named(tmp_path: Path) -> None:
    """A story folder's README lists its outlets and URLs; read as an article, its lines
    became statements that contradicted the real ones."""
    (tmp_path / "001.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "README.md").write_text("# Sources\n\n" + ENGLISH, encoding="utf-8")
    (tmp_path / "LICENSE").write_text("Copyright. " + ENGLISH, encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    articles = [i for i in items if isinstance(i, Article)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [Path(a.path).name for a in articles] == ["001.txt"]
    assert sorted(Path(s.path).name for s in skipped) == ["LICENSE", "README.md"]
    assert all("not an article" in s.reason for s in skipped)
    named = list(read_inputs([tmp_path / "README.md"]))
    assert len(named) == 1 and isinstance(named[0], Article)


# -- hostile inputs: one line and a skip, never a traceback (issue 18) ---------------------
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bin.csv", b"\x00\x01\x02\xff\xfe", "binary file"),
        ("latin.csv", b"path,outlet\n\xe9t\xe9.txt,Le Monde\n", "not UTF-8"),
        ("numbers.json", b"5", "holds a number"),
        ("list.json", b"[1, 2", "not valid JSON"),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "sidecar"),
        ("quote.csv", b'path,outlet\n"a.txt,Some Outlet\n', "unterminated quote"),
        ("columns.csv", b"file,source\na.txt,X\n", "no 'path' column"),
    ],
)
def test_unusable_sidecar_is_one_line(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as info:
        read_sidecar(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_bad_sidecar_rows_and_values_are_dropped_with_a_line(tmp_path: Path) -> None:
    path = tmp_path / "meta.json"
    path.write_text(
        json.dumps(
            {
                "a.txt": 5,
                "b.txt": {"published": "not-a-date-<script>", "outlet": 3, "title": ["x"]},
                "c.txt": {"published": "2020-01-06T10:30:00+02:00", "outlet": "C News"},
                "d.txt": None,
            }
        ),
        encoding="utf-8",
    )
    lines: list[str] = []
    rows = read_sidecar(path, lines.append)
    assert set(rows) == {"b.txt", "c.txt"}
    assert rows["b.txt"].published is None and rows["b.txt"].outlet == "3"
    assert rows["b.txt"].title is None
    assert rows["c.txt"].published == "2020-01-06"
    assert len(lines) == 4 and all("\n" not in line for line in lines)
    assert any("not-a-date" in line and "ISO 8601" in line for line in lines)


def test_sidecar_csv_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "meta.csv"
    path.write_text(
        "path,outlet,published,extra\na.txt,A,2020-13-01,1\n,B,2020\nc.txt,C,2021-02,\n",
        encoding="utf-8",
    )
    lines: list[str] = []
    rows = read_sidecar(path, lines.append)
    assert rows["a.txt"].published is None and rows["a.txt"].outlet == "A"
    assert rows["c.txt"].published == "2021-02"
    assert len(rows) == 2
    assert len(lines) == 3  # unknown column, bad date, row without path


@given(st.binary(max_size=300))
def test_any_sidecar_bytes_give_rows_or_one_line(data: bytes) -> None:
    import tempfile

    for suffix in (".csv", ".json"):
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / f"meta{suffix}"
            path.write_bytes(data)
            try:
                rows = read_sidecar(path, lambda _line: None)
            except IngestError as exc:
                assert "\n" not in str(exc)
                continue
            for name, row in rows.items():
                assert name and row.path == name
                assert row.published is None or normalise_published(row.published)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020", "2020"),
        ("2020-01", "2020-01"),
        ("2020-01-06", "2020-01-06"),
        ("2020-01-06T10:30:00Z", "2020-01-06"),
        ("2020-01-06 10:30+02:00", "2020-01-06"),
        ("2020-01-06T10:30:00.123456-05:00", "2020-01-06"),
        ("not-a-date-<script>", None),
        ("2020-13", None),
        ("2020-02-30", None),
        ("²⁰²⁰", None),
        ("２０２０", None),  # fullwidth digits: int() would take them
        ("0999", None),
        ("20200106", None),
        ("2020-01-06T25:00", None),
        ("", None),
    ],
)
def test_published_dates_are_iso_8601_or_nothing(value: str, expected: str | None) -> None:
    assert normalise_published(value) == expected


@given(st.text(max_size=40))
def test_normalised_dates_are_valid(value: str) -> None:
    out = normalise_published(value)
    if out is not None:
        assert out.isascii() and out[:4].isdigit()
        assert normalise_published(out) == out


def test_jsonl_dates_and_fields_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    rows = [
        {"text": ENGLISH, "published": "not-a-date-<script>", "outlet": 7},
        {"text": ENGLISH + " Two.", "published": "2020-01-06T08:00:00Z", "title": "T"},
        {"text": "line with a separator\u2028inside " + ENGLISH},
        {"text": ENGLISH + " Deep.", "x": [[[]]]},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n" + "[" * 50_000, "utf-8")
    lines: list[str] = []
    items = list(read_inputs([path], IngestOptions(on_problem=lines.append)))
    assert [type(i).__name__ for i in items] == ["Article"] * 4 + ["Skipped"]
    assert items[0].published is None and items[0].outlet is None
    assert items[1].published == "2020-01-06" and items[1].published_source == "jsonl"
    assert "\u2028" in items[2].text
    assert len(lines) == 2 and any("not-a-date" in line for line in lines)


def test_symlink_loops_and_broken_links_are_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a link back to an ancestor
    (tmp_path / "link.txt").symlink_to(tmp_path / "good.txt")
    items = list(read_inputs([tmp_path, tmp_path / "loop", tmp_path / "dangling.txt"]))
    skipped = {Path(i.path).name: i.reason for i in items if isinstance(i, Skipped)}
    articles = [Path(i.path).name for i in items if isinstance(i, Article)]
    assert articles == ["good.txt", "link.txt"]
    assert skipped["loop"].startswith("symbolic link loop")
    assert skipped["a"].startswith("symbolic link loop")
    assert skipped["b"].startswith("symbolic link loop")
    assert skipped["dangling.txt"].startswith("broken symbolic link")
    assert "not followed" in skipped["up"]
    assert all("\n" not in r for r in skipped.values())
    assert sum(1 for i in items if isinstance(i, Skipped)) == 7  # 5 in the folder, 2 named


def test_fifo_is_skipped_not_read(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe.txt")
    item = _one(tmp_path / "pipe.txt")
    assert isinstance(item, Skipped) and "not a regular file" in item.reason
    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    assert [type(i).__name__ for i in items] == ["Skipped", "Article"]


def _walk_as_nobody(root: Path) -> list[list[str | None]]:
    """expand_inputs(root) in a forked child that dropped root's rights (no exec needed)."""
    import os

    from storylens.ingest.sources import expand_inputs

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read_end)
            os.setgid(65534)
            os.setuid(65534)
            out = [
                [str(getattr(x, "path", x)), getattr(x, "reason", None)]
                for x in expand_inputs([root])
            ]
            os.write(write_end, json.dumps(out).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return json.loads(data)


def test_unreadable_folder_is_one_line(tmp_path: Path) -> None:
    """A folder the user cannot list: one line, the readable files still read.

    Root reads every folder whatever its mode, so as root the walk runs as `nobody` in a
    forked child, over a folder made under /tmp where `nobody` may enter.
    """
    import os
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="storylens-unreadable-"))
    try:
        root.chmod(0o755)
        (root / "ok.txt").write_text(ENGLISH, encoding="utf-8")
        (root / "ok.txt").chmod(0o644)
        (root / "closed").mkdir()
        (root / "closed" / "secret.txt").write_text(ENGLISH, encoding="utf-8")
        (root / "closed").chmod(0)
        if os.geteuid() == 0:
            listed = _walk_as_nobody(root)
        else:
            from storylens.ingest.sources import expand_inputs

            listed = [
                [str(getattr(x, "path", x)), getattr(x, "reason", None)]
                for x in expand_inputs([root])
            ]
        assert listed == [
            [str(root / "closed"), "cannot read folder: Permission denied"],
            [str(root / "ok.txt"), None],
        ]
    finally:
        (root / "closed").chmod(0o755)
        shutil.rmtree(root)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(encoding: str) -> None:
    text, used = decode_bytes(ENGLISH.replace("on Sunday", "on Sunday – “today”").encode(encoding))
    assert used == encoding and "“today”" in text


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 10, b"\x00\x00\x00\x00" * 100, b"A\x00B\x00\x00\x00C\x00" * 50],
)
def test_nul_bytes_that_are_not_utf16_stay_binary(data: bytes) -> None:
    with pytest.raises(IngestError):
        decode_bytes(data)
