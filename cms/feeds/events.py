"""Event feeds: a subscribable iCalendar feed and RSS 2.0 / Atom feeds for any
filter of the events API (/feeds/events.ics?country=JP&type=webinar...)."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import CharField, Count, OuterRef, Subquery
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail.models import Page, Revision

from cms.api.filters import (
    InvalidParameter,
    event_params,
    filter_events,
    organisation_pages,
    parse_language,
)
from cms.core import timefmt
from cms.core.absolute import absolute_url, current_url, page_url
from cms.core.choices import Audience
from cms.core.registry import catalogue_type
from cms.core.sitename import site_name
from cms.events.ical import event_calendar
from cms.events.models import EventStatus, EventType
from cms.feeds.common import (
    FeedRequest,
    Selection,
    feed_view,
    removal_stamp,
    text_as_html,
    with_query,
)
from cms.institutions import vocabulary

ICS_LIMIT = 1000  # a calendar holds the whole selection
NEWS_LIMIT = 100  # a news reader only needs the first items
ORGANISER_TYPES = ("institutions", "representations")  # cms.core.registry


def select_events(params: QueryDict) -> Selection:
    """The events the events API would list for this query, in its order."""
    language = parse_language(params)
    # Exactly the events API's query parameters plus `lang`.
    filters = [param.name for param in event_params()]
    for name in params:
        if name not in (*filters, "lang"):
            raise InvalidParameter(
                "unknown_parameter", f"Unknown parameter “{name}”.", name)
    events = filter_events(params, language).annotate(revision_count=_revision_count())
    chosen = {name: params[name] for name in filters if params.get(name)}
    return Selection(
        language, events, chosen, _labels(chosen, language),
        version_fields=("pk", "last_published_at", "revision_count"),
    )


def _revision_count() -> Subquery:
    """Number of saved revisions of each page (the iCalendar SEQUENCE)."""
    revisions = (
        Revision.page_revisions.filter(object_id=Cast(OuterRef("pk"), CharField()))
        .order_by().values("object_id").annotate(n=Count("pk")).values("n")
    )
    return Subquery(revisions)


def _labels(chosen: dict[str, str], language: str) -> list[str]:
    with translation.override(language):
        return _translated_labels(chosen, language)


def _translated_labels(chosen: dict[str, str], language: str) -> list[str]:
    """Human names of the chosen filters, for the feed and calendar titles
    (the values were validated by filter_events)."""
    labels = []
    for name in ("organiser", "representation", "institution"):
        if value := chosen.get(name):
            pages = organisation_pages(value, name, ORGANISER_TYPES)
            page = next((p for p in pages if p.locale.language_code == language), pages[0])
            labels.append(page.title)
    if code := chosen.get("country"):
        labels.append(str(countries.name(code.upper())) or code)
    if value := chosen.get("type"):
        labels.append(str(EventType(value).label))
    if value := chosen.get("audience"):
        labels.append(str(Audience(value).label))
    if value := chosen.get("status"):
        labels.append(str(EventStatus(value).label))
    if code := chosen.get("discipline"):
        discipline = vocabulary.discipline(code.replace("-", "."))
        labels.append(discipline.label_for(language) if discipline else code)
    if chosen.get("when") == "past":
        labels.append(_("Past events"))
    if value := chosen.get("from"):
        labels.append(_("from %(date)s") % {"date": value})
    if value := chosen.get("to"):
        labels.append(_("until %(date)s") % {"date": value})
    return labels


def feed_title(selection: Selection) -> str:
    """Called in the feed's language, e.g. “Flanders Academic Hub: events · Japan”."""
    title = _("%(site)s: events") % {"site": site_name()}
    return " · ".join([title, *selection.labels])


def last_removal() -> datetime | None:
    return removal_stamp("events", "eventpage")


def listing_url(request: HttpRequest, selection: Selection) -> str:
    """The public events listing with the same filters (the feeds' home link)."""
    index = catalogue_type("events").listing_page(selection.language)
    url = (page_url(index, request) if index else "") or absolute_url("/", request)
    return with_query(url, selection.filters)


# -- iCalendar ---------------------------------------------------------------

def render_ics(request: HttpRequest, selection: Selection) -> HttpResponse:
    description = _("Academic outreach events of Flemish universities and "
                    "representations abroad.")
    calendar = event_calendar(
        selection.rows(), request, name=feed_title(selection),
        description=f"{description} {listing_url(request, selection)}",
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response


# -- RSS 2.0 / Atom ----------------------------------------------------------

class EventRSSFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, selection: Selection) -> FeedRequest:
        return FeedRequest(request, selection)

    def title(self, obj: FeedRequest) -> str:
        return feed_title(obj.selection)

    def description(self, obj: FeedRequest) -> str:
        return _("Academic outreach events of Flemish universities and "
                 "representations abroad.")

    def link(self, obj: FeedRequest) -> str:
        return listing_url(obj.request, obj.selection)

    def feed_url(self, obj: FeedRequest) -> str:
        return current_url(obj.request)

    def items(self, obj: FeedRequest) -> list[Page]:
        events = obj.selection.rows()
        for event in events:  # item_link gets no request: resolve URLs here
            event.feed_link = page_url(event, obj.request)
        return events

    def item_title(self, event: Page) -> str:
        return event.title  # escaped by the XML writer, never marked safe

    def item_description(self, event: Page) -> str:
        """Notice, dates, place and summary, as on the page (rendered in the
        feed's language: cms/core/timefmt.py)."""
        when = timefmt.event_when(event)
        where = ", ".join(p for p in (event.venue_name, event.venue_city) if p)
        if event.status == EventStatus.MOVED_ONLINE:
            where = _("Online")
        lines = (timefmt.status_notice(event), when, where, event.summary)
        return text_as_html("\n".join(p for p in lines if p))

    def item_link(self, event: Page) -> str:
        return event.feed_link

    def item_guid(self, event: Page) -> str:
        return f"urn:uuid:{event.public_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, event: Page) -> datetime | None:
        return event.first_published_at

    def item_updateddate(self, event: Page) -> datetime | None:
        return event.last_published_at

    def item_categories(self, event: Page) -> list[str]:
        return [str(event.get_event_type_display())]


class EventAtomFeed(EventRSSFeed):
    feed_type = Atom1Feed
    subtitle = EventRSSFeed.description


events_ics = feed_view("events.ics", select_events, render_ics, last_removal, ICS_LIMIT)
events_rss = feed_view(
    "events.rss", select_events, EventRSSFeed(), last_removal, NEWS_LIMIT)
events_atom = feed_view(
    "events.atom", select_events, EventAtomFeed(), last_removal, NEWS_LIMIT)
