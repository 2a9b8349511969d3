"""Admin: Settings > iCalendar feeds (a ModelViewSet) with a "Run now" page.

Feeds create published pages below any organiser, so managing them needs the
model permissions on IcsFeed (superusers have them; grant them to operators
only). While the plugin is disabled the menu item is hidden and the URLs 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from plugins.admin import admin_urls, plugin_menu_item_class

from .feeds import APP_LABEL
from .models import IcsFeed
from .tasks import request_run


class FeedIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm(f"{APP_LABEL}.change_icsfeed"):
            buttons.append(MenuItem(
                _("Run now"), url=reverse("ics_feeds:run", args=[instance.pk]),
                icon_name="resubmit", priority=15))
        return buttons


class RunFeedView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "hub_ical_importer/run_feed.html"
    page_title = gettext_lazy("Run feed")
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(f"{APP_LABEL}.change_icsfeed"):
            raise PermissionDenied
        self.feed = get_object_or_404(IcsFeed, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.feed.name

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "feed": self.feed,
                "running": self.feed.is_running(),
                "index_url": reverse("ics_feeds:index")}

    def post(self, request, *args, **kwargs):
        # Never fetch here: a slow feed would hold this web worker until it is
        # killed (issue 11). request_run() marks the feed and, with a task
        # worker, enqueues the import after the commit.
        if request_run(self.feed):
            messages.success(request, _("%(name)s will be imported in the "
                                        "background in a moment.") % {
                                            "name": self.feed.name})
        else:
            messages.success(request, _(
                "%(name)s will be imported by the next scheduled run of the "
                "feeds.") % {"name": self.feed.name})
        return redirect("ics_feeds:index")


class IcsFeedViewSet(ModelViewSet):
    model = IcsFeed
    name = "ics_feeds"
    url_prefix = "ics-feeds"
    icon = "date"
    menu_label = gettext_lazy("iCalendar feeds")
    add_to_settings_menu = True
    menu_order = 910
    index_view_class = FeedIndexView
    copy_view_enabled = False
    list_display = [
        "name",
        Column("organiser", label=gettext_lazy("Organiser"), accessor="organiser"),
        Column("interval", label=gettext_lazy("Fetch"),
               accessor="get_interval_display"),
        Column("enabled", label=gettext_lazy("Enabled"),
               accessor=lambda feed: _("yes") if feed.enabled else _("no")),
        DateColumn("last_run_at", label=gettext_lazy("Last run")),
        Column("last_status", label=gettext_lazy("Last result"),
               accessor="get_last_status_display"),
        Column("last_summary", label=gettext_lazy("Summary")),
    ]

    @cached_property
    def menu_item_class(self):
        return plugin_menu_item_class(
            APP_LABEL, ModelViewSet.menu_item_class.func(self))

    def get_urlpatterns(self):
        return admin_urls(APP_LABEL, [
            *super().get_urlpatterns(),
            path("run/<int:pk>/", RunFeedView.as_view(), name="run")])
