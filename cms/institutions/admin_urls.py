"""Admin URLs that replace Wagtail's own views (cms/institutions/admin_views.py).

Included in cms/urls.py *before* Wagtail's admin URLs, so the first match is
ours; Wagtail's URL names still reverse to the same paths."""

from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .admin_views import PageTypesUsageReport, TranslationsReport

urlpatterns = decorate_urlpatterns([
    path("reports/page-types-usage/", PageTypesUsageReport.as_view(),
         name="hub_page_types_usage"),
    path("reports/page-types-usage/results/",
         PageTypesUsageReport.as_view(results_only=True),
         name="hub_page_types_usage_results"),
    path("localize/reports/translations/", TranslationsReport.as_view(),
         name="hub_translations_report"),
    path("localize/reports/translations/results/",
         TranslationsReport.as_view(results_only=True),
         name="hub_translations_report_results"),
], require_admin_access)
