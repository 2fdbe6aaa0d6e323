"""Settings that pick a mode accept only their documented values: a typo stops the start.

Checked in a fresh process, like the other production settings (test_security_deploy.py).
"""

import pytest

from tests.core.test_security_deploy import PRODUCTION, run


@pytest.mark.parametrize(
    ("name", "typo", "allowed"),
    [
        ("DOCUMENT_STORAGE", "S3", "local, s3"),
        ("TASKS_BACKEND", "db", "immediate, database"),
        ("DOCUMENT_DOWNLOAD_MODE", "x_accel", "django, x-accel"),
    ],
)
def test_a_typo_in_a_mode_setting_stops_the_start(name, typo, allowed):
    result = run(["manage.py", "check"], **{**PRODUCTION, name: typo})
    assert result.returncode != 0
    assert f"{name}={typo!r}: use one of {allowed}." in result.stderr


def test_documented_values_pass_and_s3_storage_loads_with_boto3():
    result = run(
        ["-c", "import django; django.setup(); from django.core.files.storage import default_storage; "
               "from django.conf import settings; default_storage._setup(); "
               "print(type(default_storage._wrapped).__name__, settings.TASKS_BACKEND, settings.DOCUMENT_DOWNLOAD_MODE)"],
        DJANGO_SETTINGS_MODULE="buyersgroup.settings",
        **PRODUCTION,
        DOCUMENT_STORAGE="s3",
        S3_BUCKET="portal-documents",
        S3_ENDPOINT_URL="http://127.0.0.1:9",
        S3_ACCESS_KEY_ID="key-id",
        S3_SECRET_ACCESS_KEY="not-a-real-one",
        TASKS_BACKEND="database",
        DOCUMENT_DOWNLOAD_MODE="x-accel",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "database", "x-accel"]


def test_s3_storage_without_its_bucket_stops_the_start():
    result = run(["manage.py", "check"], **PRODUCTION, DOCUMENT_STORAGE="s3")
    assert result.returncode != 0
    assert "S3_BUCKET must be set when DOCUMENT_STORAGE=s3" in result.stderr
