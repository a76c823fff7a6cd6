from django.apps import AppConfig


class ContinuumConfig(AppConfig):
    name = "staffroom.web.continuum"
    label = "continuum"
    verbose_name = "Continuum and agreements"
