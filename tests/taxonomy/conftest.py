"""Fixtures for the reference data tests: the real CPV files and an empty CPV table."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from buyersgroup.taxonomy.models import CpvCode, ProductCategory


@pytest.fixture
def shared_cpv():
    """shared/data/cpv beside the checkout. Missing: skipped on a laptop, a failure on CI."""
    folder = Path(settings.BASE_DIR).parent / "shared" / "data" / "cpv"
    if not folder.is_dir():
        reason = f"the shared CPV files are not at {folder}; these tests import the real lists"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return folder


@pytest.fixture
def empty_cpv_table(db):
    """The data migration filled the table; importer tests start from nothing (rolled back after).

    Plain SQL: the ORM's delete would fetch all 9,454 rows first. Foreign keys are
    checked at commit, which never comes: the test's transaction is rolled back.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {ProductCategory.cpv_codes.through._meta.db_table}")
        cursor.execute(f"DELETE FROM {CpvCode._meta.db_table}")
    assert not CpvCode.objects.exists()
