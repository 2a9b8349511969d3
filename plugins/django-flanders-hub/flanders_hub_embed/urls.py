"""The hub's webhook receiver, for the host site's URLconf, outside
i18n_patterns (the hub posts to one address)::

    path("flanders-hub/", include("flanders_hub_embed.urls")),

gives ``/flanders-hub/webhook/``: register that address on the hub.
"""

from django.urls import path

from .webhooks import receive

app_name = "flanders_hub_embed"
urlpatterns = [path("webhook/", receive, name="webhook")]
