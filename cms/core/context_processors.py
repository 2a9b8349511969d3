from django.conf import settings

from cms.core.sitename import site_name


def site_chrome(request) -> dict:
    """Values every public template needs: the site name in the page's
    language and the languages."""
    return {"site_name": site_name(), "hub_languages": settings.LANGUAGES}
