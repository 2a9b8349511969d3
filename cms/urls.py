from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [
    # the admin and every language-free endpoint (one URLconf, see there)
    path("", include("cms.language_free_urls")),
]

if settings.DEBUG or getattr(settings, "HUB_SERVE_FILES", False):
    # Development and the demo (cms/settings/dev.py, DEBUG off in the demo):
    # runserver serves the static and media files; in production nginx does.
    from django.contrib.staticfiles.views import serve as serve_static
    from django.urls import re_path
    from django.views.static import serve as serve_media

    urlpatterns += [
        re_path(r"^static/(?P<path>.*)$", serve_static, {"insecure": True}),
        re_path(r"^media/(?P<path>.*)$", serve_media,
                {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += i18n_patterns(
    path("search/", include("search.urls")),
    path("subscriptions/", include("cms.subscriptions.urls")),
    path("themes/", include("themes.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "cms.core.views.page_not_found"
handler500 = "cms.api.http.server_error"  # JSON under /api/, else HTML
