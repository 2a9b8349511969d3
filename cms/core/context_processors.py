from django.conf import settings


def site_chrome(request) -> dict:
    """Values every public template needs: the site name and the languages."""
    return {"site_name": settings.WAGTAIL_SITE_NAME, "hub_languages": settings.LANGUAGES}
