from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Endpoint
from .permissions import EndpointPermissionPolicy
from .views import EndpointViewSet

register_permission_policy(Endpoint, EndpointPermissionPolicy(Endpoint))


@hooks.register("register_admin_viewset")
def register_endpoint_viewset():
    return EndpointViewSet()
