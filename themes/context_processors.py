from .registry import get_theme


def theme(request) -> dict:
    """The hub's default theme. Pages of an organisation are shown in its own
    theme through {% theme_style %} (themes/templatetags/hub_themes.py)."""
    return {"theme": get_theme(None)}
