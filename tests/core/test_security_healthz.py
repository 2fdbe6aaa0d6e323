"""/healthz: 200 when the database answers, 503 when it does not; public, never cached, says nothing more."""

import pytest
from django.db import connections

from buyersgroup.core import views as core_views


@pytest.mark.django_db
def test_healthy_database_answers_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.fixture
def unreachable_database(monkeypatch):
    """A new connection to a port where no PostgreSQL listens, as if the server were down."""
    default = connections["default"]
    settings_dict = {**default.settings_dict, "HOST": "127.0.0.1", "PORT": "1", "OPTIONS": {"connect_timeout": 2}}
    down = default.__class__(settings_dict, alias="down")
    monkeypatch.setattr(core_views, "connection", down)
    yield down
    down.close()


@pytest.mark.django_db
def test_database_down_answers_503(client, unreachable_database):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


@pytest.mark.django_db
def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405
