"""URLs of the continuum app (mounted at ``continuum/``)."""

from django.urls import URLPattern, URLResolver, path

from staffroom.web.continuum import views

app_name = "continuum"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("teams/district/", views.team, name="district_team"),
    path("teams/<int:school_id>/", views.team, name="school_team"),
    path("rounds/start/", views.round_start, name="round_start"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/rate/", views.round_rate, name="round_rate"),
    path("rounds/<int:pk>/reveal/", views.round_reveal, name="round_reveal"),
    path("rounds/<int:pk>/agree/", views.round_agree, name="round_agree"),
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/new/", views.agreement_set_create, name="agreement_set_create"),
    path("agreements/<int:pk>/", views.agreement_set, name="agreement_set"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/comment/", views.agreement_comment, name="agreement_comment"),
    path("agreements/<int:pk>/adopt/", views.agreement_adopt, name="agreement_adopt"),
    path("agreements/<int:pk>/review/", views.agreement_review, name="agreement_review"),
    path("agreements/<int:pk>/check/", views.agreement_check, name="agreement_check"),
]
