from wagtail import hooks

from .admin_views import ExpertiseListingViewSet


@hooks.register("register_admin_viewset")
def register_expertise_listing():
    return ExpertiseListingViewSet()
