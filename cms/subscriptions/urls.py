"""Language-prefixed (/<lang>/subscriptions/...): every page a subscriber sees
is in the language they subscribed in."""

app_name = "subscriptions"
urlpatterns: list = []
