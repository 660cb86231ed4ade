"""Query-string parameters: parsed and checked before any query runs.

A bad value raises `BadParameter`, which the app answers with a 400 page naming the
parameter: a person mistyping a URL learns what to fix, and nothing odd reaches SQL.
"""

from __future__ import annotations

import re
from datetime import date

from starlette.datastructures import QueryParams

__all__ = [
    "MAX_PAGE",
    "MAX_TEXT",
    "BadParameter",
    "integer",
    "iso_date",
    "output_format",
    "page",
    "text",
]

MAX_PAGE = 10_000
MAX_TEXT = 500  # characters accepted in a search box or a claim
_ISO_RE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
_DIGITS_RE = re.compile(r"[0-9]+")


class BadParameter(ValueError):
    """A query parameter that cannot be used; the message names it and says what is allowed."""


def output_format(params: QueryParams) -> str:
    value = params.get("format", "html")
    if value not in ("html", "json"):
        raise BadParameter("format must be html or json")
    return value


def integer(params: QueryParams, name: str, *, default: int, low: int, high: int) -> int:
    """A whole number in [low, high] written in ASCII digits, or `default` when empty.

    Why not `str.isdigit()` then `int()`: isdigit accepts '²' and other Unicode digits that
    int() refuses (a 500), and a 4,300-digit value makes int() raise too.
    """
    raw = params.get(name, "").strip()
    if not raw:
        return default
    if not _DIGITS_RE.fullmatch(raw) or len(raw) > len(str(high)) or not low <= int(raw) <= high:
        raise BadParameter(f"{name} must be a whole number from {low} to {high}")
    return int(raw)


def page(params: QueryParams) -> int:
    return integer(params, "page", default=1, low=1, high=MAX_PAGE)


def text(params: QueryParams, name: str) -> str:
    value = params.get(name, "").strip()
    if len(value) > MAX_TEXT:
        raise BadParameter(f"{name} is longer than {MAX_TEXT} characters")
    if "\x00" in value:
        raise BadParameter(f"{name} contains a NUL character")
    return value


def iso_date(params: QueryParams, name: str) -> str | None:
    """2020-01-06, 2020-01 or 2020 (the precisions the store uses), or None when empty."""
    value = text(params, name)
    if not value:
        return None
    if not _ISO_RE.fullmatch(value):
        raise BadParameter(f"{name} must be an ISO date: 2020-01-06, 2020-01 or 2020")
    parts = [*map(int, value.split("-")), 1, 1][:3]
    try:
        date(*parts)
    except ValueError as exc:
        raise BadParameter(f"{name} is not a real date ({exc})") from exc
    return value
