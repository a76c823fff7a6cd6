"""The connection-map pages and their JSON: who sees names, what anonymous viewers see,
small-group colouring suppression, filters, and the measures panel."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from staffroom.web.accounts.models import User
from staffroom.web.network import graph, selectors
from staffroom.web.orgs.models import District
from tests.web.network.conftest import MapWorld

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _json(world: MapWorld, user: User, **query) -> dict:
    url = reverse("network:school_json", args=[world.cast.school.pk])
    response = _client(user).get(url, query)
    assert response.status_code == 200
    return response.json()


def _page(world: MapWorld, user: User, **query) -> str:
    response = _client(user).get(reverse("network:school", args=[world.cast.school.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


# names: who sees them, under each district setting ----------------------------------------

VISIBLE = {
    District.NAMES_ADMIN: {"admin"},
    District.NAMES_ADMIN_COACH: {"admin", "coach"},
    District.NAMES_ADMIN_COACH_LEADER: {"admin", "coach", "leader"},
}


@pytest.mark.parametrize("setting", list(VISIBLE))
@pytest.mark.parametrize("role", ["admin", "coach", "leader"])
def test_names_show_only_to_the_roles_the_district_allows(mapped, setting, role):
    mapped.cast.district.names_visible_to = setting
    mapped.cast.district.save()
    user = getattr(mapped.cast, role)
    data = _json(mapped, user)
    html = _page(mapped, user)
    labels = {node["label"] for node in data["nodes"]}
    if role in VISIBLE[setting]:
        assert data["named"] is True
        assert "Alder Person 01" in labels
        assert "Alder Person 01" in html
        assert all("measures" in node for node in data["nodes"])
    else:
        assert data["named"] is False
        assert all(label.startswith("Person ") for label in labels)
        assert "Alder Person" not in html
        assert "Alder Person" not in str(data)
        assert all("measures" not in node and "values" not in node for node in data["nodes"])
        assert "Betweenness" not in html  # no person-level measures in the table
        ids = {str(e.pk) for e in mapped.alder}
        assert not ids & {node["id"] for node in data["nodes"]}


def test_anonymous_labels_are_the_same_on_every_visit(mapped):
    first = [n["id"] for n in _json(mapped, mapped.cast.leader)["nodes"]]
    again = [n["id"] for n in _json(mapped, mapped.cast.leader)["nodes"]]
    assert first == again == sorted(first)


def test_named_viewers_see_person_measures_and_brokers(mapped):
    data = _json(mapped, mapped.cast.admin)
    by_label = {n["label"]: n for n in data["nodes"]}
    assert by_label["Alder Person 12"]["measures"]["isolate"] is True
    assert by_label["Alder Person 12"]["measures"]["ties"] == 0
    assert by_label["Alder Person 05"]["measures"]["betweenness"] > 0.3
    html = _page(mapped, mapped.cast.admin)
    assert "Alder Person 12" in html


# colouring small groups ----------------------------------------------------------------


def test_anonymous_viewers_colour_by_community_only(mapped):
    """Two colourings of one anonymous map, shown in turn, could be matched node by node
    and single out someone in a small overlap; so people's attributes never colour it."""
    data = _json(mapped, mapped.cast.leader, colour="role")
    assert data["colour"] == "community"
    assert {n["group"] for n in data["nodes"]} <= {g["group"] for g in data["legend"]}
    html = _page(mapped, mapped.cast.leader, colour="role")
    assert 'value="role"' not in html
    assert "is offered only to the people your district lets see names" in html


def test_anonymous_viewers_get_small_roles_merged_in_group_figures(mapped):
    html = _page(mapped, mapped.cast.leader)
    table = html[html.index('class="ei-table"') :]
    role = table[
        table.index('<th scope="row">Role</th>') : table.index('<th scope="row">Grade band</th>')
    ]
    # 7 teachers; paraprofessionals (3) and specialists (2) together make 5
    groups = set(re.findall(r'class="group-name">([^<]+)</th><td class="number">(\d+)<', role))
    assert groups == {("teacher", "7"), (graph.OTHER, "5")}


def test_an_attribute_with_no_safe_group_shows_no_group_figure(mapped):
    # race: 9, 2 and 1: merging 2 and 1 gives 3 (< 5), so 9 must go too: nothing left
    data = _json(mapped, mapped.cast.leader, colour="race_ethnicity")
    assert data["colour"] != "race_ethnicity"
    assert "White" not in str(data)
    html = _page(mapped, mapped.cast.leader)
    assert "White" not in html
    table = html[html.index('class="ei-table"') :]
    race = table[table.index('<th scope="row">Race or ethnicity</th>') :]
    assert race.split("</tr>")[0].count("not shown") == 1


def test_viewers_with_names_see_every_group(mapped):
    data = _json(mapped, mapped.cast.admin, colour="race_ethnicity")
    assert {g["group"] for g in data["legend"]} == {
        "White",
        "Black or African American",
        "Asian",
    }


def test_a_map_of_fewer_than_min_n_people_is_not_shown_anonymously(cast):
    from tests.web.factories import RosterEntryFactory

    for i in range(4):
        RosterEntryFactory(district=cast.district, school=cast.school, staff_id=f"S{i}")
    html = _page_for(cast.leader, cast.school.pk)
    assert "fewer than 5 people" in html
    data = _client(cast.leader).get(reverse("network:school_json", args=[cast.school.pk])).json()
    assert data["nodes"] == []
    assert data["too_few"] is True


