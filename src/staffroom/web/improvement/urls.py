"""URLs of the improvement app."""

from django.urls import URLPattern, URLResolver

app_name = "improvement"

urlpatterns: list[URLPattern | URLResolver] = []
