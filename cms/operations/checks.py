"""System checks of the production set-up (``manage.py check --deploy``)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs=None, **kwargs) -> list:
    if getattr(settings, "HUB_SHARED_CACHE", None) is False:
        return [checks.Warning(
            "No REDIS_URL: the cache is per process, so the API rate limit is "
            "counted per gunicorn worker (N workers allow N times the limit) and "
            "cached answers are not shared.",
            hint="Set REDIS_URL (docs/operations.md).", id="operations.W001")]
    return []