def _page_for(user: User, school_id: int) -> str:
    return _client(user).get(reverse("network:school", args=[school_id])).content.decode()


# filters, measures, table ----------------------------------------------------------------


def test_filtering_by_type_keeps_only_those_ties(mapped):
    data = _json(mapped, mapped.cast.admin, type="phone_numbers")
    assert {link["type"] for link in data["links"]} == {"phone_numbers"}
    assert len(data["links"]) == 1
    everything = _json(mapped, mapped.cast.admin)
    assert len(everything["links"]) == 12  # ties to the district office are not on it


def test_the_measures_panel_comes_from_the_engine(mapped):
    network = selectors.school_map(mapped.cast.school, mapped.cast.admin)
    assert network.measures is not None
    assert network.measures.isolates == 1
    assert network.measures.components == 2  # A12 alone, everyone else joined
    html = _page(mapped, mapped.cast.admin)
    assert "How many of the possible connections exist?" in html
    assert 'data-measure="isolates">1 person with no connection' in html


def test_an_htmx_request_gets_only_the_results(mapped):
    url = reverse("network:school", args=[mapped.cast.school.pk])
    response = _client(mapped.cast.admin).get(url, {"type": "social"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="network-map"' in html
    assert "type=social" in html  # the JSON link follows the filters


def test_the_table_works_without_javascript(mapped):
    html = _page(mapped, mapped.cast.leader)
    assert html.count('<tr data-node="') == 12
    assert "The drawing needs JavaScript" in html


# the district-team page ------------------------------------------------------------------


def test_the_team_page_lists_schools_without_a_close_tie(mapped):
    response = _client(mapped.cast.admin).get(reverse("network:team"))
    html = response.content.decode()
    assert response.status_code == 200
    rows, _columns = selectors.team_schools(mapped.cast.district, mapped.cast.admin)
    close = {row.school.name: row.close_tie for row in rows}
    assert close == {"Alder Elementary": True, "Birch Middle": False}  # Birch: phone only
    assert "No close tie" in html


def test_a_team_member_on_a_school_s_roster_counts_once(mapped):
    """Someone on the district team whose roster entry names a school is team, not staff."""
    from staffroom.web.network.engine import schools_without_team_tie
    from staffroom.web.network.models import Tie

    alder, birch = mapped.cast.school, mapped.cast.other_school
    team = [e.pk for e in mapped.team] + [mapped.alder[0].pk]
    without = schools_without_team_tie(
        mapped.cast.district, [alder, birch], team, [Tie.ADVICE, Tie.MAJOR_PROJECT, Tie.SOCIAL]
    )
    assert birch.pk in without


def test_a_coach_sees_only_their_schools_on_the_team_page(mapped):
    rows, _columns = selectors.team_schools(mapped.cast.district, mapped.cast.coach)
    assert [row.school.name for row in rows] == ["Alder Elementary"]
    data = _client(mapped.cast.coach).get(reverse("network:team_json")).json()
    assert data["named"] is False  # names on the team map: district admins only


def test_the_team_map_holds_the_office_and_leaders(mapped):
    data = _client(mapped.cast.admin).get(reverse("network:team_json")).json()
    assert {n["label"] for n in data["nodes"]} >= {"Office 1", "Office 2"}


# the school profile summary --------------------------------------------------------------


def test_the_summary_gives_aggregates_only(mapped):
    summary = selectors.school_network_summary(mapped.cast.school, mapped.cast.leader)
    assert summary is not None
    assert summary["people"] == 12
    assert summary["isolates"] == 1
    assert not any("Person" in str(v) for v in summary.values())


def test_the_summary_is_none_for_staff_and_small_maps(mapped, cast):
    assert selectors.school_network_summary(cast.school, cast.staff) is None
    assert selectors.school_network_summary(cast.other_school, cast.admin) is None


def test_the_team_page_shows_the_community_indicators_when_there_are_some(mapped, monkeypatch):
    from types import SimpleNamespace as Fake

    from staffroom.web.community import selectors as community

    info = Fake(
        id="request_response_hours", title="District response time", percent=False,
        unit_title="hours",
    )  # fmt: skip
    alder = mapped.cast.school

    def panel(*, district, schools):
        trend = Fake(indicator=info, latest_text="12.5")
        rows = tuple(Fake(school=s, trends=(trend,)) for s in schools if s == alder)
        return Fake(available=True, indicators=(info,), rows=rows)

    monkeypatch.setattr(community, "district_panel", panel)
    html = _client(mapped.cast.admin).get(reverse("network:team")).content.decode()
    assert "District response time (hours)" in html
    assert "12.5" in html


def test_the_team_page_leaves_the_indicators_out_when_the_community_app_fails(mapped, monkeypatch):
    from staffroom.web.community import selectors as community

    def broken(**kwargs):
        raise RuntimeError("not ready")

    monkeypatch.setattr(community, "district_panel", broken)
    html = _client(mapped.cast.admin).get(reverse("network:team")).content.decode()
    assert "appear here once those records are available" in html
