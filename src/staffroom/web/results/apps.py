from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "staffroom.web.results"
    label = "results"
