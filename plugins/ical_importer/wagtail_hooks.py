from wagtail import hooks

from .views import IcsFeedViewSet


@hooks.register("register_admin_viewset")
def register_feed_viewset():
    return IcsFeedViewSet()
