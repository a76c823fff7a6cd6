"""A URL map with stand-ins for the pages the home page links to (for its tests).

The real results and survey-management pages are written separately; these stubs let the
home page's links be tested whether or not those pages exist yet.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def _stub(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse("stub")


results = (
    [
        path("", _stub, name="district"),
        path("school/<int:school_id>/", _stub, name="school"),
        path("feedback/", _stub, name="feedback"),
    ],
    "results",
)
surveys = ([path("manage/cycles/", _stub, name="manage_cycles")], "surveys")

urlpatterns = [
    path("", include("staffroom.web.core.urls")),
    path("accounts/", include("staffroom.web.accounts.urls")),
    path("results/", include(results)),
    path("", include(surveys)),
]
