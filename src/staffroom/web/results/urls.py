"""Results URLs (mounted at ``results/``)."""

from django.urls import path

from staffroom.web.results import views

app_name = "results"
urlpatterns = [
    path("", views.district, name="district"),
    path("schools/<int:school_id>/", views.school, name="school"),
    path("feedback/", views.feedback, name="feedback"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
]
