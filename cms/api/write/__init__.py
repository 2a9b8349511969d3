"""The write API (issue 15, docs/write-api.md): events and expertise written
with organisation tokens through the importers' upsert services."""
