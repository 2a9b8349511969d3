from django.urls import path

from . import views

app_name = "hub_countdown"
urlpatterns = [
    path("v1/strings.json", views.strings, name="strings"),
]
