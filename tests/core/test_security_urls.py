"""Deny by default: every URL needs a login unless it is deliberately public.

The walk covers every pattern of ``buyersgroup.urls`` (allauth and admin
included), whatever apps exist when it runs. A new pattern that is neither in
PUBLIC below nor left to LoginRequiredMiddleware makes these tests fail.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django import urls
from django.urls import URLResolver, get_resolver, resolve

# URL names an anonymous visitor may open, and why. Keep it short and explained.
PUBLIC = {
    "home": "landing page",
    "accessibility": "accessibility statement (legal obligation)",
    "privacy": "privacy notice (legal obligation)",
    "healthz": "health check for the load balancer",
    "set_language": "language switcher",
    "account_login": "log in",
    "account_logout": "log out (POST)",
    "account_inactive": "explains an inactive account",
    "account_signup": "answers 404: there is no public sign-up",
    "account_email_verification_sent": "after an e-mail verification was sent",
    "account_confirm_email": "link in the verification e-mail",
    "account_confirm_login_code": "allauth login-code step",
    "account_reset_password": "forgotten password",
    "account_reset_password_done": "forgotten password: mail sent",
    "account_reset_password_from_key": "link in the password-reset e-mail",
    "account_reset_password_from_key_done": "password reset done",
    "mfa_authenticate": "second login step (two-factor code)",
    "members:request_access": "request access (SPEC §7)",
    "members:accept_invitation": "link in an invitation e-mail",
    "entries:unfollow_link": "stop e-mails about a thread: link in the e-mail, signed for that member and thread",
    "search:unsubscribe": "link in a saved search's digest e-mail (signed for that saved search)",
    "admin:login": "admin login form (redirects to the portal login when used)",
    "ocds:extension": "the schema of the OCDS export's extension: validators fetch it (no data)",
}

# The members' API (buyersgroup.api): no login page for a script, but a token on every call.
# A visitor without one gets 401 and a JSON error, never data (tests/api has the details).
TOKEN_ONLY = {
    "api:tender-list", "api:tender-detail", "api:practice-list", "api:practice-detail",
    "api:criterion-list", "api:criterion-detail", "api:category-list", "api:category-detail",
    "api:organisation-list", "api:organisation-detail", "api:schema",
}

# Sample values for path converters and regex groups: the first one the pattern accepts is used.
SAMPLES = ["1", "sample", "sample-1", "abc-def", "00000000-0000-0000-0000-000000000001"]


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, entry


def _sample_for(group_regex: str) -> str:
    candidates = SAMPLES + group_regex.split("|")  # "(?P<app_label>core|auth|…)": take an alternative
    return next(value for value in candidates if re.fullmatch(group_regex, value))


def _regex_sample(regex: str) -> str:
    """Replace each ``(?P<name>…)`` group by a sample value it accepts; drop anchors."""
    out, i = [], 0
    while i < len(regex):
        if regex.startswith("(?P<", i):
            start = regex.index(">", i) + 1
            depth, j = 1, start
            while depth:
                depth += {"(": 1, ")": -1}.get(regex[j], 0) if regex[j - 1] != "\\" else 0
                j += 1
            out.append(_sample_for(regex[start : j - 1]))
            i = j
        elif regex[i] in "^$":
            i += 1
        else:
            out.append(regex[i])
            i += 1
    return "".join(out)


def _sample_path(route: str) -> str:
    """A concrete path for a route mixing Django converters and regex groups."""
    converter_samples = {"int": "1", "slug": "sample-1", "uuid": SAMPLES[-1]}
    route = re.sub(
        r"(?<!\?P)<(?:(\w+):)?\w+>", lambda m: converter_samples.get(m.group(1) or "str", "sample"), route
    )
    return "/" + _regex_sample(route)


def _every_url():
    rows, seen = [], set()
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if route in seen:  # shadowed by an earlier pattern (allauth's sign-up by ours): never reached
            continue
        seen.add(route)
        path = _sample_path(route)
        rows.append(pytest.param(path, name, pattern, id=name or path))
    return rows


URLS = _every_url()


def test_the_walk_finds_the_portal_urls():
    names = {name for _, name, _ in (row.values for row in URLS)}
    assert {"home", "account_login", "members:directory", "admin:index"} <= names
    assert len(URLS) > 50


@pytest.mark.parametrize(("path", "name", "pattern"), URLS)
def test_sample_path_resolves_to_its_own_pattern(path, name, pattern):
    """Guards the walk itself: each sample URL really reaches the pattern it was made for."""
    assert resolve(path).func is pattern.callback


def _skips_login(pattern) -> bool:
    return getattr(pattern.callback, "login_required", True) is False


@pytest.mark.parametrize(("path", "name", "pattern"), URLS)
def test_only_public_listed_views_skip_the_login(path, name, pattern):
    assert _skips_login(pattern) == (name in PUBLIC or name in TOKEN_ONLY), (
        f"{path} ({name}): a view marked login_not_required must be listed in PUBLIC with a reason, "
        "and a PUBLIC name must be marked login_not_required"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name", "pattern"), URLS)
def test_anonymous_visitor_is_sent_to_login(client, path, name, pattern):
    if name in PUBLIC:
        response = client.get(path)
        assert response.status_code in {200, 302, 404, 405}, f"{path} answered {response.status_code}"
        return
    if name in TOKEN_ONLY:
        for response in (client.get(path), client.post(path)):
            assert response.status_code in {401, 405}, f"{path} answered {response.status_code}"
            assert set(response.json()) == {"detail"}
        assert client.get(path).status_code == 401
        return
    response = client.get(path)
    assert response.status_code == 302, f"{path} ({name}) answered {response.status_code} to a visitor"
    final = client.get(path, follow=True)  # the admin's own login page hands over to the portal's
    login = urlsplit(final.redirect_chain[-1][0])
    assert (login.path, parse_qs(login.query)) == ("/accounts/login/", {"next": [path]})
    assert final.status_code == 200
    post = client.post(path)
    assert post.status_code == 302 and "login/?next=" in post["Location"]


@pytest.mark.django_db
def test_admin_login_goes_through_the_portal_login(client):
    """Otherwise the admin form would bypass allauth's rate limits and two-factor step."""
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_the_walk_catches_a_new_public_page_that_is_not_listed():
    """What happens when someone adds ``login_not_required`` to a new view and forgets PUBLIC."""

    @login_not_required
    def leaky(request, token):
        return HttpResponse("members only")

    patterns = [urls.path("leaky/<str:token>/", leaky, name="leaky"), urls.path("", urls.include("buyersgroup.urls"))]
    offenders = [name for _, name, pattern in _walk(patterns)
                 if _skips_login(pattern) != (name in PUBLIC or name in TOKEN_ONLY)]
    assert offenders == ["leaky"]


def test_login_required_middleware_is_on(settings):
    assert "django.contrib.auth.middleware.LoginRequiredMiddleware" in settings.MIDDLEWARE


def test_public_list_has_no_stale_names():
    names = {name for _, name, _ in (row.values for row in URLS)}
    assert set(PUBLIC) - names == set()
    assert TOKEN_ONLY - names == set()


def test_sample_path_helpers():
    assert _sample_path("members/<int:pk>/") == "/members/1/"
    assert _sample_path("t/<slug:s>/<str:token>/") == "/t/sample-1/sample/"
    assert _sample_path(r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$") == (
        "/password/reset/key/1-1/"
    )
    assert _sample_path(r"admin/^(?P<app_label>core|auth)/$") == "/admin/core/"
