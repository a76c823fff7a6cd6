from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "staffroom.web.reports"
    label = "reports"
    verbose_name = "Reports"
