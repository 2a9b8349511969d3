"""/feeds/…: mounted outside i18n_patterns (the language is the `lang`
parameter, as in the read API), so a subscription URL never changes."""

from django.urls import path

from . import events as event_feeds
from . import expertise as expertise_feeds

urlpatterns = [
    path("events.ics", event_feeds.events_ics, name="feed-events-ics"),
    path("events.rss", event_feeds.events_rss, name="feed-events-rss"),
    path("events.atom", event_feeds.events_atom, name="feed-events-atom"),
    path("expertise.rss", expertise_feeds.expertise_rss, name="feed-expertise-rss"),
    path("expertise.atom", expertise_feeds.expertise_atom, name="feed-expertise-atom"),
]
