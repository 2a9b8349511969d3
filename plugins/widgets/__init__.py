"""Embeddable widgets of the hub: ``/embed/v1/widgets.js`` (custom elements
configured by attributes), their theme stylesheets and the admin's widget
builder. A built-in plugin (docs/widgets.md, docs/plugins.md)."""
