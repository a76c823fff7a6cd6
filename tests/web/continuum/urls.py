"""The URLs these tests need, mounted as in ``staffroom.web.urls`` (so the app's pages
can be tested while other apps of the project are being built)."""

from django.urls import include, path

urlpatterns = [
    path("", include("staffroom.web.core.urls")),
    path("accounts/", include("staffroom.web.accounts.urls")),
    path("", include("staffroom.web.surveys.urls")),
    path("continuum/", include("staffroom.web.continuum.urls")),
]
