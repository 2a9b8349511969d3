"""Settings shared by every environment; dev, test and production extend them."""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

# Not installed, on purpose: django.contrib.admin (Wagtail's admin is the only
# one), wagtail.embeds (no rich text allows embeds) and wagtail.contrib.forms
# (no form pages). Databases made before keep their tables, unused.
INSTALLED_APPS = [
    "cms.core",
    "cms.institutions",
    "cms.accounts",
    "cms.events",
    "cms.expertise",
    "cms.scholarships",
    "cms.editorial",
    "cms.catalogue",
    "cms.api",
    "cms.feeds",  # the {% feed_url %} tag
    "cms.operations",
    "cms.webhooks",
    "cms.subscriptions",
    "search",
    "plugins",
    "themes",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.api.v2",
    "rest_framework",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_countries",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_prometheus",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

# Built-in plugins: the same HubPluginMeta and extension points as third-party
# ones (plugins/), listed here because they ship with the hub.
BUILTIN_PLUGINS: list[str] = ["plugins.widgets", "plugins.ical_importer"]
# Third-party plugins: every Django app announced in the "flanders_hub.plugins"
# entry-point group that imports and fits this hub version (docs/plugins.md).
# HUB_PLUGIN_DISCOVERY=false turns discovery off (e.g. to start without them).
if os.environ.get("HUB_PLUGIN_DISCOVERY", "true") != "false":
    from plugins.discovery import discover as _discover_plugins

    _plugins = _discover_plugins()
    HUB_PLUGIN_PROBLEMS = _plugins.problems
    THIRD_PARTY_PLUGINS = [a for a in _plugins.apps if a not in INSTALLED_APPS]
else:
    HUB_PLUGIN_PROBLEMS, THIRD_PARTY_PLUGINS = [], []
_after = INSTALLED_APPS.index("themes") + 1  # hub apps first, then plugins
INSTALLED_APPS[_after:_after] = BUILTIN_PLUGINS + THIRD_PARTY_PLUGINS

MIDDLEWARE = [
    # Operations (cms/operations/): request metrics around everything, then
    # the request id (so every later line carries it), then the security
    # headers, which read the X-Frame-Options that Django's middleware wrote.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "cms.operations.logs.RequestIdMiddleware",
    "cms.operations.security.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.core.middleware.RejectNulCharactersMiddleware",
    # Anonymous visitors' public pages from the shared cache (cms/core/page_cache.py):
    # early, so a hit skips the rest; after the HTTPS redirect and the NUL filter.
    "cms.core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # after it, so it sees the response first: the 404 of a language-free
    # endpoint is not redirected to /<language>/... (cms/core/middleware.py)
    "cms.core.middleware.LanguageFreeNotFoundMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.institutions.middleware.OrganisationScopeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "cms.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lockout into the lockout page
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.core.context_processors.site_chrome",
                "themes.context_processors.theme",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite with a web server, a task worker and a scheduler writing at once:
# WAL lets readers go on while one writes, IMMEDIATE takes the write lock at
# the start of a transaction (no upgrade deadlocks), waits up to 20 s for it.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("HUB_SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
        "OPTIONS": dict(SQLITE_OPTIONS),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "cms.accounts.validators.UsernameNotInPasswordValidator"},
]

# Admin sign-in (cms/accounts/, docs/security.md#accounts). django-axes locks a
# user name out *at one client address* (cms/core/net.py's client_ip) for 15
# minutes after 5 failures, wrong passwords and wrong two-factor codes alike;
# other users and addresses can still sign in.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes, counted from the last failure
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "cms.core.net.client_ip"
AXES_LOCKOUT_CALLABLE = "cms.accounts.throttle.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # failures are kept, successful sign-ins are not
# TOTP two-factor authentication (django-otp): anyone may enrol under Account;
# HUB_REQUIRE_2FA=true makes it mandatory for moderators and superusers.
HUB_REQUIRE_2FA = os.environ.get("HUB_REQUIRE_2FA", "false").lower() in ("1", "true", "yes")
OTP_TOTP_ISSUER = "Flanders Academic Hub"

