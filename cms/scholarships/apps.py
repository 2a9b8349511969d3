from django.apps import AppConfig


class ScholarshipsConfig(AppConfig):
    name = "cms.scholarships"
    label = "scholarships"
    verbose_name = "Scholarships"
