"""An empty URLconf (see plugins/mount.py, NO_LANGUAGE_URLCONF)."""

urlpatterns: list = []
