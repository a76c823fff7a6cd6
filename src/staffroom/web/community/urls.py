"""URLs of the community app."""

from django.urls import URLPattern, URLResolver

app_name = "community"

urlpatterns: list[URLPattern | URLResolver] = []
