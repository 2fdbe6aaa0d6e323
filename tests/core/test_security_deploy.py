"""Production configuration, checked in a fresh process with production settings.

With DEBUG off and the production variables set, `check --deploy` is clean and
HSTS and secure cookies are on; with a required variable missing or a typo in
DEBUG, the start stops with a message naming the variable.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(60),
    "ALLOWED_HOSTS": "portal.example.be",
}


def run(args, **variables):
    """Run Python in a clean environment: only what is passed here, plus PATH and the database."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DATABASE_URL": os.environ["DATABASE_URL"]}
    env.update(variables)
    env = {name: value for name, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_passes_with_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
from django.test import Client
names = ["DEBUG", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_SECURE",
         "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY"]
client = Client(HTTP_HOST="portal.example.be")
https = client.get("/healthz", secure=True)
http = client.get("/healthz")
print(json.dumps({
    "settings": {name: getattr(s, name) for name in names},
    "hsts": https.headers.get("Strict-Transport-Security"),
    "http": [http.status_code, http.headers.get("Location")],
}))
"""


def test_production_turns_on_hsts_secure_cookies_and_https_redirect():
    result = run(["-c", SHOW_SETTINGS], DJANGO_SETTINGS_MODULE="buyersgroup.settings", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["settings"] == {
        "DEBUG": False,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
    }
    assert shown["hsts"].startswith("max-age=31536000; includeSubDomains")
    assert shown["http"] == [301, "https://portal.example.be/healthz"]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_start_stops_when_a_required_variable_is_missing(missing):
    result = run(["manage.py", "check"], **{**PRODUCTION, missing: None})
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


def test_start_stops_when_debug_is_not_a_clear_yes_or_no():
    result = run(["manage.py", "check"], **{**PRODUCTION, "DEBUG": "banana"})
    assert result.returncode != 0
    assert "DEBUG='banana': use true/false" in result.stderr


def test_gunicorn_entry_point_stops_too():
    result = run(["-c", "import buyersgroup.wsgi"], **{**PRODUCTION, "SECRET_KEY": None})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_defaults_to_off():
    result = run(
        ["-c", "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"],
        DJANGO_SETTINGS_MODULE="buyersgroup.settings",
        **{**PRODUCTION, "DEBUG": None},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
