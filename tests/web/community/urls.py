"""A URL map with only the apps the community pages link to, so this app's tests do not
depend on apps still being built beside it (the full map is tested by the matrix)."""

from django.urls import include, path

urlpatterns = [
    path("", include("staffroom.web.core.urls")),
    path("accounts/", include("staffroom.web.accounts.urls")),
    path("", include("staffroom.web.surveys.urls")),
    path("results/", include("staffroom.web.results.urls")),
    path("community/", include("staffroom.web.community.urls")),
]
