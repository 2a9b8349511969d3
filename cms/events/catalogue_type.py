"""The events type in the catalogue-type registry (cms.core.registry)."""

from cms.core.registry import CatalogueType, register

from .filters import EventFilterSet
from .listing import event_listing_context, home_context, organisation_context
from .models import EventIndexPage, EventPage
from .records import export_event, import_event
from .serializers import event, prefetch_events

EVENTS = register(CatalogueType(
    name="events", model=EventPage, filterset=EventFilterSet, title="Events",
    serialise=event, prefetch=prefetch_events,
    export_record=export_event, import_record=import_event,
    index_model=EventIndexPage, listing_context=event_listing_context, home_context=home_context,
    organisation_context=organisation_context, order=30, record_schema="event",
))
