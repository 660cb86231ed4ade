"""The local web UI over a story database: `storylens serve --db story.db`."""

from storylens.web.app import create_app

__all__ = ["create_app"]
