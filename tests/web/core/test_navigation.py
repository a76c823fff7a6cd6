"""The header's section links: only sections a user may open, the current one marked."""

from __future__ import annotations

import re

import pytest

from staffroom.web.core.navigation import nav_links


def _labels(user, path="/") -> list[str]:
    return [link.label for link in nav_links(user, path)]


def test_admins_and_coaches_get_every_section(cast):
    every = [
        "Results",
        "Indicators",
        "Connections",
        "Continuum",
        "Agreements",
        "Improvement",
        "Voice",
        "Reports",
    ]
    assert _labels(cast.admin) == every
    assert _labels(cast.coach) == every


def test_a_leader_gets_their_school_s_report(cast):
    links = nav_links(cast.leader, "/")
    assert [link.label for link in links][-1] == "Report"
    assert links[-1].url == f"/reports/schools/{cast.school.pk}/"
    assert "Reports" not in _labels(cast.leader)


def test_staff_get_the_sections_staff_use(cast):
    assert _labels(cast.staff) == ["Continuum", "Agreements", "Voice"]
    cast.district.staff_see_results = True
    cast.district.save()
    assert _labels(cast.staff) == ["Results", "Continuum", "Agreements", "Voice"]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/continuum/agreements/3/", "Agreements"),
        ("/continuum/rounds/2/", "Continuum"),
        ("/results/schools/1/", "Results"),
        ("/", None),
    ],
)
def test_the_section_of_the_page_is_marked_current(cast, path, current):
    marked = [link.label for link in nav_links(cast.admin, path) if link.current]
    assert marked == ([current] if current else [])


def test_every_link_opens_for_its_user(client, cast):
    for user in cast.everyone().values():
        client.force_login(user)
        page = client.get("/").content.decode()
        header = page.split("<main", 1)[0]
        for href in re.findall(r'<li><a href="([^"]+)"', header):
            assert client.get(href, follow=True).status_code == 200, (user.role, href)
