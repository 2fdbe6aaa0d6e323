"""Backup and restore, round trip: what the app wrote comes back, table by table and file by file.

The portal's data is made through its services (workflow, uploads, two-factor),
backed up with `manage.py backup`, restored with `manage.py restore` in a fresh
process into a new database and a new bucket of the real S3 server, compared,
and the restored portal is used: a member logs in and downloads a document.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import urllib.request
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import CommandError, call_command
from django.db import connection

from buyersgroup.documents import services as documents
from buyersgroup.documents.models import Document
from buyersgroup.moderation.models import Status
from buyersgroup.moderation.services import transition
from tests.documents import files
from tests.documents.conftest import make_tender
from tests.processes import production_environment

PASSWORD = "restored portal passphrase 2026"

TABLE_HASH = """
SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))
FROM {table} t
"""


def table_fingerprints(cursor) -> dict[str, tuple[int, str]]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    result = {}
    for table in tables:
        cursor.execute(TABLE_HASH.format(table=f'"{table}"'))
        result[table] = tuple(cursor.fetchone())
    return result


def database_url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))


def portal(args, env):
    """Run manage.py / Python as a production process of the portal would."""
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=180
    )


USE_RESTORED_PORTAL = """
import hashlib, json, sys, urllib.request
import django
django.setup()
from django.test import Client
from django.urls import reverse
from buyersgroup.documents.models import Document
client = Client()
login = client.post("/accounts/login/", {"login": sys.argv[1], "password": sys.argv[2]})
document = Document.objects.get(original_name="Bestek laptops.pdf")
download = client.get(reverse("documents:download", args=[document.pk]))
with urllib.request.urlopen(download["Location"], timeout=10) as s3:
    data = s3.read()
print(json.dumps({"login": [login.status_code, login.get("Location")], "download": download.status_code,
                  "sha256": hashlib.sha256(data).hexdigest(), "recorded": document.sha256}))
"""


def make_portal_data(alice, bob, carol, cora):
    """Entries in every state, with documents, review comments and members with two-factor (cora)."""
    # The restored portal runs with the production hashers (the tests' fast MD5 is not among them).
    alice.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    alice.save(update_fields=["password"])
    for status in Status.values:
        tender = make_tender(alice, status=status, title=f"Laptops ({status})")
        documents.attach(tender, files.upload(f"grid {status}.xlsx", files.xlsx_bytes()), doc_type="evaluation_grid",
                         language="fr", by=bob)
    reviewed = make_tender(alice, title="Docking stations")
    documents.attach(reviewed, files.upload("Bestek laptops.pdf", files.pdf_bytes()), doc_type="specification",
                     language="nl", by=alice)
    reviewed = transition(reviewed, "submit", alice)
    reviewed = transition(reviewed, "request_changes", cora, "Add the warranty clause, please.")
    reviewed = transition(reviewed, "submit", alice)
    transition(reviewed, "publish", cora)
    refused = transition(make_tender(carol, title="Printers"), "submit", carol)
    transition(refused, "reject", cora, "Out of scope: no ICT circularity.")


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_new_database_and_bucket_identically(
    alice, bob, carol, cora, s3, seaweedfs_server, static_root, tmp_path
):
    make_portal_data(alice, bob, carol, cora)
    folder = tmp_path / "backup"
    out = io.StringIO()
    call_command("backup", str(folder), stdout=out)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert len(manifest["documents"]) == Document.objects.values("file").distinct().count() == 7
    assert "core.0005_security_log_append_only" in manifest["schema"]
    assert manifest["database"]["size"] == (folder / "database.dump").stat().st_size
    with connection.cursor() as cursor:
        before = table_fingerprints(cursor)
    assert before["tenders_tender"][0] == 8 and before["mfa_authenticator"][0] == 2  # cora's TOTP and recovery codes
    assert before["moderation_reviewevent"][0] >= 6

    target, bucket = f"restored_{uuid.uuid4().hex[:8]}", seaweedfs_server.new_bucket()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{target}"')
    env = production_environment(static_root, DATABASE_URL=database_url(target), **seaweedfs_server.environment(bucket))
    try:
        restored = portal(["manage.py", "restore", str(folder)], env)
        assert restored.returncode == 0, restored.stderr
        assert "7 document file(s) restored" in restored.stdout

        with psycopg.connect(database_url(target)) as other, other.cursor() as cursor:
            assert table_fingerprints(cursor) == before
            cursor.execute("SELECT file, sha256 FROM documents_document")
            rows = dict(cursor.fetchall())
        client = seaweedfs_server.client()
        for name, sha256 in rows.items():
            body = client.get_object(Bucket=bucket, Key=name)["Body"].read()
            assert hashlib.sha256(body).hexdigest() == sha256
        assert seaweedfs_server.keys(bucket) == sorted(rows)

        used = portal(["-c", USE_RESTORED_PORTAL, alice.email, PASSWORD], env)
        assert used.returncode == 0, used.stderr
        shown = json.loads(used.stdout.strip().splitlines()[-1])
        assert shown["login"] == [302, "/"]
        assert shown["download"] == 302 and shown["sha256"] == shown["recorded"]

        again = portal(["manage.py", "restore", str(folder)], env)
        assert again.returncode != 0
        assert "the database is not empty" in again.stderr
        replaced = portal(["manage.py", "restore", "--replace", str(folder)], env)
        assert replaced.returncode == 0, replaced.stderr
        assert seaweedfs_server.keys(bucket) == sorted(rows)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


@pytest.fixture
def local_backup(transactional_db, alice, tmp_path):
    """pg_dump runs in its own session: the data must be committed (transaction=True)."""
    tender = make_tender(alice)
    documents.attach(tender, files.upload("spec.pdf", files.pdf_bytes()), doc_type="specification", language="nl",
                     by=alice)
    folder = tmp_path / "backup"
    call_command("backup", str(folder), stdout=io.StringIO())
    return folder


def test_backup_from_disk_has_every_file_with_its_checksum_and_wants_a_new_folder(local_backup):
    manifest = json.loads((local_backup / "manifest.json").read_text())
    document = Document.objects.get()
    assert manifest["documents"] == [{"name": document.file.name, "size": document.size, "sha256": document.sha256}]
    copied = (local_backup / "documents" / document.file.name).read_bytes()
    assert copied == (settings.MEDIA_ROOT / document.file.name).read_bytes()
    with pytest.raises(CommandError, match="is not empty: give a new folder"):
        call_command("backup", str(local_backup))
    with pytest.raises(CommandError, match="the database is not empty: restore into a new database, or pass --replace"):
        call_command("restore", str(local_backup))


def test_restore_refuses_a_backup_that_does_not_match_its_manifest_or_comes_from_a_newer_version(
    local_backup, tmp_path
):
    newer = shutil.copytree(local_backup, tmp_path / "newer")
    manifest = json.loads((newer / "manifest.json").read_text())
    manifest["schema"].append("tenders.9999_from_the_future")
    (newer / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match=r"newer version of the portal \(unknown migrations: tenders.9999"):
        call_command("restore", str(newer), "--replace")

    stored = next((local_backup / "documents").rglob("*.pdf"))
    stored.write_bytes(stored.read_bytes() + b"tampered")
    (local_backup / "documents" / "extra.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(local_backup), "--replace")
    message = str(refused.value)
    assert message.startswith("the backup does not match its manifest:")
    assert f"{stored.relative_to(local_backup)}: size or SHA-256 differs from the manifest" in message
    assert "documents/extra.pdf: not in the manifest" in message
    assert Document.objects.count() == 1  # --replace wiped nothing: the backup was refused first
