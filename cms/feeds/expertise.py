"""RSS 2.0 / Atom feeds of newly published expertise, newest first, with the
listing's filters (institution, discipline incl. sub-disciplines, kind, ...)."""

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, QueryDict
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django_countries import countries
from wagtail.models import Page

from cms.api.filters import InvalidParameter, localised, parse_language
from cms.core.absolute import absolute_url, current_url, page_url
from cms.core.registry import catalogue_type
from cms.core.sitename import site_name
from cms.expertise.models import ExpertiseKind
from cms.feeds.common import (
    FeedRequest,
    Selection,
    feed_view,
    removal_stamp,
    text_as_html,
    with_query,
)
from cms.institutions import vocabulary

NEWS_LIMIT = 50


def select_expertise(params: QueryDict) -> Selection:
    """Published entries matching the query (the expertise filter set, as the
    API reads it), newest first, one per entry in `lang` or the API's
    fallback language when it has no translation."""
    language = parse_language(params)
    expertise = catalogue_type("expertise")
    # The expertise filter set's parameters but its order: a news feed is
    # newest first.
    known = [name for name in expertise.filterset.base_filters if name != "sort"]
    for name in params:
        if name not in (*known, "lang"):
            raise InvalidParameter("unknown_parameter", f"Unknown parameter “{name}”.", name)
    filterset = expertise.filterset(params, queryset=expertise.pages())
    entries = localised(filterset.strict(), language)
    chosen = {name: str(value) for name, value in filterset.cleaned().items()}
    return Selection(language, entries.order_by("-first_published_at", "-pk"), chosen,
                     _labels(filterset.cleaned(), language))


def _labels(chosen: dict[str, Any], language: str) -> list[str]:
    with translation.override(language):
        return _translated_labels(chosen, language)


def _translated_labels(chosen: dict[str, Any], language: str) -> list[str]:
    """Names of the chosen (already parsed) filters, for the feed's title."""
    labels = []
    if found := chosen.get("institution"):
        institutions = catalogue_type("institutions").model.objects.filter(
            pk__in=found.pks)
        institution = (institutions.filter(locale__language_code=language).first()
                       or institutions.first())
        labels.append(institution.title if institution else str(found))
    if found := chosen.get("discipline"):
        discipline = vocabulary.discipline(found.code)
        labels.append(discipline.label_for(language) if discipline else found.code)
    if value := chosen.get("kind"):
        labels.append(str(ExpertiseKind(value).label))
    if code := chosen.get("country"):
        labels.append(str(countries.name(code)) or code)
    if value := chosen.get("keyword"):
        labels.append(value)
    return labels


def last_removal() -> datetime | None:
    return removal_stamp("expertise", "expertisepage")


class ExpertiseRSSFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, selection: Selection) -> FeedRequest:
        return FeedRequest(request, selection)

    def title(self, obj: FeedRequest) -> str:
        title = _("%(site)s: new expertise") % {"site": site_name()}
        return " · ".join([title, *obj.selection.labels])

    def description(self, obj: FeedRequest) -> str:
        return _("Newly published research groups, labs, facilities and experts in Flanders.")

    def link(self, obj: FeedRequest) -> str:
        index = catalogue_type("expertise").listing_page(obj.selection.language)
        url = (page_url(index, obj.request) if index else "") or absolute_url(
            "/", obj.request)
        return with_query(url, obj.selection.filters)

    def feed_url(self, obj: FeedRequest) -> str:
        return current_url(obj.request)

    def items(self, obj: FeedRequest) -> list[Page]:
        entries = obj.selection.rows()
        for entry in entries:  # item_link gets no request: resolve URLs here
            entry.feed_link = page_url(entry, obj.request)
        return entries

    def item_title(self, entry: Page) -> str:
        return entry.title  # escaped by the XML writer, never marked safe

    def item_description(self, entry: Page) -> str:
        return text_as_html(entry.summary)

    def item_link(self, entry: Page) -> str:
        return entry.feed_link

    def item_guid(self, entry: Page) -> str:
        return f"urn:uuid:{entry.public_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry: Page) -> datetime | None:
        return entry.first_published_at

    def item_updateddate(self, entry: Page) -> datetime | None:
        return entry.last_published_at

    def item_categories(self, entry: Page) -> list[str]:
        return [str(entry.get_kind_display())]


class ExpertiseAtomFeed(ExpertiseRSSFeed):
    feed_type = Atom1Feed
    subtitle = ExpertiseRSSFeed.description


expertise_rss = feed_view(
    "expertise.rss", select_expertise, ExpertiseRSSFeed(), last_removal, NEWS_LIMIT)
expertise_atom = feed_view(
    "expertise.atom", select_expertise, ExpertiseAtomFeed(), last_removal, NEWS_LIMIT)
