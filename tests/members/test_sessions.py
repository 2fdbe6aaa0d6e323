"""The sessions page reads "Chrome on Linux · 192.0.2.4 · last active 2 hours ago"."""

import datetime

import lxml.html
import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.test import Client
from django.urls import reverse

from buyersgroup.members.sessions import describe_user_agent
from tests.factories import PASSWORD

CHROME_LINUX = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/141.0.0.0 Safari/537.36")
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:144.0) Gecko/20100101 Firefox/144.0"


@pytest.mark.parametrize(("user_agent", "expected"), [
    (CHROME_LINUX, "Chrome on Linux"),
    (FIREFOX_WINDOWS, "Firefox on Windows"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 "
     "Safari/537.36 Edg/141.0.0.0", "Edge on Windows"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.6 Mobile/15E148 Safari/604.1", "Safari on iPhone"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 "
     "Safari/605.1.15", "Safari on macOS"),
    ("Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile "
     "Safari/537.36", "Chrome on Android"),
    ("curl/8.5.0", "Unknown browser"),
    ("", "Unknown browser"),
])
def test_user_agents_are_described(user_agent, expected):
    assert describe_user_agent(user_agent) == expected


def log_in(client, email, user_agent, ip):
    client.post(reverse("account_login"), {"login": email, "password": PASSWORD},
                HTTP_USER_AGENT=user_agent, REMOTE_ADDR=ip)


def queries_of_the_page(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("usersessions_list"), HTTP_USER_AGENT=CHROME_LINUX).status_code == 200
    return len(captured)


def test_sessions_page_query_count(alice):
    client = Client()
    log_in(client, alice.email, CHROME_LINUX, "192.0.2.4")
    log_in(Client(), alice.email, FIREFOX_WINDOWS, "198.51.100.7")
    two_sessions = queries_of_the_page(client)
    log_in(Client(), alice.email, FIREFOX_WINDOWS, "198.51.100.8")
    # allauth checks that each listed session still exists and belongs to the member (three queries
    # each, allauth's own); the descriptions and last activity add none per session.
    assert queries_of_the_page(client) == two_sessions + 3
    assert two_sessions <= 13


def test_sessions_page_reads_naturally(alice):
    laptop, phone = Client(), Client()
    log_in(phone, alice.email, FIREFOX_WINDOWS, "198.51.100.7")
    log_in(laptop, alice.email, CHROME_LINUX, "192.0.2.4")
    phone_session = Session.objects.get(session_key=phone.session.session_key)
    Session.objects.filter(pk=phone_session.pk).update(expire_date=phone_session.expire_date - datetime.timedelta(hours=1))

    response = laptop.get(reverse("usersessions_list"), HTTP_USER_AGENT=CHROME_LINUX, REMOTE_ADDR="192.0.2.4")
    doc = lxml.html.fromstring(response.content)
    rows = [" ".join(li.text_content().split()) for li in doc.xpath("//main//ul[@class='session-list']/li")]

    assert len(rows) == 2
    assert any(row.startswith("Chrome on Linux · 192.0.2.4 · last active now This session") for row in rows), rows
    assert any(row.startswith("Firefox on Windows · 198.51.100.7 · last active an hour ago") for row in rows), rows
    assert "Mozilla/5.0" not in response.content.decode()


def test_sessions_page_in_french(alice):
    client = Client()
    log_in(client, alice.email, CHROME_LINUX, "192.0.2.4")
    client.cookies["django_language"] = "fr"
    doc = lxml.html.fromstring(client.get(reverse("usersessions_list"), HTTP_USER_AGENT=CHROME_LINUX).content)
    row = " ".join(doc.xpath("//main//ul[@class='session-list']/li")[0].text_content().split())
    assert row.startswith("Chrome sous Linux · 192.0.2.4 · dernière activité maintenant"), row
