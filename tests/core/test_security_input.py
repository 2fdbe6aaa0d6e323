"""Never a 500 on input: every URL × every parameter it reads × hostile values, as a member and a coordinator.

The parameters a page reads are found by watching it: the page is opened (GET)
and sent an empty form (POST) while every read of the query string or the form
data is recorded; then each of those parameters gets NUL bytes, overlong values,
malformed numbers, ids and dates. URL segments get the same treatment. The walk
covers every pattern of ``buyersgroup.urls`` (tests/core/test_security_urls.py).

NUL bytes are refused in one place, ``RefusedCharactersMiddleware``: a 400 that
says why. Everything else is for the views, forms and filters to handle, which
they must without a 500.
"""

from __future__ import annotations

import functools
import html

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.datastructures import MultiValueDict

from buyersgroup.documents import services as documents
from buyersgroup.members.models import AccessRequest
from buyersgroup.moderation.models import Status
from buyersgroup.taxonomy.models import Criterion, ProductCategory
from tests.core.test_security_urls import TOKEN_ONLY, URLS
from tests.documents import files
from tests.tenders.factories import TenderFactory, apply_criterion

NUL = "lap\x00top"
REFUSED_MESSAGE = "holds a character the portal does not accept"
MALFORMED = [
    "x" * 3000,  # overlong
    "9" * 40,  # a number beyond bigint
    "-1.5e309",  # beyond float
    "١٢",  # Arabic-Indic digits: str.isdigit() and int() accept them
    "2026-02-30",  # a date that does not exist
]
ACCEPTABLE = {200, 204, 302, 400, 403, 404, 405, 429}
# Tried with NUL on every page, whether it reads them or not, so the refusal is seen everywhere.
USUAL_SUSPECTS = {"q", "page"}
# These end the session or do nothing with parameters; posting to them would log the persona out.
NO_POST = {"account_logout", "usersessions_list"}


_pdf = functools.cache(files.pdf_bytes)


class Reads:
    """Record every key a view reads from request.GET / request.POST (both QueryDicts)."""

    def __init__(self, monkeypatch):
        self.keys: set[str] = set()
        for method in ("__getitem__", "get", "getlist", "__contains__"):
            original = getattr(MultiValueDict, method)
            monkeypatch.setattr(MultiValueDict, method, self._spy(original))

    def _spy(self, original):
        def spy(data, key, *args, **kwargs):
            if isinstance(key, str):
                self.keys.add(key)
            return original(data, key, *args, **kwargs)

        return spy


@pytest.fixture
def world(alice, cora, gent):
    """One of each object the URLs take an id for, so pages do their real work."""
    tender = TenderFactory(author=alice, status=Status.PUBLISHED)
    apply_criterion(tender)
    document = documents.attach(
        tender, files.upload("spec.pdf", _pdf()), doc_type="specification", language="en", by=alice
    )
    request = AccessRequest.objects.create(email="dora@stad.gent", first_name="Dora", last_name="D", organisation=gent)
    return {
        "tenders": tender.pk,
        "documents": document.pk,
        "members:decide_access_request": request.pk,
        "members:organisation_edit": gent.pk,
        "members": alice.pk,
        "taxonomy:criterion_edit": Criterion.objects.first().pk,
        "taxonomy:category_edit": ProductCategory.objects.first().pk,
        "api:tender": tender.pk,
        "api:criterion": Criterion.objects.first().pk,
        "api:category": ProductCategory.objects.first().pk,
        "api:organisation": gent.pk,
    }


def _kwargs_for(name: str, pattern, world) -> dict:
    kwargs = {}
    for key in pattern.pattern.converters:
        if key == "pk":
            kwargs[key] = next((pk for prefix, pk in world.items() if name.startswith(prefix)), 1)
        elif key == "action":
            kwargs[key] = "submit"
        else:
            kwargs[key] = "sample"
    return kwargs


def _real_path(path, name, pattern, world) -> str:
    if not name or not pattern.pattern.converters:
        return path
    try:
        return reverse(name, kwargs=_kwargs_for(name, pattern, world))
    except NoReverseMatch:
        return path


def _paths_with_bad_segments(name, pattern, world):
    """The same URL with each segment replaced by a hostile value its converter still accepts."""
    if not name:
        return
    for key in pattern.pattern.converters:
        for bad in ["9" * 40, NUL, "x" * 2000, ".."]:
            kwargs = {**_kwargs_for(name, pattern, world), key: bad}
            try:
                yield reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue


def _check(response, where):
    assert response.status_code in ACCEPTABLE, f"{where} answered {response.status_code}"


def _assert_refused(response, where):
    assert response.status_code == 400, f"{where} with NUL answered {response.status_code}"
    assert REFUSED_MESSAGE in response.content.decode()


def _walk_as(persona, path, name, pattern, world, reads):
    if name in TOKEN_ONLY:  # the API: the persona's own token, and no rate limit to hide a crash behind a 429
        from django.conf import settings
        from django.test import override_settings

        from buyersgroup.api.models import ApiToken

        client = Client(HTTP_AUTHORIZATION="Bearer " + ApiToken.issue(persona, "walk")[1])
        with override_settings(PORTAL_RATE_LIMITS={**settings.PORTAL_RATE_LIMITS, "api": "100000/m/key"}):
            return _walk_with(client, persona, path, name, pattern, world, reads)
    client = Client()
    client.force_login(persona)
    return _walk_with(client, persona, path, name, pattern, world, reads)


