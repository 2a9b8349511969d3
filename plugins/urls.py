from django.urls import path

from .export import export_events

urlpatterns = [
    path("<slug:name>/events", export_events, name="plugin-export-events"),
]
