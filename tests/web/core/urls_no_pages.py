"""A URL map with only the home and sign-in pages: no results or management pages."""

from django.urls import include, path

urlpatterns = [
    path("", include("staffroom.web.core.urls")),
    path("accounts/", include("staffroom.web.accounts.urls")),
]
