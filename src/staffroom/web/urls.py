"""URL map: each app owns its own urls module."""

from django.urls import include, path

urlpatterns = [
    path("", include("staffroom.web.core.urls")),
    path("accounts/", include("staffroom.web.accounts.urls")),
    path("", include("staffroom.web.surveys.urls")),
    path("results/", include("staffroom.web.results.urls")),
    path("community/", include("staffroom.web.community.urls")),
    path("network/", include("staffroom.web.network.urls")),
    path("continuum/", include("staffroom.web.continuum.urls")),
    path("improvement/", include("staffroom.web.improvement.urls")),
    path("voice/", include("staffroom.web.voice.urls")),
    path("reports/", include("staffroom.web.reports.urls")),
]
