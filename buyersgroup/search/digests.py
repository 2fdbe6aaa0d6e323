"""E-mail digests of saved searches: newly published matching entries, each announced once.

``send_due()`` is run by ``manage.py send_digests`` from cron (hourly is fine) or as a task.
The unsubscribe link carries a signed token naming one saved search: it needs no login
and stops only that search's digest. A saved search whose filter no longer takes its value
(a category withdrawn) is paused, not run without it (``_pause``).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from buyersgroup.core.mail import queue_email
from buyersgroup.entries import registry
from buyersgroup.search.models import Announcement, Frequency, SavedSearch
from buyersgroup.search.service import Search

PER_DIGEST = 50
INTERVAL = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
SALT = "buyersgroup.search.unsubscribe"


def unsubscribe_token(saved: SavedSearch) -> str:
    return signing.dumps(saved.pk, salt=SALT)


def saved_search_of(token: str) -> SavedSearch | None:
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return SavedSearch.objects.filter(pk=pk).first()


def search_of(saved: SavedSearch) -> Search:
    """The saved search as the search page runs it, newest first."""
    params = QueryDict(saved.query, mutable=True)
    params["sort"] = "newest"
    return Search(params, saved.member)


def new_entries(saved: SavedSearch, search: Search) -> list[tuple[object, object]]:
    """(kind, entry) published since the search was saved, matching it (``search``, its ``search_of``),
    not yet announced."""
    found = []
    for name in search.filtersets:
        model = registry.get(name).model
        announced = Announcement.objects.filter(saved_search=saved, content_type=ContentType.objects.get_for_model(model))
        entries = (search.queryset(name).filter(published_at__gt=saved.created_at)
                   .exclude(pk__in=announced.values("object_id")).select_related("organisation")[:PER_DIGEST])
        found.extend((registry.get(name), entry) for entry in entries)
    return found[:PER_DIGEST]


def send(saved: SavedSearch, now=None) -> int:
    now = now or timezone.now()
    with transaction.atomic():
        # What the page would say of an ignored filter, in the language of the e-mail (queue_email's).
        with translation.override(saved.member.preferred_language or saved.language):
            search = search_of(saved)
        if search.ignored:
            return _pause(saved, search, now)
        entries = new_entries(saved, search)
        if entries:
            Announcement.objects.bulk_create(
                [Announcement(saved_search=saved, content_type=ContentType.objects.get_for_model(entry),
                              object_id=entry.pk) for _kind, entry in entries],
                ignore_conflicts=True,
            )
            _mail(saved, "search/email/digest.txt", {"entries": entries})
        SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=now, paused_filters=[])
    return len(entries)


def _pause(saved: SavedSearch, search: Search, now) -> int:
    """A filter of the saved search no longer takes its value (a category withdrawn, an organisation
    removed): run without it, the search would announce entries it was never meant to find. Nothing
    is announced; the member is told once (again only if other filters break), and the saved searches
    list says so, until the search is saved again (saved_views.save) or the value is valid again."""
    broken = sorted(search.ignored)
    if broken != saved.paused_filters:
        _mail(saved, "search/email/paused.txt", {"notes": [search.ignored[name] for name in broken],
                                                 "saved_path": reverse("search:saved")})
    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=now, paused_filters=broken)
    return 0


def _mail(saved: SavedSearch, template: str, context: dict) -> None:
    """An e-mail about ``saved`` to its member, in their language (their profile's), else the one they
    saved the search in, with a link to the search and one that stops its e-mails."""
    queue_email(template, {"saved": saved, "search_path": saved.get_absolute_url(), **context}, [saved.member],
                language=saved.language,
                unsubscribe_path=reverse("search:unsubscribe", args=[unsubscribe_token(saved)]))


def due(now=None):
    now = now or timezone.now()
    condition = Q()
    for frequency, interval in INTERVAL.items():
        condition |= Q(frequency=frequency) & (Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - interval))
    return SavedSearch.objects.filter(condition, member__is_active=True).select_related("member")


@task()
def send_digests() -> int:
    """Send every digest that is due; return how many entries were announced."""
    now = timezone.now()
    return sum(send(saved, now) for saved in due(now))
