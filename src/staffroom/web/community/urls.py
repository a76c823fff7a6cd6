"""URLs of the community app (mounted at ``community/``)."""

from django.urls import URLPattern, URLResolver, path

from staffroom.web.community import upload_views, views

app_name = "community"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.district, name="district"),
    path("patterns/", views.district_patterns, name="district_patterns"),
    path("schools/<int:school_id>/", views.school, name="school"),
    path("schools/<int:school_id>/patterns/", views.school_patterns, name="school_patterns"),
    path("schools/<int:school_id>/profile/", views.profile, name="profile"),
    path("uploads/", upload_views.uploads, name="uploads"),
    path("teams/", upload_views.teams_beyond_contract, name="teams_beyond_contract"),
    path("uploads/jobs/<int:pk>/", upload_views.upload_job, name="upload_job"),
    path("uploads/<slug:kind>/", upload_views.upload, name="upload"),
    path("uploads/<slug:kind>/template.csv", upload_views.upload_template, name="upload_template"),
]
