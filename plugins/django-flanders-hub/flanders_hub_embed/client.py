"""Reading the hub's API through Django's cache, and surviving its absence.

One cache entry per request URL holds the last good answer with its ETag and
Last-Modified and the time it was fetched. It is *fresh* for CACHE_SECONDS;
after that the hub is asked again with a conditional request (304 keeps the
entry). When the hub cannot be reached, times out, answers 5xx/429 or
something that is not the API's JSON, the entry is served as it is (kept for
STALE_SECONDS) and the hub is left alone for RETRY_SECONDS. Nothing here
raises: the caller gets an `Answer` whose `data` may be None.

A webhook from the hub (webhooks.py) ends the freshness of every answer of a
resource at once through `expire()`: each entry records the resource's
*generation* when it was fetched, and an entry of an older generation is
revalidated on its next use. The entries stay as the last good content.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.core.cache import caches

from . import __version__
from .conf import HubSettings

logger = logging.getLogger("flanders_hub_embed")

MAX_BYTES = 4 * 1024 * 1024  # a page of 100 items is far below this
CHUNK = 64 * 1024
KEY_PREFIX = "flanders_hub_embed:v1:"
RESOURCES = ("events", "expertise")  # the read API's lists the tags show


class HubUnavailable(Exception):
    """The hub did not give a usable answer (network, timeout, 5xx, bad JSON)."""


class HubRejected(Exception):
    """The hub refused the request (4xx): a filter names nothing it knows."""


@dataclass(frozen=True)
class Answer:
    data: dict | None
    #: fresh | revalidated | fetched | stale | unavailable | rejected
    state: str


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not newurl.lower().startswith(("http://", "https://")):
            raise HubUnavailable(f"redirect to a non-http address: {newurl[:200]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_HttpOnlyRedirects)


def api_url(conf: HubSettings, resource: str, params: list[tuple[str, str]]) -> str:
    return f"{conf.url}/api/v1/{resource}/?{urlencode(params)}"


def _key(kind: str, text: str) -> str:
    return KEY_PREFIX + kind + ":" + hashlib.sha256(text.encode()).hexdigest()


def _generation_key(conf: HubSettings, resource: str) -> str:
    return _key("generation", f"{conf.url} {resource}")


def expire(conf: HubSettings, resources: Iterable[str] = RESOURCES) -> None:
    """End the freshness of every cached answer of `resources`: their next
    use asks the hub (conditionally: an unchanged answer costs a 304), and
    they are still the last good content should the hub fail meanwhile."""
    caches[conf.cache].set_many(
        {_generation_key(conf, resource): uuid.uuid4().hex for resource in resources},
        None)


def get(conf: HubSettings, url: str) -> Answer:
    """The API's JSON answer at `url`, from the cache or the hub."""
    cache = caches[conf.cache]
    key, down_key = _key("answer", url), _key("down", conf.url)
    # /api/v1/<resource>/: read before fetching, so an expire() that arrives
    # while the hub answers leaves this answer of the older generation.
    generation_key = _generation_key(conf, urlsplit(url).path.rstrip("/")
                                     .rsplit("/", 1)[-1])
    found = cache.get_many([key, generation_key])
    entry, generation = found.get(key), found.get(generation_key)
    if (entry and entry.get("generation") == generation
            and time.time() - entry["fetched_at"] < conf.cache_seconds):
        return Answer(entry["data"], "fresh" if entry["data"] else "rejected")
    if cache.get(down_key):  # a recent failure: do not make this page wait
        return _degraded(entry)
    try:
        status, data, validators = _fetch(url, entry, conf.timeout)
    except HubRejected as error:
        logger.warning("Flanders hub refused %s: %s", url, error)
        cache.set(key, {"data": None, "fetched_at": time.time(),
                        "generation": generation}, max(conf.cache_seconds, 1))
        return Answer(None, "rejected")
    except HubUnavailable as error:
        logger.warning("Flanders hub unavailable (%s): %s; showing %s", url, error,
                       "the last good content" if entry and entry["data"]
                       else "a link to the hub")
        if conf.retry_seconds:
            cache.set(down_key, True, conf.retry_seconds)
        return _degraded(entry)
    if status == 304:
        data, state = entry["data"], "revalidated"
        validators = {k: validators.get(k) or entry.get(k)
                      for k in ("etag", "last_modified")}
    else:
        state = "fetched"
    cache.set(key, {"data": data, "fetched_at": time.time(),
                    "generation": generation, **validators}, conf.stale_seconds)
    return Answer(data, state)


def _degraded(entry: dict | None) -> Answer:
    if entry and entry["data"]:
        return Answer(entry["data"], "stale")
    return Answer(None, "unavailable")


def _fetch(url: str, entry: dict | None, timeout: float) -> tuple[int, dict, dict]:
    """(status, JSON, validators); raises HubUnavailable or HubRejected."""
    headers = {"Accept": "application/json",
               "User-Agent": f"django-flanders-hub/{__version__}"}
    if entry and entry["data"]:  # revalidate the last good answer
        if entry.get("etag"):
            headers["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            headers["If-Modified-Since"] = entry["last_modified"]
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers=headers)
    try:
        with _opener.open(request, timeout=timeout) as response:
            body = _read(response, deadline)
            validators = {"etag": response.headers.get("ETag"),
                          "last_modified": response.headers.get("Last-Modified")}
    except HubUnavailable:
        raise
    except urllib.error.HTTPError as error:
        if error.code == 304 and entry and entry["data"]:
            return 304, {}, {"etag": error.headers.get("ETag"),
                             "last_modified": error.headers.get("Last-Modified")}
        if 400 <= error.code < 500 and error.code not in (408, 429):
            raise HubRejected(f"HTTP {error.code}: {_api_message(error)}") from None
        raise HubUnavailable(f"HTTP {error.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        # URLError wraps refused connections, DNS errors and timeouts; a
        # socket timeout while reading arrives as a bare OSError.
        reason = getattr(error, "reason", error)
        raise HubUnavailable(f"{type(reason).__name__}: {reason}") from None
    except Exception as error:  # noqa: BLE001 - http.client's protocol errors
        raise HubUnavailable(f"{type(error).__name__}: {error}") from None
    return 200, _parse(body), validators


def _read(response, deadline: float) -> bytes:
    """The body, abandoned when it outlasts the deadline or MAX_BYTES."""
    chunks, size = [], 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > MAX_BYTES:
            raise HubUnavailable(f"answer larger than {MAX_BYTES} bytes")
        if time.monotonic() > deadline:
            raise TimeoutError("the answer took longer than TIMEOUT")
        chunks.append(chunk)
    return b"".join(chunks)


def _parse(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except ValueError:
        raise HubUnavailable("the answer is not JSON") from None
    if not (isinstance(data, dict) and isinstance(data.get("results"), list)
            and all(isinstance(item, dict) for item in data["results"])):
        raise HubUnavailable("the answer is not a list of the read API")
    return data


def _api_message(error: urllib.error.HTTPError) -> str:
    """The read API's error message ({"error": {"message": ...}}), if any."""
    try:
        return str(json.loads(error.read(CHUNK))["error"]["message"])[:300]
    except Exception:  # noqa: BLE001 - any other body: no message
        return error.reason or ""
