from .registry import get_theme


def theme(request) -> dict:
    """The active theme for the hub's own pages (the default theme for now)."""
    return {"theme": get_theme(None)}
