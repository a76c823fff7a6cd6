"""Running survey cycles (``manage/``): cycles, rosters, reminders, participation."""

from django.urls import path

from staffroom.web.surveys import manage_views as views

__all__ = ["urlpatterns"]

urlpatterns: list[object] = [
    path("manage/cycles/", views.cycles, name="manage_cycles"),
    path("manage/cycles/new/", views.cycle_new, name="manage_cycle_new"),
    path("manage/cycles/<int:pk>/", views.cycle_detail, name="manage_cycle"),
    path("manage/cycles/<int:pk>/open/", views.cycle_open_view, name="manage_cycle_open"),
    path("manage/cycles/<int:pk>/close/", views.cycle_close_confirm, name="manage_cycle_close"),
    path("manage/cycles/<int:pk>/reminders/", views.reminders, name="manage_reminders"),
    path("manage/cycles/<int:pk>/roster/", views.roster, name="manage_roster"),
    path(
        "manage/cycles/<int:pk>/participation/",
        views.participation,
        name="manage_participation",
    ),
    path("manage/roster-template.csv", views.roster_template, name="manage_roster_template"),
    path("manage/feedback/", views.feedback, name="manage_feedback"),
]
