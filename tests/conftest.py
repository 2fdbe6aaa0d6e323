"""Shared fixtures: the personas of STYLE.md and a private media folder per test.

alice   member, author of entries (Gemeente Gent)
bob     same organisation as alice
carol   another organisation (federal)
cora    coordinator, two-factor set up
"""

import logging
import os

import pytest

from tests.factories import MemberFactory, OrganisationFactory, add_totp

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright + live_server


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put back what the migrations load (CPV list, criteria, categories) after a test that
    flushed the database (transaction=True, live_server), so later tests find it again.

    A hook wrapper runs after every fixture's teardown, pytest-django's flush included.
    """
    yield
    marker = item.get_closest_marker("django_db")
    flushed = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )
    # After the last test the test database is already gone (session teardown): nothing to restore.
    if flushed and nextitem is not None:
        _load_reference_data(item.config)


def _load_reference_data(config):
    import importlib

    from django.apps import apps
    from pytest_django.plugin import blocking_manager_key

    from buyersgroup.taxonomy import reference_data
    from buyersgroup.taxonomy.models import CpvCode, Criterion, ProductCategory

    load_cpv = importlib.import_module("buyersgroup.taxonomy.migrations.0002_load_cpv").load_cpv
    with config.stash[blocking_manager_key].unblock():
        if not CpvCode.objects.exists():
            load_cpv(apps, None)
        reference_data.load(Criterion, ProductCategory, CpvCode)


@pytest.fixture(autouse=True)
def _a_request_commits():
    """The end of a test-client request stands for the commit it would have made.

    A test runs inside one transaction that never commits, so what the code defers with
    ``transaction.on_commit`` (e-mail, text extraction) would never happen. In production a
    request's transactions have all committed once it has answered: so here, when a request
    ends, the callbacks it registered run, as its commit would have run them. Callbacks of an
    atomic block that rolled back were already dropped by Django, so a rollback still sends
    nothing. Callbacks registered outside a request (test set-up, direct service calls) wait as
    before: use django_capture_on_commit_callbacks for them. Tests with real transactions
    (transaction=True, live server) are not concerned.
    """
    from django.core.signals import request_finished, request_started
    from django.db import connection

    started_at = []

    def note_start(**kwargs):
        started_at.append(len(connection.run_on_commit))

    def run_the_request_s_callbacks(**kwargs):
        start = started_at.pop() if started_at else len(connection.run_on_commit)
        while connection.in_atomic_block and len(connection.run_on_commit) > start:
            waiting = connection.run_on_commit[start:]
            del connection.run_on_commit[start:]
            for _savepoints, callback, robust in waiting:
                if not robust:
                    callback()
                    continue
                try:
                    callback()
                except Exception:  # as Django does for robust callbacks: logged, not raised
                    logging.getLogger("django.db.backends.base").exception("on_commit callback failed")

    request_started.connect(note_start, dispatch_uid="tests_request_started")
    request_finished.connect(run_the_request_s_callbacks, dispatch_uid="tests_a_request_commits")
    yield
    request_started.disconnect(dispatch_uid="tests_request_started")
    request_finished.disconnect(dispatch_uid="tests_a_request_commits")


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the portal's default language. A test-client request in French leaves
    French active in the thread (LocaleMiddleware activates it), which the next test in the same
    worker would otherwise inherit: a test of a plain function then read "Chrome sous Linux"."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _nothing_kept_from_another_test():
    """What an app server keeps in its memory (settings.CACHES) is keyed by the entries' changes
    so far (buyersgroup.entries.changes), which a test's rollback takes back: the next test could
    reach the same stamp with other rows. Every test starts with nothing kept, as a fresh server."""
    from django.core.cache import caches

    for name in ("template_fragments", "entry_content", "search_counts"):
        caches[name].clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def gent(db):
    return OrganisationFactory(name="Stad Gent", level="municipality", region="flanders", email_domains=["stad.gent"])


@pytest.fixture
def fedorg(db):
    return OrganisationFactory(name="FOD BOSA", level="federal", region="national", email_domains=["bosa.fgov.be"])


@pytest.fixture
def alice(gent):
    return MemberFactory(email="alice@stad.gent", first_name="Alice", last_name="Aerts", organisation=gent)


@pytest.fixture
def bob(gent):
    return MemberFactory(email="bob@stad.gent", first_name="Bob", last_name="Bosmans", organisation=gent)


@pytest.fixture
def carol(fedorg):
    return MemberFactory(email="carol@bosa.fgov.be", first_name="Carol", last_name="Claes", organisation=fedorg)


@pytest.fixture
def cora(fedorg):
    member = MemberFactory(
        email="cora@bosa.fgov.be", first_name="Cora", last_name="Coppens", organisation=fedorg, role="coordinator"
    )
    add_totp(member)
    return member


@pytest.fixture(scope="session")
def seaweedfs_server():
    """One real S3-compatible server (SeaweedFS) for the whole run, stopped at the end."""
    from tests.processes import seaweedfs

    with seaweedfs() as server:
        yield server


class S3Bucket:
    def __init__(self, server, name):
        self.server, self.name = server, name

    def keys(self) -> list[str]:
        return self.server.keys(self.name)


@pytest.fixture
def s3(settings, seaweedfs_server):
    """Documents go to a fresh private bucket of the real S3 server, as with DOCUMENT_STORAGE=s3."""
    bucket = S3Bucket(seaweedfs_server, seaweedfs_server.new_bucket())
    settings.STORAGES = {**settings.STORAGES, "default": seaweedfs_server.storage_setting(bucket.name)}
    settings.DOCUMENT_STORAGE = "s3"
    return bucket


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected as in production (manifest storage), for the portal processes tests start."""
    from tests.processes import collect_static

    return collect_static(tmp_path_factory.mktemp("static"))
