"""The production settings, for the hub processes the operations tests start
(tests/operations/conftest.py), with two differences:

- a URL that fails on purpose (live_urls.py), to see a server error logged;
- static files without the manifest: `collectstatic` for every test run would
  cost half a minute, and nginx serves them in production anyway (the
  topology tests check that part).
"""

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.operations.live_urls"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
