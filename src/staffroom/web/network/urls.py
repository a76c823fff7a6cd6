"""URLs of the network app (mounted at ``network/``)."""

from django.urls import URLPattern, URLResolver, path

from staffroom.web.network import views

app_name = "network"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("schools/<int:school_id>/", views.school, name="school"),
    path("schools/<int:school_id>/map.json", views.school_json, name="school_json"),
    path("team/", views.team, name="team"),
    path("team/map.json", views.team_json, name="team_json"),
    path("import/", views.ties_import, name="import"),
    path("import/template.csv", views.ties_template, name="template"),
]
