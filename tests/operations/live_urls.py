"""The hub's URLs plus one view that logs a line and then fails."""

import logging

from django.urls import path

from cms.urls import handler404, handler500
from cms.urls import urlpatterns as hub_urlpatterns

logger = logging.getLogger("tests.operations")


class DeliberateFailure(RuntimeError):
    pass


def fail(request):
    logger.info("about to fail on purpose")
    raise DeliberateFailure("the operations tests asked for a server error")


urlpatterns = [path("ops-test/fail", fail), *hub_urlpatterns]
__all__ = ["handler404", "handler500", "urlpatterns"]
