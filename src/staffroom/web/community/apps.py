from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "staffroom.web.community"
    label = "community"
    verbose_name = "Adult community"
