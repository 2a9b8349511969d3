"""/export/…: downloads of event selections by the exporters that plugins
register (cms/catalogue/downloads.py), mounted by cms/language_free_urls.py."""

from django.urls import path

from .downloads import export_events

urlpatterns = [
    path("<slug:name>/events", export_events, name="plugin-export-events"),
]
