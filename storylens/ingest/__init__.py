"""Sources -> Article: files, folders, HTML, JSON Lines; metadata and boilerplate marking."""

from storylens.ingest.sources import read_inputs

__all__ = ["read_inputs"]
