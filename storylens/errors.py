"""Exceptions, each message saying what to do next.

StorylensError
 ├── IngestError   an input cannot be read as an article
 ├── ExtractError  the language model is missing or failed
 ├── StoreError    the database cannot be opened, is newer than this code, or is damaged
 └── ServeError    the web server cannot listen (port in use, unknown host)
"""

from __future__ import annotations

__all__ = ["ExtractError", "IngestError", "ServeError", "StoreError", "StorylensError"]


class StorylensError(Exception):
    """Base of every error storylens raises on purpose."""


class IngestError(StorylensError):
    """An input could not be turned into an Article."""


class ExtractError(StorylensError):
    """The per-article stage could not run (e.g. the spaCy model is not installed)."""


class StoreError(StorylensError):
    """The SQLite store could not be opened, migrated or written."""


class ServeError(StorylensError):
    """`storylens serve` cannot listen on the address asked for."""
