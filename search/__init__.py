"""The search layer. Until the Elasticsearch backend lands (see docs/architecture.md)
the hub searches through Wagtail's database backend configured in settings."""
