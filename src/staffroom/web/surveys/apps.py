from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "staffroom.web.surveys"
    label = "surveys"
