"""/healthz?full=1 and manage.py check_deploy: what operators see about storage and the task worker."""

import pytest
from django.utils import timezone

from buyersgroup.core import tasks_recovery
from tests.core.test_security_deploy import PRODUCTION, run
from tests.factories import MemberFactory


@pytest.mark.django_db
def test_full_health_for_staff_reports_each_check(client, settings):
    staff = MemberFactory(email="ops@buyersgroup.example", is_staff=True)
    client.force_login(staff)
    response = client.get("/healthz?full=1")
    assert response.status_code == 200
    assert response.json() == {
        "database": {"ok": True},
        "storage": {"ok": True, "backend": "local"},
        "task_worker": {"ok": True, "backend": "immediate"},
        "status": "ok",
    }
    assert list(settings.MEDIA_ROOT.rglob("*.txt")) == []  # the probe file is gone again


@pytest.mark.django_db
def test_full_health_says_when_the_worker_was_not_seen(client, settings):
    settings.TASKS_BACKEND = "database"
    settings.HEALTHZ_TOKEN = "secret-monitoring-token"
    tasks_recovery.beat(timezone.now() - timezone.timedelta(hours=2))
    response = client.get("/healthz?full=1", headers={"X-Healthz-Token": "secret-monitoring-token"})
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "unavailable"
    assert report["task_worker"]["ok"] is False and report["task_worker"]["last_seen_seconds"] >= 7200


@pytest.mark.django_db
def test_members_and_wrong_tokens_get_the_public_answer_only(client, alice, settings):
    settings.HEALTHZ_TOKEN = "secret-monitoring-token"
    client.force_login(alice)
    assert client.get("/healthz?full=1").json() == {"status": "ok"}
    client.logout()
    response = client.get("/healthz?full=1", headers={"X-Healthz-Token": "guess"})
    assert response.json() == {"status": "ok"}


def test_check_deploy_verifies_the_storage_is_writable(tmp_path):
    writable = run(["manage.py", "check_deploy"], **PRODUCTION, MEDIA_ROOT=str(tmp_path / "media"))
    assert writable.returncode == 0, writable.stderr
    assert "storage: ok" in writable.stdout and writable.stdout.strip().endswith("all checks passed.")

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    refused = run(["manage.py", "check_deploy"], **PRODUCTION, MEDIA_ROOT=str(blocker / "media"))
    assert refused.returncode != 0
    assert "storage: FAILED" in refused.stdout
    assert "some checks failed" in refused.stderr
