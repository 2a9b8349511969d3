from django.urls import re_path

from . import views
from .write import views as write

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
    # Reads (GET, HEAD, OPTIONS) reach the read API; writes the write API
    # (cms/api/write/, docs/write-api.md).
    re_path(rf"^{RESOURCE}/?$", write.by_method(views.list_view, {
        "POST": write.create}), name="list"),
    re_path(r"^(?P<resource>events)/(?P<public_id>[^/]+)/cancel/?$",
            write.cancel_view, name="cancel"),
    re_path(rf"^{RESOURCE}/(?P<public_id>[^/]+)/?$", write.by_method(
        views.detail_view, {"PUT": write.replace, "PATCH": write.patch,
                            "DELETE": write.unpublish}), name="detail"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not-found"),
]
