"""Fuzz: hostile files through `storylens analyze` and the library (issue 18).

Targets: 0 tracebacks; exit 0 (something analysed) or 2 (nothing could be), 1 only for an
unusable --sidecar, each with one line per problem; every good article stored; nothing
already stored lost. A fixed corpus of hostile files is generated at test time (seeded), and
hypothesis drives ingest, sidecars and extraction with small examples (CI time: ~30 s).
"""

from __future__ import annotations

import codecs
import json
import os
import random
import sqlite3
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storylens.cli import cli
from storylens.ingest import read_inputs
from storylens.ingest.isodate import normalise_published
from storylens.ingest.sources import IngestOptions
from storylens.model import Article, Skipped

DEMO = Path(__file__).resolve().parent.parent / "examples" / "iraq-withdrawal"
GOOD = ["001_284a58eab4c7cce9.txt", "003_dca2c3b37c385f39.txt"]
STORED_FIRST = "004_e3aa657acc54c5e5.txt"

ARABIC = "قال المتحدث باسم الحكومة العراقية إن القوات الأمريكية ستغادر البلاد قبل نهاية العام. "
HOSTILE_HTML = """<!doctype html><html><head><title>T <script>alert(1)</script></title>
<meta property="og:site_name" content="<img src=x onerror=alert(1)>">
<meta name="date" content="not-a-date-<script>"></head><body><article>
<h1>Talks <script>window.pwned=1</script> continue</h1>
<p>"The troops will stay until the end of the year," said John Carter, a spokesman for the
coalition, on Sunday in Baghdad. <img src=x onerror="window.pwned=1"></p>
<p>Officials said the talks would continue next week in the capital.</p>
</article></body></html>"""


