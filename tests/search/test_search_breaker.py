"""The circuit breaker in front of Elasticsearch opens after failures in a row,
not after one slow answer."""

from search.es.backend import CircuitBreaker


def test_the_breaker_opens_after_failures_in_a_row(settings):
    settings.HUB_ELASTICSEARCH = {**settings.HUB_ELASTICSEARCH,
                                  "failures_to_open": 3, "retry_after": 30}
    breaker = CircuitBreaker()
    breaker.trip()
    breaker.trip()
    assert not breaker.is_open() and breaker.tripped
    breaker.reset()  # a success between failures starts the count again
    breaker.trip()
    breaker.trip()
    assert not breaker.is_open()
    breaker.trip()
    assert breaker.is_open()
    breaker.reset()
    assert not breaker.is_open() and not breaker.tripped


def test_one_failure_opens_it_when_configured(settings):
    settings.HUB_ELASTICSEARCH = {**settings.HUB_ELASTICSEARCH,
                                  "failures_to_open": 1, "retry_after": 30}
    breaker = CircuitBreaker()
    breaker.trip()
    assert breaker.is_open()
