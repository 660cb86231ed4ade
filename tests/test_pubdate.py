"""Publication date and outlet from the text, and publication-date inference across a story."""

from __future__ import annotations

import pytest

from storylens.ingest.metadata import find_dateline, find_outlet, find_published
from storylens.model import Article, article_id_for
from storylens.resolve.events import infer_publication_dates, story_span


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Headline\n\nBody text.\n\nLast Update: Friday, 10 January 2020 KSA 09:45", "2020-01-10"),
        ("Headline\n\nHeadline\nLead.\n\n2 min read\n20 October, 2018\nBody.", "2018-10-20"),
        ("OTTAWA, Jan 8, 2020 (Reuters) - The plane crashed.", "2020-01-08"),
        ("Published: October 4, 2018\nText.", "2018-10-04"),
        (" date 2018-10-07 Turkish authorities believe", "2018-10-07"),
        ("In July 2014 the war began. On January 8, 2020 the plane crashed.", None),
        ("OTTAWA, Jan 8 (Reuters) - The plane crashed.", None),
    ],
)
def test_find_published(text: str, published: str | None) -> None:
    found = find_published(text)
    assert (found.value if found else None) == published


def test_year_less_dateline_is_found_for_the_resolve_stage() -> None:
    dl = find_dateline("OTTAWA, Jan 8 (Reuters) - The plane crashed.")
    assert dl is not None and (dl.month, dl.day, dl.year) == (1, 8, None)


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        # quoted outlets are never the publisher
        ("Trump told CBS that he would win. Clinton spoke later.", None),
        ("He said in an interview with CNN that it was over.", None),
        (
            "Khashoggi was killed, Reuters news agency reported. An official told Reuters. "
            "The consul told Reuters on Saturday.",
            None,
        ),
        ("According to CNN, the talks failed. A source told CNN and told CNN again.", None),
        # an agency dateline is the copy's author, not the site that published it
        ("WASHINGTON (AP) — The Latest on the race.", None),
        # self-references
        ("Body.\nBy Jane Doe, Associated Press\n", "Associated Press"),
        ("Body text.\n(c) 2016 POLITICO LLC", "Politico"),
        ("Body.\nLast Update: Friday, 10 January 2020 KSA 09:45 - GMT 06:45", "Al-Arabiya"),
        (
            "Roche told Al-Jazeera Net that... she said in an interview with Al-Jazeera Net",
            "Al Jazeera Net",
        ),
    ],
)
def test_find_outlet_only_from_self_references(text: str, outlet: str | None) -> None:
    found = find_outlet(text)
    assert (found.value if found else None) == outlet


@pytest.fixture(scope="module")
def nlp():
    from storylens.nlp import load_nlp

    return load_nlp()


def _records(nlp, texts: list[tuple[str, str | None]]):
    from storylens.extract import extract_many

    articles = [
        Article(
            article_id_for(t),
            f"a{i}.txt",
            t,
            published=p,
            published_source="sidecar" if p else "none",
        )
        for i, (t, p) in enumerate(texts)
    ]
    return list(extract_many(articles, nlp))


def test_no_dated_article_no_guess(nlp) -> None:
    """PolNeAR: a date in the body of an undated article is a past event, not its date."""
    records = _records(
        nlp,
        [
            ("On November 3, 2008, Obama won the election. On Monday Trump spoke in Ohio.", None),
            ("Trump spoke in Ohio on Monday, November 3, 2008 was long ago.", None),
        ],
    )
    out = infer_publication_dates(records)
    assert story_span(records) is None
    assert [r.article.published for r in out] == [None, None]


def test_dateline_takes_the_story_year(nlp) -> None:
    records = _records(
        nlp,
        [
            ("The airliner crashed near Tehran on Wednesday, killing all on board.", "2020-01-10"),
            ("OTTAWA, Jan 8 (Reuters) - Canada mourned the victims of the crash.", None),
        ],
    )
    out = infer_publication_dates(records)
    assert (out[1].article.published, out[1].article.published_source) == (
        "2020-01-08",
        "dateline",
    )


def test_stated_date_inside_the_span_only(nlp) -> None:
    records = _records(
        nlp,
        [
            ("The minister resigned on Friday after the vote.", "2020-01-10"),
            ("Photo taken on Jan. 8, 2020. In July 2014 the war began.", None),
            ("The treaty was signed on March 3, 2011 in Geneva.", None),
        ],
    )
    out = infer_publication_dates(records)
    assert (out[1].article.published, out[1].article.published_source) == ("2020-01-08", "stated")
    assert out[2].article.published is None  # 2011 is beyond the story's span


def test_unknown_article_takes_the_story_year_not_an_older_events(nlp) -> None:
    records = _records(
        nlp,
        [
            ("Last Update: Friday, 10 January 2020. Protests went on.", "2020-01-10"),
            (
                "In July 2014 the protests began. On Jan. 11 they resumed, a year after last year.",
                None,
            ),
        ],
    )
    out = infer_publication_dates(records)
    values = {t.text: t.value for t in out[1].timexes}
    assert out[1].article.published is None
    assert values["Jan. 11"] == "2020-01-11"


def test_photo_caption_date_is_stated_evidence(nlp) -> None:
    """Issue 17's second story: an undated report dated its photo "Jan. 8, 2020"."""
    from storylens.extract import extract_many
    from storylens.model import Span

    caption = "Mourners in Toronto, Jan. 8, 2020. (Photo: Reuters)"
    body = "In July 2014 a plane was shot down. Canada said on Thursday it wants answers."
    text = f"{body}\n{caption}\n"
    start = text.index(caption)
    undated = Article(
        article_id_for(text), "b.txt", text, boilerplate=(Span(start, start + len(caption)),)
    )
    dated_text = "The airliner crashed near Tehran on Wednesday, killing all 176 on board."
    dated = Article(
        article_id_for(dated_text),
        "a.txt",
        dated_text,
        published="2020-01-09",
        published_source="sidecar",
    )
    out = infer_publication_dates(list(extract_many([dated, undated], nlp)))
    assert (out[1].article.published, out[1].article.published_source) == ("2020-01-08", "stated")
    # a lower bound of the day of writing: weekdays are not counted from it
    assert {t.text: t.value for t in out[1].timexes}["Thursday"] is None
