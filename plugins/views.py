"""Admin: Settings > Plugins lists every installed plugin with its metadata,
switches plugins on and off, and shows the plugins that were left out."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import catalogue, registry, tasks
from .models import ImportRun


class PluginListView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "plugins/plugin_list.html"
    page_title = gettext_lazy("Plugins")
    header_icon = "cogs"

    def get_breadcrumbs_items(self) -> list[dict]:
        # Home > this page: with Home alone the header would read "Home".
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:  # plugins change what the hub runs
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["plugins"] = [
            {"meta": meta, "enabled": registry.is_enabled(label)}
            for label, meta in sorted(registry.installed_plugins().items(),
                                      key=lambda item: item[1].name.lower())
        ]
        context["problems"] = registry.problems()
        return context

    def post(self, request, *args, **kwargs):
        label = request.POST.get("plugin", "")
        enable = request.POST.get("enabled") == "1"
        try:
            registry.set_enabled(label, enable)
        except KeyError:
            messages.error(request, _("There is no installed plugin %(label)s.")
                           % {"label": label})
        else:
            name = registry.installed_plugins()[label].name
            text = _("%(name)s is enabled.") if enable else _("%(name)s is disabled.")
            messages.success(request, text % {"name": name})
        return redirect("hub_plugins:list")


class CatalogueView(WagtailAdminTemplateMixin, TemplateView):
    """Settings > Importers and exporters: every importer and exporter of the
    enabled plugins (the built-in ones included); an importer run is queued
    for the task worker, never run in this request (plugins/tasks.py)."""

    template_name = "plugins/catalogue.html"
    page_title = gettext_lazy("Importers and exporters")
    header_icon = "download"

    def get_breadcrumbs_items(self) -> list[dict]:
        # Home > this page: with Home alone the header would read "Home".
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:  # importers write published pages
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs),
                "importers": catalogue.importers(),
                "exporters": catalogue.exporters(),
                "runs": ImportRun.objects.all()[:20]}

    def post(self, request, *args, **kwargs):
        name = request.POST.get("importer", "")
        source = request.POST.get("source", "").strip()
        organiser = request.POST.get("organiser", "").strip()
        if catalogue.importer(name) is None:
            messages.error(request, _("There is no enabled importer %(name)s.")
                           % {"name": name})
        elif not source or not organiser or len(source) > 2000 or len(organiser) > 255:
            messages.error(request, _("Give the source (a file or URL) and the "
                                      "organiser (slug or public id)."))
        else:
            _run, queued = tasks.request_run(
                name, source, organiser, request.POST.get("dry_run") == "1",
                request.user.get_username())
            messages.success(request, _(
                "The import is queued: the task worker runs it in a moment.")
                if queued else _("The import is queued for the next scheduled run "
                                 "(manage.py run_scheduler)."))
        return redirect("hub_plugins:catalogue")
