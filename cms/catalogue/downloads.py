"""`/export/<name>/events?<filters>`: any event selection of the read API,
written by an exporter that a plugin registered (plugins.signals.
register_exporters); mounted by cms/catalogue/urls.py. The command
``catalogue_plugins export`` writes the same items.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse

from cms.api.filters import InvalidParameter, parse_language
from cms.api.http import error_response
from cms.api.params import COMMON_LIST_PARAMS
from cms.api.resources import resource
from cms.api.views import check_known
from cms.core.http import public_endpoint
from plugins.signals import register_exporters

MAX_ITEMS = 5000  # an export is a download, not a crawl of the whole catalogue
BATCH = 200  # items serialised (and plugins' api_item_fields sent) at a time


def export_items(spec, pages, request: HttpRequest | None,
                 language: str) -> Iterator[dict]:
    """The API's items, a batch at a time: one prefetch and one send of
    api_item_fields per batch, not per item."""
    batch: list = []
    for page in pages:
        batch.append(page)
        if len(batch) == BATCH:
            yield from _serialised(spec, batch, request, language)
            batch = []
    yield from _serialised(spec, batch, request, language)


def _serialised(spec, batch: list, request: HttpRequest | None,
                language: str) -> list[dict]:
    if spec.prefetch is not None and batch:
        spec.prefetch(batch)
    return spec.items(batch, request, language)


@public_endpoint(read_only_message="Exports are read-only: use GET.")
def export_events(request: HttpRequest, name: str) -> HttpResponse:
    exporters = {e.name: e for e in register_exporters.collect()}
    exporter = exporters.get(name)
    if exporter is None:
        known = ", ".join(sorted(exporters)) or "none are enabled"
        return error_response(404, "not_found", f"No exporter {name!r} (known: {known}).")
    spec = resource("events")
    try:
        check_known(request, spec.params + COMMON_LIST_PARAMS[:1])  # filters, lang
        language = parse_language(request.GET)
        pages = spec.select(request.GET, language).select_related("locale")
    except InvalidParameter as error:
        return error_response(400, error.code, error.message, error.param)
    items = export_items(spec, pages[:MAX_ITEMS], request, language)
    response = StreamingHttpResponse(exporter.export(items, language),
                                     content_type=exporter.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="events.{exporter.extension}"')
    return response

