from django.urls import path

from . import views

urlpatterns = [
    path("", views.gallery, name="theme-gallery"),
    path("<slug:name>/", views.sample, name="theme-sample"),
]
