"""Saved searches: save, list on the home page, rename, delete; digests once, in the member's
language, with an unsubscribe link that works only for its saved search."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from buyersgroup.search import digests
from buyersgroup.search.models import SavedSearch
from tests.tenders.factories import TenderFactory

pytestmark = pytest.mark.django_db


def test_save_rename_and_delete_a_search(client, alice, bob):
    client.force_login(alice)
    response = client.post(reverse("search:save"), {
        "query": "q=laptops&kind=tenders&page=3", "name": "Laptops", "frequency": "weekly"}, follow=True)
    assert "Search “Laptops” saved." in response.content.decode()
    saved = SavedSearch.objects.get()
    assert (saved.member, saved.query, saved.frequency) == (alice, "q=laptops&kind=tenders", "weekly")
    home = client.get(reverse("home")).content.decode()
    assert f'<a href="/search/?q=laptops&amp;kind=tenders">Laptops</a>' in home

    client.post(reverse("search:saved_edit", args=[saved.pk]), {"name": "Refurbished laptops", "frequency": "daily"})
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("Refurbished laptops", "daily")

    client.force_login(bob)  # somebody else's saved search: not found
    assert client.get(reverse("search:saved_edit", args=[saved.pk])).status_code == 404
    assert client.post(reverse("search:saved_delete", args=[saved.pk])).status_code == 404

    client.force_login(alice)
    assert "Delete “Refurbished laptops”?" in client.get(reverse("search:saved_delete", args=[saved.pk])).content.decode()
    client.post(reverse("search:saved_delete", args=[saved.pk]))
    assert not SavedSearch.objects.exists()


def test_saving_without_a_name_says_so(client, alice):
    client.force_login(alice)
    response = client.post(reverse("search:save"), {"query": "q=laptops", "name": ""}, follow=True)
    assert "Give the search a name to save it." in response.content.decode()
    assert not SavedSearch.objects.exists()


def _saved(member, query="q=laptops", language="en", **fields):
    saved = SavedSearch.objects.create(member=member, name="Laptops", query=query, frequency="daily",
                                       language=language, **fields)
    SavedSearch.objects.filter(pk=saved.pk).update(created_at=timezone.now() - timedelta(days=2))
    return SavedSearch.objects.get(pk=saved.pk)


def test_without_a_preferred_language_the_digest_speaks_the_language_of_the_search(
        alice, carol, mailoutbox, django_capture_on_commit_callbacks):
    carol.preferred_language = ""
    carol.save(update_fields=["preferred_language"])
    _saved(carol, language="fr")
    TenderFactory(author=alice, status="published", title="Refurbished laptops Gent", published_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")
    assert [mail.to for mail in mailoutbox] == [["carol@bosa.fgov.be"]]
    assert "Nouveaux résultats" in mailoutbox[0].subject


def test_a_new_matching_entry_is_announced_once_in_the_members_language(alice, carol, mailoutbox,
                                                                      django_capture_on_commit_callbacks):
    carol.preferred_language = "nl"  # on her profile, since she saved the search in English
    carol.save(update_fields=["preferred_language"])
    saved = _saved(carol, language="en")
    TenderFactory(author=alice, status="published", title="Refurbished laptops Gent", published_at=timezone.now())
    TenderFactory(author=alice, status="published", title="Servers", summary="Racks.", published_at=timezone.now())
    TenderFactory(author=alice, status="submitted", title="Laptops not yet published")
    TenderFactory(author=alice, status="published", title="Old laptops",
                  published_at=timezone.now() - timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave after the commit
        call_command("send_digests")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["carol@bosa.fgov.be"]
    assert "Nieuwe resultaten voor “Laptops”" in mail.subject
    assert "Refurbished laptops Gent" in mail.body
    assert "Servers" not in mail.body and "not yet published" not in mail.body and "Old laptops" not in mail.body

    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=timezone.now() - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave after the commit
        call_command("send_digests")
    assert len(mailoutbox) == 1  # nothing new: no second e-mail

    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=timezone.now() - timedelta(days=2))
    TenderFactory(author=alice, status="published", title="More laptops", published_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave after the commit
        call_command("send_digests")
    assert len(mailoutbox) == 2
    assert "More laptops" in mailoutbox[1].body and "Refurbished laptops Gent" not in mailoutbox[1].body


def test_digest_not_sent_before_it_is_due(alice, carol, mailoutbox):
    _saved(carol, last_sent_at=timezone.now() - timedelta(hours=3))
    TenderFactory(author=alice, status="published", title="Laptops", published_at=timezone.now())
    call_command("send_digests")
    assert mailoutbox == []


def test_unsubscribe_link_works_without_login_only_for_its_saved_search(client, alice, carol, mailoutbox,
                                                                       django_capture_on_commit_callbacks):
    mine = _saved(carol)
    other = _saved(carol)
    TenderFactory(author=alice, status="published", title="Laptops", published_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):  # e-mails leave after the commit
        digests.send(mine)
    path = re.search(r"(/search/unsubscribe/[^/\s]+/)", mailoutbox[0].body).group(1)
    assert mailoutbox[0].extra_headers["List-Unsubscribe"] == f"<{settings.PORTAL_URL}{path}>"
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page = client.get(path)
    assert "Stop the e-mails for the saved search “Laptops”?" in page.content.decode()
    done = client.post(path)
    assert "You will no longer receive e-mails for the saved search “Laptops”." in done.content.decode()
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.frequency, other.frequency) == ("never", "daily")
    _saved_other_way = _saved(carol)  # the mail program's one-click POST: no cookie, no CSRF token
    with django_capture_on_commit_callbacks(execute=True):
        digests.send(_saved_other_way)
    one_click = re.search(r"(/search/unsubscribe/[^/\s]+/)", mailoutbox[-1].body).group(1)
    assert Client(enforce_csrf_checks=True).post(
        one_click, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded").status_code == 200
    _saved_other_way.refresh_from_db()
    assert _saved_other_way.frequency == "never"
    forged = client.post(path.replace(path.split("/")[-2], path.split("/")[-2][:-2] + "xx"))
    assert forged.status_code == 404
    assert "This link is not valid" in forged.content.decode()


def _withdrawn_category_search(member, **fields):
    """A saved search of a category, then the category withdrawn: the filter no longer takes its value."""
    from buyersgroup.taxonomy.models import ProductCategory

    category = ProductCategory.objects.filter(is_active=True).first()
    saved = _saved(member, query=f"q=laptops&category={category.pk}", **fields)
    ProductCategory.objects.filter(pk=category.pk).update(is_active=False)
    return saved, category


def test_a_saved_search_whose_filter_no_longer_applies_is_paused_and_its_member_told_once(
        client, alice, carol, mailoutbox, django_capture_on_commit_callbacks):
    from buyersgroup.search.models import Announcement
    from buyersgroup.taxonomy.models import ProductCategory

    carol.preferred_language = "fr"
    carol.save(update_fields=["preferred_language"])
    saved, category = _withdrawn_category_search(carol)
    # Without its category, the search would announce any laptops.
    TenderFactory(author=alice, status="published", title="Laptops of another category", published_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    nbsp = "\u00a0"  # French typography: a no-break space inside « » and before a colon
    assert mail.subject.endswith("Votre recherche enregistrée « Laptops » est en pause")  # spaces made plain
    assert (f"Le filtre «{nbsp}Catégorie de produits{nbsp}» a été ignoré{nbsp}: Sélectionnez un choix valide. "
            f"{category.pk} n’en fait pas partie.") in mail.body
    assert "Laptops of another category" not in mail.body
    assert f"/search/?q=laptops&category={category.pk}" in mail.body and "/search/unsubscribe/" in mail.body
    assert not Announcement.objects.exists()
    saved.refresh_from_db()
    assert saved.paused_filters == ["category"]

    # told once: the next digest due says nothing more
    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=timezone.now() - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")
    assert len(mailoutbox) == 1

    client.force_login(carol)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the page in English, her e-mails in French
    page = client.get(reverse("search:saved")).content.decode()
    assert ("E-mails paused: the filter “Product category” no longer takes the value saved. Open the search, "
            "choose again and save it under the same name.") in page

    # the category back, the digest runs again, and announces what matches it only
    ProductCategory.objects.filter(pk=category.pk).update(is_active=True)
    in_it = TenderFactory(author=alice, status="published", title="Laptops of the category", published_at=timezone.now())
    in_it.categories.add(category)
    SavedSearch.objects.filter(pk=saved.pk).update(last_sent_at=timezone.now() - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")
    assert len(mailoutbox) == 2
    assert "Laptops of the category" in mailoutbox[1].body and "another category" not in mailoutbox[1].body
    saved.refresh_from_db()
    assert saved.paused_filters == []
    assert "E-mails paused" not in client.get(reverse("search:saved")).content.decode()


def test_saving_a_search_that_ignores_a_filter_says_which_and_keeps_the_search(client, alice):
    client.force_login(alice)
    response = client.post(reverse("search:save"), {
        "query": "q=laptops&year_min=abc&kind=tenders", "name": "Laptops", "frequency": "daily"}, follow=True)
    assert not SavedSearch.objects.exists()
    assert response.redirect_chain[-1][0] == "/search/?q=laptops&year_min=abc&kind=tenders"
    assert ("Change or clear the filters the search ignores, then save it: "
            "The filter “From year” was ignored: Enter a number.") in response.content.decode()


def test_saving_under_the_name_of_a_saved_search_replaces_its_search_and_resumes_it(client, carol):
    saved, category = _withdrawn_category_search(carol, last_sent_at=timezone.now() - timedelta(days=1))
    SavedSearch.objects.filter(pk=saved.pk).update(paused_filters=["category"])
    client.force_login(carol)
    page = client.get(reverse("search:search"), {"q": "refurbished laptops"}).content.decode()
    assert ('aria-describedby="save-search-name-help">\n  <p class="help" id="save-search-name-help">Saved under the '
            'name of one of your saved searches, it replaces that one.</p>') in page
    response = client.post(reverse("search:save"), {
        "query": "q=refurbished+laptops", "name": "laptops", "frequency": "weekly"}, follow=True)
    assert "Search “Laptops” replaced by this one." in response.content.decode()
    replaced = SavedSearch.objects.get()
    assert (replaced.pk, replaced.name, replaced.query, replaced.frequency, replaced.paused_filters) == (
        saved.pk, "Laptops", "q=refurbished+laptops", "weekly", [])
    assert replaced.created_at > saved.created_at  # new results are those published from now on


def test_the_home_page_lists_twenty_saved_searches_and_their_page_all(client, carol):
    for number in range(23):
        SavedSearch.objects.create(member=carol, name=f"Search {number:02d}", query=f"q=word{number}")
    client.force_login(carol)
    home = client.get(reverse("home")).content.decode()
    assert home.count('<a href="/search/?q=word') == 20 and "Search 19" in home and "Search 20" not in home
    assert '<a href="/search/saved/">All your saved searches</a>' in home
    listed = client.get(reverse("search:saved")).content.decode()
    assert listed.count('<a href="/search/?q=word') == 23 and "All your saved searches" not in listed
