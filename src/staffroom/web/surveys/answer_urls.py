"""Answering a survey: ``s/<token>/`` (anonymous open link) and ``i/<token>/``
(single-use invitation, with save and resume). Both run the same screens."""

from django.urls import path

from staffroom.web.surveys import answer_views as views

__all__ = ["urlpatterns"]


def _flow(prefix: str, kind: str) -> list[object]:
    extra = {"kind": kind}
    return [
        path(f"{prefix}/<str:token>/", views.start, extra, name=f"answer_{kind}_start"),
        path(
            f"{prefix}/<str:token>/<int:number>/",
            views.section,
            extra,
            name=f"answer_{kind}_section",
        ),
        path(f"{prefix}/<str:token>/about/", views.about, extra, name=f"answer_{kind}_about"),
        path(
            f"{prefix}/<str:token>/comments/",
            views.comments,
            extra,
            name=f"answer_{kind}_comments",
        ),
        path(f"{prefix}/<str:token>/review/", views.review, extra, name=f"answer_{kind}_review"),
        path(f"{prefix}/<str:token>/submit/", views.submit, extra, name=f"answer_{kind}_submit"),
    ]


urlpatterns: list[object] = [
    *_flow("s", "open"),
    *_flow("i", "invite"),
    path("s/<str:token>/responses", views.responses, name="answer_open_responses"),
]
