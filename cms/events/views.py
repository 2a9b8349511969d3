"""Per-event iCalendar download (the add-to-calendar link on event pages)."""

from django.http import HttpResponse, HttpResponseNotFound
from wagtail.models import Locale

from .ical import event_calendar
from .models import EventPage


def event_ics(request, public_id):
    event = (
        EventPage.objects.live().public().filter(translation_key=public_id)
        .filter(locale=Locale.get_active()).first()
        or EventPage.objects.live().public().filter(translation_key=public_id).first()
    )
    if event is None:
        # a plain 404, not redirected to /nl/events/<id>.ics (which cannot
        # exist either): cms.core.middleware.LanguageFreeNotFoundMiddleware
        return HttpResponseNotFound("No published event with that id.\n",
                                    content_type="text/plain; charset=utf-8")
    response = HttpResponse(
        event_calendar([event], request).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
