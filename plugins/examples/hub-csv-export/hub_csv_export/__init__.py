"""Example hub plugin: events as CSV (see README.md)."""
