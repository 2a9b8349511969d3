"""The visitors' search: one service (service.py) over an Elasticsearch and a
database backend, fed from the catalogue-type registry's searchable types
(documents.py); see docs/search.md."""
