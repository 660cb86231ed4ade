"""The self-contained HTML report of a story (one file, no network)."""

from storylens.report.render import render_report, write_report

__all__ = ["render_report", "write_report"]