def hostile_corpus(folder: Path, seed: int = 18) -> None:
    """Every kind of bad input the issue names, plus two good articles."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for name in GOOD:
        (folder / name).write_bytes((DEMO / name).read_bytes())
    (folder / "random.bin").write_bytes(rng.randbytes(4096))
    (folder / "random.txt").write_bytes(rng.randbytes(300))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "spaces.txt").write_bytes(b" \n\t\n" * 50)
    (folder / "nul.txt").write_bytes(b"The troops\x00 will\x00 stay.\x00" * 40)
    sentence = "The general said on Monday that the troops would stay in Baghdad. "
    (folder / "utf16le-nobom.txt").write_bytes((sentence * 5).encode("utf-16-le"))
    (folder / "utf16be-bom.txt").write_bytes(codecs.BOM_UTF16_BE + sentence.encode("utf-16-be"))
    (folder / "cp1256.txt").write_bytes((ARABIC * 8).encode("cp1256"))
    (folder / "bad-bom.txt").write_bytes(codecs.BOM_UTF8 + b"\xff\xfe\xfd text")
    (folder / "hostile.html").write_text(HOSTILE_HTML, encoding="utf-8")
    (folder / "no-text.html").write_text("<html><body><script>x()</script></body></html>", "utf-8")
    # over spaCy's max_length (1,000,000): blank paragraphs are cheap to parse
    huge = "Officials said the talks would continue.\n" + ("\n\n" + " " * 998) * 1050
    (folder / "huge.txt").write_text(huge + '\n\n"We are leaving," said Anna Berg.\n', "utf-8")
    lines = [
        json.dumps({"text": sentence * 3, "published": "not-a-date-<script>", "outlet": 5}),
        json.dumps({"text": sentence + " Two.", "published": "2020-01-06T08:00:00Z"}),
        "{not json",
        json.dumps([1, 2, 3]),
        json.dumps({"text": 7}),
        "[" * 20_000,
        json.dumps({"text": "\u2028".join([sentence] * 3), "title": "<script>x</script>"}),
        rng.randbytes(80).decode("latin-1"),
        # lone surrogate escapes are valid JSON but not Unicode: SQLite cannot store them
        json.dumps({"text": "Lone \ud800 surrogate: the troops would stay, officials said."}),
        json.dumps({"text": sentence + " Three.", "title": "bad \udfff", "outlet": "O\ud800"}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    # a file name that is not UTF-8 (Python sees surrogate escapes)
    (folder / os.fsdecode(b"name-\xff\xfe.txt")).write_text(sentence * 2, encoding="utf-8")
    (folder / "loop").symlink_to(folder / "loop")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "back").symlink_to(folder)


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            path: n
            for path, n in conn.execute(
                "SELECT a.path, count(s.id) FROM articles a"
                " LEFT JOIN statements s ON s.article = a.id GROUP BY a.id"
            )
        }


def _no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def test_hostile_corpus_through_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "story.db"
    runner = CliRunner()
    first = runner.invoke(
        cli, ["analyze", str(DEMO / STORED_FIRST), "--db", str(db), "--no-claims", "--no-progress"]
    )
    _no_traceback(first)
    assert first.exit_code == 0
    before = _counts(db)
    folder = tmp_path / "hostile"
    hostile_corpus(folder)
    sidecar = tmp_path / "meta.json"
    sidecar.write_text(
        json.dumps(
            {
                GOOD[0]: {"published": "not-a-date-<script>", "outlet": "Side <b>Outlet</b>"},
                GOOD[1]: 42,
                "huge.txt": {"published": "2021-02-03", "title": ["x"], "outlet": "\ud800"},
            }
        ),
        encoding="utf-8",
    )
    r = runner.invoke(
        cli,
        ["analyze", str(folder), "--db", str(db), "--no-claims", "--no-progress",
         "--sidecar", str(sidecar)],
    )  # fmt: skip
    _no_traceback(r)
    assert r.exit_code == 0, r.output
    after = _counts(db)
    # nothing already stored is lost
    for path, n in before.items():
        assert after[path] == n
    # every good article is stored and analysed, with statements
    with sqlite3.connect(db) as conn:
        rows = {
            Path(p.split("#")[0]).name: (analysed, published, note)
            for p, analysed, published, note in conn.execute(
                "SELECT path, analysed, published, note FROM articles"
            )
        }
        dates = [d for (d,) in conn.execute("SELECT published FROM articles")]
        skipped = [reason for (reason,) in conn.execute("SELECT reason FROM skipped")]
    for name in [*GOOD, "huge.txt", "hostile.html", "feed.jsonl", "utf16be-bom.txt",
                 "utf16le-nobom.txt"]:  # fmt: skip
        assert name in rows, name
    assert rows[GOOD[0]][0] == 1 and after[str(folder / GOOD[0])] > 0
    assert rows["huge.txt"][:2] == (1, "2021-02-03")
    assert "name-\\xff\\xfe.txt" in rows  # stored under a printable name
    assert "lone surrogate" in r.output
    assert all(d is None or normalise_published(d) == d for d in dates)
    assert all("\n" not in reason for reason in skipped)
    # one line per problem: each named input appears on its own line
    for name in ("random.bin", "empty.txt", "nul.txt", "loop", "dangling.txt", "back"):
        assert sum(1 for line in r.output.splitlines() if name in line) >= 1, name
    assert "not-a-date-<script>" in r.output  # the dropped date is reported...
    assert all("not-a-date" not in (d or "") for d in dates)  # ...and never stored


def test_nothing_analysable_exits_2_and_keeps_the_store(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "bin.dat").write_bytes(random.Random(2).randbytes(2048))
    (bad / "loop").symlink_to(bad / "loop")
    db = tmp_path / "fresh.db"
    r = runner.invoke(cli, ["analyze", str(bad), "--db", str(db), "--no-claims", "--no-progress"])
    _no_traceback(r)
    assert r.exit_code == 2
    assert "nothing could be analysed" in r.output


@pytest.mark.parametrize(
    "content",
    [b"\x00\xff\x00binary", b"5", b'{"a.txt": 5}', b'"just a string"', b"[[[[", b"null"],
)
def test_unusable_sidecar_is_exit_1_with_one_line(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "a.txt").write_text("The troops will stay, he said.", encoding="utf-8")
    sidecar = tmp_path / "meta.json"
    sidecar.write_bytes(content)
    r = CliRunner().invoke(
        cli,
        ["analyze", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.db"), "--no-claims",
         "--no-progress", "--sidecar", str(sidecar)],
    )  # fmt: skip
    _no_traceback(r)
    assert r.exit_code in (0, 1)
    if r.exit_code == 1:
        assert len([line for line in r.output.splitlines() if line.strip()]) == 1
        assert "sidecar" in r.output


def _check_items(items: list[Article | Skipped]) -> None:
    for item in items:
        assert isinstance(item, Article | Skipped)
        if isinstance(item, Skipped):
            assert item.reason and "\n" not in item.reason
        else:
            assert item.published is None or normalise_published(item.published) == item.published
            for span in item.boilerplate:
                assert 0 <= span.start <= span.end <= len(item.text)


SMALL = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@SMALL
@given(
    st.binary(max_size=600),
    st.sampled_from([".txt", ".html", ".jsonl", ".csv", ""]),
)
def test_random_bytes_are_an_article_or_one_line(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"input{suffix}"
        path.write_bytes(data)
        _check_items(list(read_inputs([path])))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
JSONL_ROWS = st.fixed_dictionaries(
    {},
    optional={
        "text": st.text(max_size=200) | JSON_VALUES,
        "published": st.text(max_size=25) | JSON_VALUES,
        "outlet": st.text(max_size=20) | JSON_VALUES,
        "title": st.text(max_size=20) | JSON_VALUES,
        "url": st.text(max_size=20) | JSON_VALUES,
    },
)


@SMALL
@given(st.lists(JSONL_ROWS | JSON_VALUES, max_size=6), st.lists(st.text(max_size=30), max_size=2))
def test_random_jsonl_lines(rows: list[object], junk: list[str]) -> None:
    lines = [json.dumps(r) for r in rows] + junk
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "feed.jsonl"
        path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        problems: list[str] = []
        _check_items(list(read_inputs([path], IngestOptions(on_problem=problems.append))))
        assert all("\n" not in p for p in problems)


@SMALL
@given(st.lists(st.dictionaries(st.sampled_from(["path", "outlet", "published", "title", "x"]),
                                JSON_VALUES, max_size=5), max_size=4) | JSON_VALUES)  # fmt: skip
def test_random_json_sidecars(data: object) -> None:
    from storylens.errors import IngestError
    from storylens.ingest.sidecar import read_sidecar

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "meta.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        problems: list[str] = []
        try:
            rows = read_sidecar(path, problems.append)
        except IngestError as exc:
            assert "\n" not in str(exc)
            return
        for name, row in rows.items():
            assert name == row.path and "/" not in name
            assert row.published is None or normalise_published(row.published) == row.published
        assert all("\n" not in p for p in problems)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(st.characters(codec="utf-8"), min_size=1, max_size=300))
def test_extraction_of_random_text_indexes_the_text(text: str) -> None:
    """Any text spaCy is given: records or a note, every offset inside the text."""
    from storylens.extract.pipeline import extract_many
    from storylens.model import article_id_for
    from storylens.nlp import load_nlp

    article = Article(id=article_id_for(text), path="fuzz.txt", text=text)
    (records,) = list(extract_many([article], load_nlp()))
    for s in records.statements:
        assert s.content == text[s.start : s.end]
    for x in (*records.sentences, *records.mentions, *records.timexes):
        assert 0 <= x.start <= x.end <= len(text)
