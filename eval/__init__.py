"""Scorers for every extractor, run on the dev gold by `make eval` (python -m eval)."""
