from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "staffroom.web.improvement"
    label = "improvement"
    verbose_name = "Continuous improvement"
