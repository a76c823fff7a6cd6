"""The health check load balancers poll."""

from __future__ import annotations

from unittest import mock

from django.db import DatabaseError, connection
from django.urls import reverse


def test_it_answers_200_when_the_database_answers(client, db):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_it_answers_503_when_the_database_does_not(client, db):
    with mock.patch.object(connection, "cursor", side_effect=DatabaseError("down")):
        response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_it_needs_no_sign_in(client, db):
    assert client.get("/healthz").status_code == 200
