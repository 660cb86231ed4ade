"""storylens: turn a pile of news articles about one story into a sourced map of that story."""

from storylens.errors import ExtractError, IngestError, StoreError, StorylensError

__version__ = "0.1.0"

__all__ = ["ExtractError", "IngestError", "StoreError", "StorylensError", "__version__"]
