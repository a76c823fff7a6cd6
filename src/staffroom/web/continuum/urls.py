"""URLs of the continuum app."""

from django.urls import URLPattern, URLResolver

app_name = "continuum"

urlpatterns: list[URLPattern | URLResolver] = []
