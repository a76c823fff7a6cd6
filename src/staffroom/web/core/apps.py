from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "staffroom.web.core"
    label = "core"
    verbose_name = "Staffroom core"
