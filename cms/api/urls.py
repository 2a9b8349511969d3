from django.urls import re_path

from . import views

# Any name: the registry's types (cms.core.registry); the view answers 404 to others.
RESOURCE = r"(?P<resource>[a-z][a-z0-9_-]*)"

app_name = "hub_api"
urlpatterns = [
    re_path(r"^$", views.index_view, name="index"),
    re_path(r"^openapi\.json$", views.openapi_view, name="openapi"),
    re_path(r"^docs/?$", views.docs, name="docs"),
    re_path(r"^disciplines/?$", views.disciplines_view, name="disciplines"),
    re_path(r"^disciplines/(?P<code>[^/]+)/?$", views.discipline_view,
            name="discipline"),
    re_path(rf"^{RESOURCE}/?$", views.list_view, name="list"),
    re_path(rf"^{RESOURCE}/(?P<public_id>[^/]+)/?$", views.detail_view, name="detail"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not-found"),
]
