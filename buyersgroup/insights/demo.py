"""Demo activity for Insights (`manage.py seed_demo`): downloads of the demo documents over the past
two years and the demo members' last logins, so that the group's activity figures have something
to show. Idempotent: the same counts every run, a login already recorded is kept."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

DEMO_DAYS = 700


def seed_activity(stdout) -> None:
    from buyersgroup.documents.models import Document
    from buyersgroup.insights.models import DocumentDownloads
    from buyersgroup.members.models import Member

    rng = random.Random(10)
    today = timezone.localdate()
    rows = 0
    for document in Document.objects.order_by("pk").only("pk"):
        for _ in range(rng.randint(0, 4)):
            day = today - timedelta(days=rng.randint(0, DEMO_DAYS))
            DocumentDownloads.objects.update_or_create(document=document, day=day,
                                                       defaults={"count": rng.randint(1, 6)})
            rows += 1
    now = timezone.now()
    for member in Member.objects.filter(last_login__isnull=True).order_by("pk"):
        draw = random.Random(member.email)  # the same for a member every run: one in four never logged in
        if draw.random() < 0.75:
            member.last_login = now - timedelta(days=draw.randint(1, 540), minutes=draw.randint(0, 1440))
            member.save(update_fields=["last_login"])
    stdout.write(f"Insights: {rows} days of document downloads.\n")
