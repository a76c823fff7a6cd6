"""URLs of the voice app."""

from django.urls import URLPattern, URLResolver, path

from staffroom.web.voice import views

app_name = "voice"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    # working groups and the spread of leadership roles
    path("groups/", views.groups, name="groups"),
    path("groups/new/", views.group_new, name="group_new"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/members/", views.group_member_add, name="group_member_add"),
    path(
        "groups/<int:pk>/members/<int:member_pk>/remove/",
        views.group_member_remove,
        name="group_member_remove",
    ),
    path("groups/<int:pk>/plan/", views.group_plan, name="group_plan"),
    path("meetings/<int:pk>/", views.meeting_edit, name="meeting_edit"),
    path("leadership/", views.spread, name="spread"),
    # the anonymous channel
    path("speak-up/", views.post_new, name="post_new"),
    path("channel/", views.inbox, name="inbox"),
    path("channel/<uuid:pk>/", views.post_respond, name="post_respond"),
    path("you-said-we-did/", views.public_district, name="public_district"),
    path("you-said-we-did/<int:school_id>/", views.public_school, name="public_school"),
    # decisions
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/new/", views.decision_new, name="decision_new"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/edit/", views.decision_edit, name="decision_edit"),
    # practice exchange and visits
    path("practices/", views.practices, name="practices"),
    path("practices/new/", views.practice_new, name="practice_new"),
    path("practices/<int:pk>/", views.practice_detail, name="practice_detail"),
    path("visits/", views.visits, name="visits"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("visits/<int:pk>/", views.visit_edit, name="visit_edit"),
]
