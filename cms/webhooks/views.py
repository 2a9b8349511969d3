"""Admin: Settings > Webhooks. Endpoints (a ModelViewSet scoped to the
organisations the user moderates), the secret shown once, the delivery log
with redelivery, and a test ping."""

from __future__ import annotations

import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet

from . import changes
from .forms import EndpointForm
from .models import Endpoint
from .permissions import EndpointPermissionPolicy, in_scope, scoped
from .tasks import queue_after_commit

NAME = "webhook_endpoints"
LOG_PAGE_SIZE = 25


def may_manage(user) -> bool:
    return EndpointPermissionPolicy(Endpoint).user_has_permission(user, "change")


def _guarded(view):
    """Refuses the generic views of one endpoint (edit, delete, history)
    outside the user's organisations."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            endpoint = Endpoint.objects.filter(pk=unquote(str(pk))).first()
            if endpoint is not None and not in_scope(request.user, endpoint):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def secret_page(request, endpoint: Endpoint, secret: str, title: str):
    """The one time the secret is shown: never cached, never in a message
    (messages may live in a cookie)."""
    view = SecretView(endpoint=endpoint, secret=secret, page_title=title)
    view.setup(request)
    response = view.get(request)  # also after a POST: the answer to it
    response.render()
    add_never_cache_headers(response)
    return response


class SecretView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "webhooks/secret.html"
    header_icon = "key"
    endpoint: Endpoint | None = None
    secret = ""

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "endpoint": self.endpoint,
                "secret": self.secret,
                "log_url": reverse(f"{NAME}:log", args=[self.endpoint.pk]),
                "index_url": reverse(f"{NAME}:index")}


class EndpointCreateView(CreateView):
    def save_action(self):
        return secret_page(self.request, self.object, self.object.secret,
                           _("Endpoint created"))


class EndpointIndexView(IndexView):
    def get_base_queryset(self):
        return scoped(super().get_base_queryset(), self.request.user)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.append(MenuItem(_("Delivery log"),
                                url=reverse(f"{NAME}:log", args=[instance.pk]),
                                icon_name="list-ul", priority=15))
        buttons.append(MenuItem(_("Roll secret"),
                                url=reverse(f"{NAME}:roll", args=[instance.pk]),
                                icon_name="key", priority=16))
        return buttons


class OneEndpointMixin:
    """The endpoint named in the URL, if the user manages it (404 if not)."""

    def dispatch(self, request, *args, **kwargs):
        if not may_manage(request.user):
            raise PermissionDenied
        self.endpoint = get_object_or_404(
            scoped(Endpoint.objects.select_related("organisation"), request.user),
            pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.endpoint.name


class DeliveryLogView(OneEndpointMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "webhooks/log.html"
    page_title = gettext_lazy("Delivery log")
    header_icon = "list-ul"

    def get_context_data(self, **kwargs) -> dict:
        deliveries = self.endpoint.deliveries.prefetch_related("attempt_log")
        page = Paginator(deliveries, LOG_PAGE_SIZE).get_page(
            self.request.GET.get("p"))
        return {**super().get_context_data(**kwargs), "endpoint": self.endpoint,
                "deliveries": page, "index_url": reverse(f"{NAME}:index")}


class RedeliverView(OneEndpointMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            delivery_id = uuid.UUID(request.POST.get("delivery", ""))
        except ValueError:
            raise Http404 from None
        delivery = get_object_or_404(self.endpoint.deliveries, pk=delivery_id)
        queue_after_commit(delivery, manual=True)
        messages.success(request, _("%(event)s is being delivered again.") % {
            "event": delivery.event})
        return redirect(f"{NAME}:log", self.endpoint.pk)


class PingView(OneEndpointMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        changes.ping(self.endpoint)
        messages.success(request, _("A test ping is on its way."))
        return redirect(f"{NAME}:log", self.endpoint.pk)


class RollSecretView(OneEndpointMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "webhooks/roll.html"
    page_title = gettext_lazy("Roll secret")
    header_icon = "key"

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "endpoint": self.endpoint,
                "index_url": reverse(f"{NAME}:index")}

    def post(self, request, *args, **kwargs):
        secret = self.endpoint.roll_secret()
        return secret_page(request, self.endpoint, secret, _("New secret"))


class EndpointViewSet(ModelViewSet):
    model = Endpoint
    name = NAME
    url_prefix = "webhooks"
    icon = "link"
    menu_label = gettext_lazy("Webhooks")
    add_to_settings_menu = True
    menu_order = 920
    index_view_class = EndpointIndexView
    add_view_class = EndpointCreateView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "name",
        Column("organisation", label=gettext_lazy("Organisation"),
               accessor="organisation"),
        Column("url", label=gettext_lazy("URL")),
        Column("active", label=gettext_lazy("Active"),
               accessor=lambda e: _("yes") if e.active else _("no")),
    ]

    def get_form_class(self, for_update=False):
        return EndpointForm

    def get_urlpatterns(self):
        generic = [URLPattern(p.pattern, _guarded(p.callback), p.default_args, p.name)
                   if isinstance(p, URLPattern) else p
                   for p in super().get_urlpatterns()]
        return [*generic,
                path("log/<int:pk>/", DeliveryLogView.as_view(), name="log"),
                path("redeliver/<int:pk>/", RedeliverView.as_view(),
                     name="redeliver"),
                path("ping/<int:pk>/", PingView.as_view(), name="ping"),
                path("roll/<int:pk>/", RollSecretView.as_view(), name="roll")]

