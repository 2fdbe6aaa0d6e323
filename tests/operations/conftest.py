"""Fixtures for the tests that run the portal as real processes (gunicorn, task worker, SeaweedFS)."""

import pytest

from tests.processes import production_environment, production_password_hash, portal_database_url


@pytest.fixture
def portal_env(transactional_db, static_root, s3, seaweedfs_server, tmp_path):
    """The environment of a production app server or worker over the test database and the test's bucket.

    Uses transactional_db: the processes see only what the test committed. The shared cache
    (a database table that the flush between tests leaves alone) starts empty: the rate-limit
    counters of the browser tests that ran just before, all from 127.0.0.1, must not refuse
    these processes' logins.
    """
    from django.core.cache import cache

    cache.clear()
    return production_environment(
        static_root,
        DATABASE_URL=portal_database_url(),
        TASKS_BACKEND="database",
        FILE_UPLOAD_TEMP_DIR=str(_folder(tmp_path / "upload-tmp")),
        **seaweedfs_server.environment(s3.name),
    )


def _folder(path):
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def member(alice):
    """alice, with a password the production hashers accept (tests.processes.PASSWORD)."""
    alice.password = production_password_hash()
    alice.save(update_fields=["password"])
    return alice


@pytest.fixture
def database_tasks(settings):
    """Tasks enqueued by the test go to the database queue, for a real worker process."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
