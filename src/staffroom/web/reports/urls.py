"""URLs of the reports app."""

from django.urls import path

from staffroom.web.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.district, name="district"),
    path("district.pdf", views.district_pdf, name="district_pdf"),
    path("batches/", views.batch_create, name="batch_create"),
    path("batches/<int:pk>.zip", views.batch_download, name="batch_download"),
    path("schools/<int:school_id>/", views.school, name="school"),
    path("schools/<int:school_id>/report.pdf", views.school_pdf, name="school_pdf"),
]
