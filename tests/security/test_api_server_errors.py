"""A server error in the API answers in the API's JSON error format (with
CORS, so a widget on another site can read it) and is logged with its
traceback; pages keep the HTML 500 page."""

from __future__ import annotations

import logging

import pytest
from django.db import DatabaseError, OperationalError
from django.test import Client

from cms.api import resources
from cms.api import search as search_api
from cms.core.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.fixture
def failing_events(monkeypatch):
    def select(self, params, language, request=None):
        raise DatabaseError("relation does not exist (simulated)")

    monkeypatch.setattr(resources.Resource, "select", select)


def assert_json_500(response) -> None:
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    error = response.json()["error"]
    assert error["code"] == "server_error"
    assert error["message"]
    assert "Traceback" not in response.content.decode()
    assert "simulated" not in response.content.decode()  # no internals


def test_a_failing_query_is_a_json_500_and_logged(client, site_tree, failing_events,
                                                  caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/v1/events/", {"lang": "en"})
    assert_json_500(response)
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert logged and logged[0].exc_info is not None
    assert logged[0].exc_info[0] is DatabaseError
    assert "/api/v1/events/" in logged[0].getMessage()


def test_other_api_paths_fail_in_json_too(client, site_tree, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("search exploded (simulated)")

    monkeypatch.setattr(search_api, "get_search_service", explode)
    assert_json_500(client.get("/api/v1/search/", {"q": "leuven"}))


def test_pages_keep_the_html_500_page(client, site_tree, monkeypatch):
    def explode(self, request, *args, **kwargs):
        raise RuntimeError("page exploded (simulated)")

    monkeypatch.setattr(HomePage, "get_context", explode)
    response = client.get("/nl/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "<html" in response.content.decode()
    assert "simulated" not in response.content.decode()


def test_an_unreachable_database_is_a_503_with_retry_after(client, site_tree,
                                                           monkeypatch):
    """What psycopg raises while PostgreSQL restarts: an outage, not a bug. The
    API and pages answer 503 with Retry-After, never cached, no internals."""
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused (simulated)")

    monkeypatch.setattr(resources.Resource, "select", unreachable)
    monkeypatch.setattr(HomePage, "get_context", unreachable)

    api = client.get("/api/v1/events/", {"lang": "en"})
    assert api.status_code == 503
    assert api["Retry-After"] == "10"
    assert api["Access-Control-Allow-Origin"] == "*"
    assert api.json()["error"]["code"] == "service_unavailable"
    assert "simulated" not in api.content.decode()

    page = client.get("/nl/")
    assert page.status_code == 503
    assert page["Retry-After"] == "10"
    assert page["Cache-Control"] == "no-store"
    assert "<html" in page.content.decode()
    assert "simulated" not in page.content.decode()