# Internationalisation: Dutch is the default content language; every public URL
# carries its language (/nl/, /en/, /fr/, /de/).
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("HUB_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Flanders Academic Hub"  # the admin's; visitors see HUB_SITE_NAMES
# The site's name in each page language (header, titles, OpenGraph, feeds,
# oEmbed); a language without an entry uses WAGTAIL_SITE_NAME.
HUB_SITE_NAMES = {
    "nl": "Vlaamse academische hub", "en": "Flanders Academic Hub",
    "fr": "Hub académique de Flandre", "de": "Akademischer Hub Flandern",
}
# Scheme and host of every absolute URL the hub writes (pages, API, feeds,
# oEmbed, JSON-LD, widgets), e.g. https://hub.example.org; empty: each
# request's own (cms/core/absolute.py). The Wagtail Site record follows it
# after every migrate.
HUB_BASE_URL = os.environ.get("HUB_BASE_URL", "").strip().rstrip("/")
WAGTAILADMIN_BASE_URL = HUB_BASE_URL or "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Background work (Wagtail's own reference index, later the search queue) goes
# through django-tasks; the immediate backend needs no worker process.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}

HUB_DEFAULT_THEME = "flanders"

# Visitors' search (search/). With no ELASTICSEARCH_URL the database backend
# answers; with one (comma-separated nodes, credentials in the URL allowed),
# Elasticsearch answers and the database is its fallback.
HUB_ELASTICSEARCH = {
    "hosts": [u.strip() for u in os.environ.get("ELASTICSEARCH_URL", "").split(",")
              if u.strip()],
    "index_prefix": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "hub"),
    "api_key": os.environ.get("ELASTICSEARCH_API_KEY") or None,
    "ca_certs": os.environ.get("ELASTICSEARCH_CA_CERTS") or None,
    "verify_certs": os.environ.get("ELASTICSEARCH_VERIFY_CERTS", "true") != "false",
    "timeout": float(os.environ.get("ELASTICSEARCH_TIMEOUT", "2")),  # searches
    # Index management (templates, indices, aliases) and bulk requests (bulk,
    # whole-index scans, the refresh after a rebuild): never on a visitor's path.
    "index_timeout": float(os.environ.get("ELASTICSEARCH_INDEX_TIMEOUT", "30")),
    "bulk_timeout": float(os.environ.get("ELASTICSEARCH_BULK_TIMEOUT", "120")),
    "retry_after": float(os.environ.get("ELASTICSEARCH_RETRY_AFTER", "30")),
    "failures_to_open": int(os.environ.get("ELASTICSEARCH_FAILURES_TO_OPEN", "3")),
    "hunspell": os.environ.get("ELASTICSEARCH_HUNSPELL", "true") != "false",
    # Replicas per index: unset, 0 on one node and 1 from two nodes on
    # (auto-expand); a number (the production cluster sets 1) is fixed.
    "replicas": (int(os.environ["ELASTICSEARCH_REPLICAS"])
                 if os.environ.get("ELASTICSEARCH_REPLICAS") else None),
    "refresh": False,
}

# What visitors search (search/analytics.py, docs/search.md): weekly counts of
# folded queries are kept this many weeks; 0 records nothing.
HUB_SEARCH_STATS_WEEKS = int(os.environ.get("HUB_SEARCH_STATS_WEEKS", "26"))

# Public read API (cms/api/): requests per client IP per window, "N/seconds";
# empty or None disables the limit.
HUB_API_RATE_LIMIT = os.environ.get("HUB_API_RATE_LIMIT", "300/60")

# Full-page cache of public pages for anonymous visitors (cms/core/page_cache.py,
# docs/api.md): on unless HUB_PAGE_CACHE=0; entries live this many seconds at
# most (a publish makes them unreachable at once).
HUB_PAGE_CACHE = os.environ.get("HUB_PAGE_CACHE", "1") not in ("0", "false", "off")
HUB_PAGE_CACHE_SECONDS = int(os.environ.get("HUB_PAGE_CACHE_SECONDS", "300"))

# Proxies whose X-Forwarded-For is believed (addresses or networks,
# comma-separated), so rate limits and login throttling count visitors, not
# nginx (cms/core/net.py). Empty: the direct peer is the client.
HUB_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("HUB_TRUSTED_PROXIES", "").split(",") if p.strip()
]

# --- operations (cms/operations/, docs/operations.md) ---------------------------

