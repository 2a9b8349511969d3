"""Request ids and the log format.

nginx gives every request an ``X-Request-ID``; the middleware keeps it (or
makes one when it is missing or unsafe to write into a log), answers with it,
and stores it in a context variable that a logging filter copies onto every
record written while the request runs. Production writes one JSON object per
line on stderr (``logging_config(json_lines=True)``); development keeps
readable lines with the same fields.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

HEADER = "X-Request-ID"
NO_REQUEST = "-"
# nginx's $request_id is 32 hex digits; a UUID or another proxy's id fits too.
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")

request_id: ContextVar[str] = ContextVar("hub_request_id", default=NO_REQUEST)


def forget_request_id(**kwargs) -> None:
    """After the response is closed (request_finished): lines written between
    requests must not carry the last request's id."""
    request_id.set(NO_REQUEST)


class RequestIdMiddleware:
    """Take X-Request-ID from the proxy when it is short and plain, else make
    one; expose it to logging and echo it in the response."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(HEADER, "")
        rid = given if SAFE_ID.match(given) else uuid.uuid4().hex
        request.request_id = rid
        request_id.set(rid)
        response = self.get_response(request)
        response[HEADER] = rid
        return response


class RequestIdFilter:
    """Adds ``request_id`` to every record (``-`` outside a request)."""

    def filter(self, record) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object per line: time, level, logger, message, request_id,
    process, the traceback under ``exc_info``, and any ``extra`` fields.
    Django's request object (attached to its error records) is left out:
    the path is in the message and the id ties the lines together."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "server_time"])
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level",
                                            "name": "logger"})
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(process)d",
            *args, **kwargs)


READABLE = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(*, json_lines: bool, level: str = "INFO") -> dict:
    """The LOGGING setting: everything to stderr, in JSON or readable lines.
    ``django.request`` logs every 5xx with its traceback and every 4xx as a
    warning; they reach this handler because the "django" logger propagates."""
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "cms.operations.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "cms.operations.logs.JsonFormatter"},
            "readable": {"format": READABLE},
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "json" if json_lines else "readable",
                "filters": ["request_id"],
            },
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            # Replaces Django's default handlers (console only with DEBUG,
            # mail_admins): records go to the root's stderr handler instead.
            # runserver's access lines (django.server) keep Django's own format.
            "django": {"handlers": [], "level": level, "propagate": True},
            # Wagtail notes every page action, and django-tasks every task's
            # start and end, at INFO: an audit trail worth keeping in
            # production, a flood of thousands of lines while the demo's
            # worker catches up with the loaded data.
            **({} if json_lines else {"wagtail": {"level": "WARNING"},
                                      "django_tasks": {"level": "WARNING"}}),
        },
    }
