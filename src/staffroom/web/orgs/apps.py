from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "staffroom.web.orgs"
    label = "orgs"
