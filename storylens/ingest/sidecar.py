"""Sidecar files: per-article metadata the user knows better than the text (CSV or JSON).

Columns/keys: path, outlet, published, url, title. A row matches an input by its file name,
so a sidecar written for one folder keeps working when the folder moves.

Why two kinds of problem: a sidecar that cannot be read as a table at all (binary, not
UTF-8, invalid JSON, a bare number, an unterminated CSV quote, no `path` column) raises
IngestError before anything is analysed, so the user fixes it and nothing half-applied is
stored. A bad row or value (a row with no path, a number where an object belongs, a date
that is not ISO 8601) is dropped with one line through `on_problem`, and the rest is used.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from storylens.errors import IngestError
from storylens.ingest.isodate import normalise_published

__all__ = ["COLUMNS", "SidecarRow", "read_sidecar"]

COLUMNS = ("path", "outlet", "published", "url", "title")
MAX_VALUE_CHARS = 2_000  # a longer outlet/title/url is a column mix-up, not metadata


@dataclass(frozen=True, slots=True)
class SidecarRow:
    path: str
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None


def read_sidecar(
    path: Path, on_problem: Callable[[str], None] | None = None
) -> dict[str, SidecarRow]:
    """File name -> SidecarRow.

    Raises IngestError (one line, with the fix) when the file is not a table; each bad row or
    value is reported to `on_problem` as one line and left out.
    """
    where = f"sidecar {path}"

    def problem(message: str) -> None:
        if on_problem is not None:
            on_problem(f"{where}: {message}")

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"cannot read {where}: {exc.strerror or exc}") from exc
    if b"\x00" in data:
        raise IngestError(f"{where} is a binary file: give a UTF-8 CSV or JSON file")
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"{where} is not UTF-8 text: save it as UTF-8 CSV or JSON") from exc
    if path.suffix.lower() == ".json":
        rows = _json_rows(raw, where, problem)
    else:
        rows = _csv_rows(raw, where, problem)
    out: dict[str, SidecarRow] = {}
    for i, row in rows:
        row_problem = lambda m, i=i: problem(f"row {i}: {m}")  # noqa: E731
        name = Path(_value(row, "path", row_problem) or "").name
        if not name:
            row_problem("no 'path' (the article's file name): row ignored")
            continue
        values = {k: _value(row, k, row_problem) for k in COLUMNS[1:]}
        if values["published"] is not None:
            iso = normalise_published(values["published"])
            if iso is None:
                row_problem(
                    f"published {values['published'][:40]!r} is not an ISO 8601 date "
                    "(2020-01-06, 2020-01, 2020): ignored"
                )
            values["published"] = iso
        out[name] = SidecarRow(name, **values)
    return out


def _value(row: dict[object, object], key: str, problem: Callable[[str], None]) -> str | None:
    """A field as a stripped string, or None (empty, missing, or unusable with a line)."""
    v = row.get(key)
    if v is None or v == "":
        return None
    if isinstance(v, bool) or not isinstance(v, str | int | float):
        problem(f"{key} is {_json_kind(v)}, not text: ignored")
        return None
    text = str(v).strip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a JSON "\ud800" escape: SQLite could not store it
        problem(f"{key} holds a lone surrogate escape: ignored")
        return None
    if len(text) > MAX_VALUE_CHARS:
        problem(f"{key} is longer than {MAX_VALUE_CHARS} characters: ignored")
        return None
    return text or None


def _json_kind(value: object) -> str:
    """How a JSON reader would name the value's type ('a number', 'null', 'an array'...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"


def _json_rows(
    raw: str, where: str, problem: Callable[[str], None]
) -> list[tuple[int, dict[object, object]]]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise IngestError(f"{where} is not valid JSON: {exc.msg} (line {exc.lineno})") from exc
    except RecursionError as exc:
        raise IngestError(f"{where} is nested too deeply to be a sidecar") from exc
    if isinstance(data, list):
        items: list[tuple[object, object]] = [(None, item) for item in data]
    elif isinstance(data, dict):
        items = list(data.items())
    else:
        raise IngestError(
            f"{where} holds {_json_kind(data)}: give a list of objects with a 'path' "
            "key, or an object keyed by file name"
        )
    rows: list[tuple[int, dict[object, object]]] = []
    for i, (key, item) in enumerate(items, start=1):
        if not isinstance(item, dict):
            problem(f"row {i}: {_json_kind(item)}, not an object: row ignored")
            continue
        rows.append((i, item if key is None else {**item, "path": key}))
    return rows


def _csv_rows(
    raw: str, where: str, problem: Callable[[str], None]
) -> list[tuple[int, dict[object, object]]]:
    reader = csv.DictReader(io.StringIO(raw, newline=""), strict=True)
    try:
        rows = [(i, dict(row)) for i, row in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise IngestError(
            f"{where} is not valid CSV ({exc}): check for an unterminated quote"
        ) from exc
    columns = [c for c in (reader.fieldnames or []) if c is not None]
    if "path" not in columns:
        raise IngestError(
            f"{where} has no 'path' column (found: {', '.join(map(repr, columns[:8])) or 'none'}); "
            f"the columns are {', '.join(COLUMNS)}"
        )
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        problem(f"unknown columns ignored: {', '.join(map(repr, unknown[:8]))}")
    return rows
