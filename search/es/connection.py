"""The Elasticsearch client, built from settings.HUB_ELASTICSEARCH (which
production reads from ELASTICSEARCH_URL and friends, see cms/settings/base.py)."""

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from elasticsearch import Elasticsearch


def config() -> dict:
    return settings.HUB_ELASTICSEARCH


def elasticsearch_enabled() -> bool:
    """Whether an ELASTICSEARCH_URL is set (else the database alone searches)."""
    return bool(config().get("hosts"))


@cache
def _client(hosts: tuple[str, ...], timeout: float, options: tuple) -> Elasticsearch:
    return Elasticsearch(
        list(hosts), request_timeout=timeout, max_retries=1, retry_on_timeout=False,
        **dict(options),
    )


def get_client() -> Elasticsearch:
    conf = config()
    options = {k: conf[k] for k in ("api_key", "ca_certs", "verify_certs")
               if conf.get(k) not in (None, "")}
    return _client(tuple(conf["hosts"]), float(conf.get("timeout", 2.0)),
                   tuple(sorted(options.items())))


# Index management and bulk indexing run in commands and the task worker, not
# on a visitor's path: on a busy cluster creating an index takes seconds and a
# bulk of 500 documents or the refresh after a rebuild longer still, so each
# has its own timeout (ELASTICSEARCH_INDEX_TIMEOUT, ELASTICSEARCH_BULK_TIMEOUT)
# and never the short one of searches (ELASTICSEARCH_TIMEOUT).
INDEX_TIMEOUT = 30.0
BULK_TIMEOUT = 120.0


def get_admin_client() -> Elasticsearch:
    """The client for index management (templates, indices, aliases,
    settings, counts): the search client with the index timeout."""
    timeout = float(config().get("index_timeout") or INDEX_TIMEOUT)
    return get_client().options(request_timeout=timeout)


def get_bulk_client() -> Elasticsearch:
    """The client for bulk requests, scans of a whole index and the refresh
    after a rebuild: the search client with the bulk timeout."""
    timeout = float(config().get("bulk_timeout") or BULK_TIMEOUT)
    return get_client().options(request_timeout=timeout)


def index_prefix() -> str:
    return config().get("index_prefix", "hub")


@receiver(setting_changed)
def _reset(*, setting: str, **kwargs) -> None:
    if setting == "HUB_ELASTICSEARCH":
        _client.cache_clear()
