"""Every route outside the language prefixes: the admin, documents and the
public endpoints (read API, search API, oEmbed, feeds, .ics, exports, theme
CSS, operations, plugins' own URLs). cms/urls.py puts these before the
i18n_patterns; cms.core.middleware.LanguageFreeNotFoundMiddleware makes it the
request's URLconf for a 404 answered here, so LocaleMiddleware, finding no
language prefixes in it, does not redirect that 404 to /<language>/...
(docs/architecture.md, "The HTTP layer of public endpoints")."""

from django.urls import include, path, re_path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.api import search as search_api
from cms.api import views as api_views
from cms.api.v2 import wagtail_api_router
from cms.core.http import unknown_endpoint
from cms.core.oembed import oembed
from cms.events import views as event_views
from plugins.mount import plugin_urlpatterns
from themes import views as theme_views

urlpatterns = [
    # views that replace some of Wagtail's, so first (cms/institutions/admin_urls.py)
    path("admin/", include("cms.institutions.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("events/<uuid:public_id>.ics", event_views.event_ics, name="event-ics"),
    path("feeds/", include("cms.feeds.urls")),
    path("export/", include("cms.catalogue.urls")),
    re_path(r"^(?:feeds|export)/", unknown_endpoint),  # the families' JSON 404
    path("i18n/", include("django.conf.urls.i18n")),
    path("oembed", oembed, name="oembed"),
    path("", include("cms.operations.urls")),  # /healthz, /readyz, /metrics
    path("theme-css/<slug:name>/<str:digest>.css", theme_views.page_stylesheet,
         name="theme-page-css"),
    path("api/v1/search/", search_api.search, name="api-search"),
    path("api/v1/search/suggest/", search_api.suggest, name="api-search-suggest"),
    path("api/v2/", wagtail_api_router.urls),
    path("api/v1/", include("cms.api.urls")),
    re_path(r"^api/", api_views.not_found),
    # Every plugin's own URLs (HubPluginMeta.urls), 404 while it is disabled:
    # /plugins/<app label>/... or the prefix it declares, e.g. /embed/ of the
    # widgets plugin (docs/plugins.md).
    *plugin_urlpatterns(),
]

handler404 = "cms.core.views.page_not_found"
handler500 = "cms.api.http.server_error"  # JSON under /api/, else HTML
