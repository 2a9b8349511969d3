from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "cms.catalogue"
    label = "catalogue"
    verbose_name = "Catalogue import, export and demo data"
