from django.apps import AppConfig


class NoticeboardConfig(AppConfig):
    name = "tests.noticeboard"
    label = "noticeboard"
    verbose_name = "Notices (a test-only catalogue type)"
    # No ready(): the test registers the type itself, and takes it away again.