def _walk_with(client, persona, path, name, pattern, world, reads):
    path = _real_path(path, name, pattern, world)
    reads.keys.clear()

    # GET: what the page reads, then each of those with each hostile value.
    first = client.get(path)
    _check(first, f"GET {path}")
    get_keys = set(reads.keys)
    _assert_refused(client.get(path, {key: NUL for key in get_keys | USUAL_SUSPECTS}), f"GET {path}")
    # A page this persona cannot open (the admin for non-staff, a coordinator page for a member)
    # reads nothing: one hostile try is enough.
    reached = first.status_code == 200 or get_keys
    for bad in MALFORMED if reached else MALFORMED[:1]:  # every parameter at once...
        _check(client.get(path, {key: bad for key in get_keys | USUAL_SUSPECTS}), f"GET {path} ={bad[:20]}")
    for key in sorted(get_keys):  # ...and one at a time, so an invalid neighbour cannot hide a crash
        for bad in MALFORMED[:2]:
            _check(client.get(path, {key: bad}), f"GET {path}?{key}={bad[:20]}")

    for bad_path in _paths_with_bad_segments(name, pattern, world) if reached else ():
        _check(client.get(bad_path), f"GET {bad_path[:80]}")

    if name in NO_POST:
        return
    if not reached:  # the same access rule answers a POST: one refused NUL is enough
        _assert_refused(client.post(path, {"q": NUL}), f"POST {path}")
        return
    # POST: the fields an empty form reads, all hostile at once (a form cleans every field).
    reads.keys.clear()
    _check(client.post(path, {}), f"POST {path}")
    post_keys = set(reads.keys) | {"csrfmiddlewaretoken"}
    client.force_login(persona)  # in case the empty form ended something
    _assert_refused(client.post(path, {key: NUL for key in post_keys}), f"POST {path}")
    for bad in MALFORMED if len(post_keys) > 1 else MALFORMED[:1]:
        client.force_login(persona)
        _check(client.post(path, {key: bad for key in post_keys}), f"POST {path} every field={bad[:20]}")


def _is_admin(row) -> bool:
    path, name, _pattern = row.values
    return path.startswith("/admin/")


PORTAL_URLS = [row for row in URLS if not _is_admin(row)]
ADMIN_URLS = [row.values for row in URLS if _is_admin(row)]


@pytest.mark.parametrize(("path", "name", "pattern"), PORTAL_URLS)
def test_no_hostile_input_gets_a_500(path, name, pattern, alice, cora, world, monkeypatch):
    """As a member (author of the entry) and as a coordinator."""
    reads = Reads(monkeypatch)
    for persona in (alice, cora):
        _walk_as(persona, path, name, pattern, world, reads)


def test_no_hostile_input_gets_a_500_in_the_admin(alice, cora, world, monkeypatch):
    """The same walk over the admin's URLs, in one test: members and coordinators are not staff,
    so each sends them to log in and the walk stays short (one test each would mostly build fixtures)."""
    assert len(ADMIN_URLS) > 20
    reads = Reads(monkeypatch)
    for path, name, pattern in ADMIN_URLS:
        for persona in (alice, cora):
            _walk_as(persona, path, name, pattern, world, reads)


def test_the_walk_sees_what_a_list_page_reads(alice, world, monkeypatch, client):
    """Guards the walk itself: the member directory's filters are discovered, not guessed."""
    client.force_login(alice)
    reads = Reads(monkeypatch)
    client.get(reverse("members:directory"))
    assert {"page", "q"} <= reads.keys


# --- Values that come from the headers and cookies, and file names ------------------------------------


def test_nul_in_a_header_is_refused_before_it_reaches_the_security_log(client, alice):
    response = client.post(
        reverse("account_login"), {"login": alice.email, "password": "wrong"}, HTTP_USER_AGENT="Mozilla\x00/5.0"
    )
    assert response.status_code == 400
    assert REFUSED_MESSAGE in response.content.decode()


def test_nul_in_the_session_cookie_is_refused_before_the_session_is_looked_up(client, alice):
    client.cookies["sessionid"] = "abc\x00def"
    response = client.get(reverse("members:directory"))
    assert response.status_code == 400


def test_nul_in_an_uploaded_file_name_never_reaches_the_database(client, alice):
    """Django's multipart parser drops non-printable characters from file names: the upload goes through."""
    client.force_login(alice)
    draft = TenderFactory(author=alice, status=Status.DRAFT)
    upload = files.upload("spec\x00.pdf", files.pdf_bytes())
    response = client.post(
        reverse("tenders:upload_document", args=[draft.pk]),
        {"file": upload, "doc_type": "specification", "language": "en"},
    )
    assert response.status_code == 302
    assert list(draft.documents.values_list("original_name", flat=True)) == ["spec.pdf"]


def test_nul_in_a_url_segment_is_refused(client, alice):
    client.force_login(alice)
    response = client.get("/members/invitation/abc%00def/")
    assert response.status_code == 400
    assert REFUSED_MESSAGE in response.content.decode()


def test_the_cpv_lookup_of_the_issue_is_refused_with_a_clear_message(client, alice):
    """The probe that answered 500: a NUL byte in the CPV lookup, HTML and JSON."""
    client.force_login(alice)
    for url in ["/reference/cpv/lookup/?q=lap%00top", "/reference/cpv/?q=lap%00top", "/reference/cpv/?q=lap%00top&format=json"]:
        response = client.get(url)
        assert response.status_code == 400
        assert REFUSED_MESSAGE in response.content.decode()


def test_the_refusal_speaks_the_visitors_language(client, db):
    response = client.get("/reference/cpv/lookup/?q=lap%00top", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9")
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "L'adresse ou le formulaire contient un caractère que le portail n'accepte pas" in page
