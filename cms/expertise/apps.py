from django.apps import AppConfig


class ExpertiseConfig(AppConfig):
    name = "cms.expertise"
    label = "expertise"
    verbose_name = "Research expertise"
