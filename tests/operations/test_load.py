"""Load: 20 simulated members against gunicorn with 3 workers (DEBUG off, S3, database queue).

`make loadtest` runs it for 60 s (LOAD_SECONDS=60) and prints the figures; the
test suite runs the same for 10 s. Zero errors, zero lost writes: every draft
that was answered "saved" is in the database afterwards.
"""

import os

from django.urls import reverse

from buyersgroup.documents import services
from buyersgroup.moderation.models import Status
from tenders.models import Tender
from tests.documents import files
from tests.documents.conftest import make_tender
from tests.factories import MemberFactory
from tests.load import run_load
from tests.processes import gunicorn, production_password_hash

MEMBERS = 20


def test_twenty_members_for_a_while_without_errors_or_lost_writes(portal_env, gent, fedorg, alice, tmp_path):
    seconds = int(os.environ.get("LOAD_SECONDS", "10"))
    password = production_password_hash()
    members = [
        MemberFactory(email=f"buyer{number}@example.be", organisation=gent if number % 2 else fedorg,
                      password=password)
        for number in range(MEMBERS)
    ]
    tenders, documents = [], []
    for number in range(6):
        tender = make_tender(alice, status=Status.PUBLISHED, title=f"Published tender {number}")
        document = services.attach(tender, files.upload(f"spec {number}.pdf", files.pdf_bytes()),
                                   doc_type="specification", language="nl", by=alice)
        tenders.append(tender.get_absolute_url())
        documents.append(reverse("documents:download", args=[document.pk]))

    behind_a_proxy = {**portal_env, "TRUSTED_PROXY_COUNT": "1"}  # reads each member's X-Forwarded-For
    with gunicorn(behind_a_proxy, tmp_path, workers=3) as server:
        results = run_load(server.base_url, [m.email for m in members], tenders, documents, seconds)
    print(f"\nload test: {MEMBERS} members, gunicorn 3 workers: {results.summary()}")

    assert results.errors == []
    assert results.counts["log_in"] >= MEMBERS and len(results.timings) > 2 * MEMBERS  # they all did something
    assert results.counts.get("save_draft", 0) > 0
    saved = set(Tender.objects.filter(title__in=results.saved_titles).values_list("title", flat=True))
    assert saved == set(results.saved_titles)  # no lost write
