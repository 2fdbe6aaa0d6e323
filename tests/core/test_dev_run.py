"""`make run`: links follow the port; with DEBUG off it explains the missing demo data and starts."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from buyersgroup.devdb import serve_steps
from buyersgroup.members.models import Member


def portal_url_with(**env) -> str:
    environment = {name: value for name, value in os.environ.items() if name not in ("PORT", "PORTAL_URL")}
    environment.update({"DEBUG": "true", "DATABASE_URL": "postgres:///unused", **env})
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='buyersgroup.settings'; django.setup(); " \
           "from django.conf import settings; print(settings.PORTAL_URL)"
    result = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True,
                            cwd=settings.BASE_DIR, check=True, timeout=60)
    return result.stdout.strip()


def test_links_in_e_mails_follow_the_port():
    assert portal_url_with(PORT="8001") == "http://127.0.0.1:8001"
    assert portal_url_with() == "http://127.0.0.1:8000"
    assert portal_url_with(PORT="8001", PORTAL_URL="https://portal.example.be") == "https://portal.example.be"


def test_make_run_with_debug_off_explains_and_still_starts(settings, db):
    settings.DEBUG = False
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "DEBUG is off: no demo data loaded." in out.getvalue()
    assert "createsuperuser" in out.getvalue()
    assert not Member.objects.exists()


def test_make_run_collects_static_files_only_without_debug():
    production_like = serve_steps("8001", {"DEBUG": "false"})
    development = serve_steps("8001", {"DEBUG": "true"})
    assert "collectstatic --noinput" in production_like
    assert "collectstatic" not in development
    for steps in (production_like, development):
        assert "seed_demo --if-empty" in steps
        assert steps.endswith("runserver 127.0.0.1:8001")


def test_a_setting_that_needs_a_restart_is_kept_in_the_data_folder(tmp_path):
    """make bench starts its database with shared_buffers raised: written once, kept for later runs."""
    import psycopg

    from buyersgroup.devdb import _start_embedded

    data = tmp_path / "pgdata"
    for _run in range(2):  # the first start writes it and restarts; the second finds it there
        server = _start_embedded(data, {"shared_buffers": "48MB"})
        try:
            with psycopg.connect(server.get_uri("postgres")) as connection:
                assert connection.execute("SHOW shared_buffers").fetchone()[0] == "48MB"
                assert connection.execute("SELECT count(*) FROM pg_settings WHERE pending_restart").fetchone()[0] == 0
        finally:
            server.cleanup()
    assert "shared_buffers = '48MB'" in (data / "postgresql.auto.conf").read_text()


def test_a_setting_without_a_value_is_refused_with_a_message(capsys):
    from buyersgroup.devdb import main

    with pytest.raises(SystemExit) as stopped:
        main(["exec", "--setting", "shared_buffers", "--", "true"])
    assert stopped.value.code == 2
    assert "--setting takes NAME=VALUE, not 'shared_buffers'" in capsys.readouterr().err
