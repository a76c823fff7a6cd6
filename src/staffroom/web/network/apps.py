from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "staffroom.web.network"
    label = "network"
    verbose_name = "Connection map"