# Cookies: never readable by scripts, not sent on cross-site sub-requests.
# Wagtail's admin reads the CSRF token from the page, not from the cookie.
# (Secure comes with HTTPS, in production.py.)
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"  # Wagtail's previews say SAMEORIGIN themselves
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy of public pages (cms/operations/security.py): no
# inline script or style, no nonces (pages are cached whole). frame-ancestors
# is added per response from X-Frame-Options; HUB_EMBEDDABLE_PATHS may be
# framed by any site.
HUB_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", "https:"],  # videos embedded in rich text
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
# Wagtail's admin needs inline scripts and styles; it gets this policy.
HUB_ADMIN_PATHS = ["/admin/"]
HUB_ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", "https:"],  # embed thumbnails
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", "https:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
# No avatars from gravatar.com in the admin: it would tell a third party which
# editor is working when, and the admin's policy allows images from the hub.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No upgrade check either: it fetches releases.wagtail.org from the browser,
# which the admin's connect-src blocks (a console CSP error on the dashboard).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Self-contained pages whose <style> is allowed by its hash.
HUB_CSP_INLINE_STYLE_TEMPLATES = ["500.html", "api/docs.html"]
HUB_EMBEDDABLE_PATHS = ["/embed/", "/oembed"]

# Background work: the worker's heartbeat task runs this often (enqueued by
# manage.py run_scheduler); /readyz calls the worker stale after this long.
HUB_HEARTBEAT_INTERVAL = 60
HUB_WORKER_STALE_AFTER = int(os.environ.get("HUB_WORKER_STALE_AFTER", "300"))
# Parts whose failure makes /readyz answer 503 (the database always; the
# cache and search only when this deployment uses Redis / Elasticsearch).
HUB_READY_REQUIRES = [
    p.strip() for p in os.environ.get("HUB_READY_REQUIRES", "database,cache,search")
    .split(",") if p.strip()
]
# Bearer token that lets a scraper other than localhost read /metrics.
HUB_METRICS_TOKEN = os.environ.get("HUB_METRICS_TOKEN", "")
HUB_LOG_LEVEL = os.environ.get("HUB_LOG_LEVEL", "INFO")

from cms.operations.logs import logging_config  # noqa: E402

LOGGING = logging_config(json_lines=False, level=HUB_LOG_LEVEL)

# Webhooks (issue 15, cms/webhooks/, docs/webhooks.md). Seconds between the
# attempts of a delivery that failed: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h
# (the last attempt about 21 hours after the first), then it is marked failed.
HUB_WEBHOOK_RETRY_SCHEDULE = [60, 300, 1800, 7200, 21600, 43200]
# The longest wait for any one network operation of an attempt.
HUB_WEBHOOK_TIMEOUT = float(os.environ.get("HUB_WEBHOOK_TIMEOUT", "10"))
# Deliveries (and their attempts) are kept this many days in the log.
HUB_WEBHOOK_LOG_DAYS = int(os.environ.get("HUB_WEBHOOK_LOG_DAYS", "30"))
# TEST ONLY: endpoints on loopback addresses (127.0.0.1, ::1) and plain http
# are accepted. production.py forces it off.
HUB_WEBHOOK_ALLOW_LOOPBACK = os.environ.get(
    "HUB_WEBHOOK_ALLOW_LOOPBACK", "").lower() in ("1", "true", "yes")

# Visitor subscriptions (issue 15, cms/subscriptions/, docs/subscriptions.md).
# Confirmation mails one address may get per day (the visitor's page says
# the same either way); days an unconfirmed subscription is kept; seconds
# between the scheduler's checks for due digests.
HUB_SUBSCRIPTION_CONFIRMATIONS_PER_DAY = int(
    os.environ.get("HUB_SUBSCRIPTION_CONFIRMATIONS_PER_DAY", "3"))
HUB_SUBSCRIPTION_UNCONFIRMED_DAYS = int(
    os.environ.get("HUB_SUBSCRIPTION_UNCONFIRMED_DAYS", "7"))
HUB_SUBSCRIPTION_DIGEST_CHECK_SECONDS = int(
    os.environ.get("HUB_SUBSCRIPTION_DIGEST_CHECK_SECONDS", "900"))
# The sender of the hub's mails (production.py reads it and the SMTP server
# from the environment; dev prints mails on the console).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL",
                                    "Flanders Academic Hub <noreply@localhost>")

# Write API (issue 15, cms/api/write/, docs/write-api.md): requests per token
# per window, "N/seconds"; empty for no limit.
HUB_WRITE_API_RATE_LIMIT = os.environ.get("HUB_WRITE_API_RATE_LIMIT", "120/60")
