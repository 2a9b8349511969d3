"""The per-event .ics download on its own, without language prefixes: used as
the request's urlconf for its 404 answers (see views.event_ics)."""

from django.urls import path

from . import views

urlpatterns = [
    path("events/<uuid:public_id>.ics", views.event_ics, name="event-ics"),
]
