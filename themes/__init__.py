"""Themes: design tokens that become CSS custom properties for the hub's pages
(and, later, the embeddable widgets)."""
