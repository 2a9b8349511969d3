"""What every feed shares: the `lang` parameter, JSON error answers and
conditional GET (ETag / Last-Modified / Cache-Control)."""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.utils.html import escape
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe
from wagtail.models import PageLogEntry

from cms.api.filters import InvalidParameter
from cms.core.http import json_error

# Calendar clients poll every hour or so; a short max-age keeps a published
# change visible within minutes while ETags make the re-checks cheap.
FEED_MAX_AGE = 300

def text_as_html(text: str) -> str:
    """Plain text as the HTML an RSS ``<description>`` or an Atom ``<summary
    type="html">`` carries: escaped, line breaks as ``<br>``.

    Readers render both elements as HTML after undoing the XML escaping, so a
    summary that is only XML-escaped (``&lt;img onerror…&gt;``) reaches them
    as markup. Escaped here and again by the XML writer, it reaches them as
    the text the editor typed. RSS 2.0 has no way to say "plain text", so
    both feeds use this one form (docs/feeds.md)."""
    return escape(text or "").replace("\r\n", "\n").replace("\n", "<br>")


def error_response(error: InvalidParameter) -> HttpResponse:
    """The public endpoints' error body (cms/core/http.py); the feeds raise
    the API's own InvalidParameter, so codes and messages match."""
    response = json_error(400, error.code, error.message, error.param)
    response["Cache-Control"] = "no-store"
    return response


def removal_stamp(app_label: str, model: str) -> datetime | None:
    """When a page of this type was last unpublished or deleted: that changes
    a feed although no remaining item did."""
    return (
        PageLogEntry.objects.filter(
            content_type__app_label=app_label, content_type__model=model,
            action__in=("wagtail.unpublish", "wagtail.delete"),
        ).order_by("-timestamp").values_list("timestamp", flat=True).first()
    )


def with_query(url: str, filters: dict[str, str]) -> str:
    query = QueryDict(mutable=True)
    query.update(filters)
    return f"{url}?{query.urlencode()}" if filters else url


@dataclass
class Selection:
    """The items a feed shows, with what identifies that answer for caching."""

    language: str
    items: QuerySet
    filters: dict[str, str] = field(default_factory=dict)
    # Labels of the chosen filters ("Flanders in Japan", "Webinar"), for titles.
    labels: list[str] = field(default_factory=list)
    limit: int = 500
    # Columns whose change makes a new feed: (pk, last_published_at, ...).
    version_fields: tuple[str, ...] = ("pk", "last_published_at")

    def rows(self) -> list:
        return list(self.items[: self.limit])

    def fingerprint(self, kind: str, removed_at: datetime | None) -> tuple[str, datetime | None]:
        """(ETag, Last-Modified). The ETag covers which items are in the feed
        and when each was last published, so an unpublished item changes it
        too; Last-Modified also counts the latest unpublish/delete."""
        versions = list(self.items.values_list(*self.version_fields)[: self.limit])
        key = repr((kind, self.language, sorted(self.filters.items()), versions))
        etag = hashlib.sha256(key.encode()).hexdigest()[:32]
        stamps: Iterable[datetime] = [row[1] for row in versions if row[1]]
        if removed_at:
            stamps = [*stamps, removed_at]
        return etag, max(stamps, default=None)


@dataclass
class FeedRequest:
    """What a syndication Feed gets as its object: it needs the request for
    absolute URLs and the selection for its items."""

    request: HttpRequest
    selection: Selection


def feed_view(
    kind: str,
    select: Callable[[QueryDict], Selection],
    render: Callable[[HttpRequest, Selection], HttpResponse],
    removed_at: Callable[[], datetime | None] = lambda: None,
    limit: int = 500,
) -> Callable[[HttpRequest], HttpResponse]:
    """A GET view: parse the filters (400 on bad input), answer 304 when the
    client's copy is current, else render in the requested language."""

    @require_safe
    def view(request: HttpRequest) -> HttpResponse:
        try:
            selection = select(request.GET)
        except InvalidParameter as error:
            return error_response(error)
        selection.limit = limit
        etag, last_modified = selection.fingerprint(kind, removed_at())

        @cache_control(public=True, max_age=FEED_MAX_AGE)
        @condition(etag_func=lambda _r: etag, last_modified_func=lambda _r: last_modified)
        def answer(request: HttpRequest) -> HttpResponse:
            with translation.override(selection.language):
                return render(request, selection)

        return answer(request)

    return view

