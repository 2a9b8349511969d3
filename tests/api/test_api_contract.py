"""Contract test: schemathesis generates requests from /api/v1/openapi.json and
checks the live API answers them without server errors and within the schema."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.factories import (
    make_event,
    make_expertise,
    make_institution,
    make_representation,
)


@pytest.fixture
def api_schema(db):
    """The API with some content, served in-process over WSGI."""
    cache.clear()
    kul = make_institution()
    japan = make_representation()
    make_event(japan, latitude="35.63", longitude="139.79")
    make_event(kul, title="Webinar", event_type="webinar", days_ahead=-10)
    make_expertise(kul)
    # The WSGI handler would close the test's connection (and transaction) after
    # every request; Django's test client disconnects these receivers the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        cache.clear()


def test_api_matches_its_openapi_document(api_schema):
    # Every operation in turn (schemathesis' lazy pytest loader does not support
    # this pytest version); a fixed seed keeps the run reproducible and short.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            # A schema-valid value may still name nothing (organiser=xyz, page 9
            # of 1): the API answers 400 by design, so that check is left out.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()
