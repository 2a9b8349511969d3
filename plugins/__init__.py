"""The plugin registry and the built-in plugins (widgets, importers, exporters)."""
