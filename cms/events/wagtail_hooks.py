from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks

from .admin_views import EventListingViewSet, recurrence_preview


@hooks.register("register_admin_viewset")
def register_event_listing():
    return EventListingViewSet()


@hooks.register("register_admin_urls")
def register_recurrence_preview():
    return [path("event-recurrence/preview/", recurrence_preview,
                 name="events_recurrence_preview")]


@hooks.register("insert_global_admin_css")
def event_listing_css():
    # the listing's language badges (one row per event, admin_views.py)
    return format_html('<link rel="stylesheet" href="{}">',
                       static("events/admin/listing.css"))
