"""URLs of the improvement app (mounted at ``improvement/``)."""

from django.urls import URLPattern, URLResolver, path

from staffroom.web.improvement import views

app_name = "improvement"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("metrics/new/", views.metric_new, name="metric_new"),
    path("metrics/<int:pk>/", views.metric_detail, name="metric"),
    path("pdsa/", views.pdsa_list, name="pdsa_list"),
    path("pdsa/new/", views.pdsa_new, name="pdsa_new"),
    path("pdsa/<int:pk>/", views.pdsa_detail, name="pdsa"),
    path("pdsa/<int:pk>/stages/<slug:stage>/", views.pdsa_stage, name="pdsa_stage"),
    path("pdsa/<int:pk>/advance/", views.pdsa_advance, name="pdsa_advance"),
    path("pulse/", views.pulse_schedule, name="pulse"),
    path("readiness/", views.readiness_page, name="readiness"),
    path("readiness/settings/", views.readiness_settings, name="readiness_settings"),
]
